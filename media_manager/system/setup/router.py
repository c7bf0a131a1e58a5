from fastapi import APIRouter

from media_manager.auth.dependencies import CurrentUser
from media_manager.config import SettingsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS
from media_manager.system.setup.schemas import SetupStatus
from media_manager.system.setup.service import setup_status

router = APIRouter(prefix="/system/setup", tags=["system"], responses=SIGNED_IN_ERRORS)


@router.get("")
async def get_setup(_user: CurrentUser, settings: SettingsDep) -> SetupStatus:
    """What this install still lacks before a first show can be added and downloaded."""
    return await setup_status(settings)
