import uuid
from typing import Annotated

from fastapi import Depends

from media_manager.auth.dependencies import CurrentUser
from media_manager.config import SettingsDep
from media_manager.core.dependencies import SessionDep
from media_manager.metadata.dependencies import MetadataServiceDep
from media_manager.tv.models import Show
from media_manager.tv.service import ShowService


async def get_show_service(
    session: SessionDep, settings: SettingsDep, metadata: MetadataServiceDep
) -> ShowService:
    return ShowService(session, settings, metadata)


ShowServiceDep = Annotated[ShowService, Depends(get_show_service)]


async def get_show(show_id: uuid.UUID, _user: CurrentUser, service: ShowServiceDep) -> Show:
    # Depends on the user so that an anonymous caller learns nothing about which ids exist.
    return await service.get(show_id)


ShowDep = Annotated[Show, Depends(get_show)]
