from typing import Annotated

from fastapi import Depends, Request

from media_manager.config import SettingsDep
from media_manager.core.dependencies import SessionDep
from media_manager.core.jobs import JobContext
from media_manager.importer.service import ImportService


async def get_import_service(
    request: Request, session: SessionDep, settings: SettingsDep
) -> ImportService:
    return ImportService(session, settings, JobContext(request.app.state))


ImportServiceDep = Annotated[ImportService, Depends(get_import_service)]
