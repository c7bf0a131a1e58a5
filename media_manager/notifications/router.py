import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from media_manager.auth.dependencies import CurrentUser
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, error_responses
from media_manager.notifications.dependencies import NotificationServiceDep
from media_manager.notifications.schemas import MarkedRead, NotificationRead, UnreadCount

router = APIRouter(prefix="/notifications", tags=["notifications"], responses=SIGNED_IN_ERRORS)


@router.get("")
async def list_notifications(
    user: CurrentUser,
    service: NotificationServiceDep,
    page: PageParamsDep,
    unread_only: Annotated[bool, Query()] = False,
) -> Page[NotificationRead]:
    """Your notifications, newest first: your items, and system events for admins."""
    return await service.page(user, page, unread_only=unread_only)


@router.get("/unread-count")
async def count_unread_notifications(
    user: CurrentUser, service: NotificationServiceDep
) -> UnreadCount:
    """How many of your notifications are unread."""
    return await service.unread(user)


@router.post("/read-all")
async def mark_all_notifications_read(
    user: CurrentUser, service: NotificationServiceDep
) -> MarkedRead:
    """Mark all your notifications read."""
    return await service.mark_all_read(user)


@router.post("/{notification_id}/read", responses=error_responses(404))
async def mark_notification_read(
    user: CurrentUser, service: NotificationServiceDep, notification_id: uuid.UUID
) -> NotificationRead:
    """Mark one of your notifications read."""
    return await service.mark_read(user, notification_id)


@router.delete(
    "/{notification_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(404),
)
async def delete_notification(
    user: CurrentUser, service: NotificationServiceDep, notification_id: uuid.UUID
) -> Response:
    """Delete one of your notifications."""
    await service.delete(user, notification_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
