"""The public liveness check, and the admins' list of problems."""

from fastapi import APIRouter, Request, Response, status

from media_manager import __version__
from media_manager.auth.dependencies import AdminUser
from media_manager.core.database import database_is_reachable
from media_manager.core.schemas import COMMON_ERRORS, SIGNED_IN_ERRORS
from media_manager.health.dependencies import HealthServiceDep
from media_manager.health.schemas import Health, HealthReport

router = APIRouter(tags=["health"], responses=COMMON_ERRORS)


@router.get("/health", responses={503: {"model": Health}})
async def health(request: Request, response: Response) -> Health:
    """Liveness for monitors and load balancers (public): 503 while the database is down."""
    reachable = await database_is_reachable(request.app.state.engine)
    if not reachable:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Health(
        status="ok" if reachable else "degraded",
        version=__version__,
        database="ok" if reachable else "unreachable",
    )


@router.get("/system/health", tags=["system"], responses=SIGNED_IN_ERRORS)
async def list_health_problems(_admin: AdminUser, service: HealthServiceDep) -> HealthReport:
    """What the background checks found wrong, each with what to do (the job health.check)."""
    return await service.report()
