from typing import Annotated

from fastapi import Depends, Request

from media_manager.core.dependencies import SessionDep
from media_manager.settings.service import SettingsService


async def get_settings_service(request: Request, session: SessionDep) -> SettingsService:
    # Imported here: main wires every router, this one included, into the app.
    from media_manager.main import apply_settings

    return SettingsService(session, request.app.state, apply_settings)


SettingsServiceDep = Annotated[SettingsService, Depends(get_settings_service)]
