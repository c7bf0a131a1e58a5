from typing import Annotated

from fastapi import Depends, Request

from media_manager.core.dependencies import SessionDep
from media_manager.health.service import HealthService


async def get_health_service(request: Request, session: SessionDep) -> HealthService:
    return HealthService(session, getattr(request.app.state, "health_checked_at", None))


HealthServiceDep = Annotated[HealthService, Depends(get_health_service)]
