from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from media_manager.auth.dependencies import CurrentUser, FeedUser
from media_manager.calendar.dependencies import CalendarServiceDep
from media_manager.calendar.schemas import CalendarRead
from media_manager.core.schemas import SIGNED_IN_ERRORS

router = APIRouter(tags=["calendar"], responses=SIGNED_IN_ERRORS)

ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"


@router.get("/calendar")
async def get_calendar(
    _user: CurrentUser,
    service: CalendarServiceDep,
    start: Annotated[date | None, Query(description="First day; default today")] = None,
    end: Annotated[date | None, Query(description="Last day; default 30 days after start")] = None,
) -> CalendarRead:
    """Monitored episodes airing and monitored movies releasing between two days (inclusive)."""
    return await service.calendar(start, end)


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def get_calendar_feed(_user: FeedUser, service: CalendarServiceDep) -> Response:
    """The calendar of the last 30 days and the next year as an iCal feed to subscribe to.

    Calendar apps cannot log in: subscribe to the address made by
    POST /api/v1/users/me/feed-token, which carries a feed token as `?token=`.
    """
    return Response(await service.feed(), media_type=ICS_MEDIA_TYPE)
