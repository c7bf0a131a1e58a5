from typing import Annotated

from fastapi import Depends

from media_manager.calendar.service import CalendarService
from media_manager.core.dependencies import SessionDep


async def get_calendar_service(session: SessionDep) -> CalendarService:
    return CalendarService(session)


CalendarServiceDep = Annotated[CalendarService, Depends(get_calendar_service)]
