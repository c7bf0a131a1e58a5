from typing import Annotated

from fastapi import Depends

from media_manager.core.dependencies import SessionDep
from media_manager.notifications.service import NotificationService


async def get_notification_service(session: SessionDep) -> NotificationService:
    return NotificationService(session)


NotificationServiceDep = Annotated[NotificationService, Depends(get_notification_service)]
