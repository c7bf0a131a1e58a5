from typing import Annotated

from fastapi import Depends

from media_manager.config import SettingsDep
from media_manager.core.dependencies import SessionDep
from media_manager.importer.service import ImportService


async def get_import_service(session: SessionDep, settings: SettingsDep) -> ImportService:
    return ImportService(session, settings)


ImportServiceDep = Annotated[ImportService, Depends(get_import_service)]
