from fastapi import APIRouter

from media_manager.auth.dependencies import CurrentUser
from media_manager.config import SettingsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS
from media_manager.library import service
from media_manager.library.schemas import Libraries

router = APIRouter(prefix="/libraries", tags=["libraries"], responses=SIGNED_IN_ERRORS)


@router.get("")
async def list_libraries(_user: CurrentUser, settings: SettingsDep) -> Libraries:
    """The TV and movie libraries shows and movies can be filed into."""
    return service.all_libraries(settings)
