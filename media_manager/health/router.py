from fastapi import APIRouter, Request, Response, status

from media_manager import __version__
from media_manager.core.database import database_is_reachable
from media_manager.core.schemas import COMMON_ERRORS
from media_manager.health.schemas import Health

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
