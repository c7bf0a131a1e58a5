from typing import Annotated

from fastapi import Depends, Request

from media_manager.config import SettingsDep
from media_manager.core.dependencies import SessionDep
from media_manager.core.jobs import JobContext
from media_manager.importer.existing import ExistingLibraryService
from media_manager.importer.service import ImportService
from media_manager.metadata.dependencies import MetadataServiceDep


async def get_import_service(
    request: Request, session: SessionDep, settings: SettingsDep
) -> ImportService:
    return ImportService(session, settings, JobContext(request.app.state))


ImportServiceDep = Annotated[ImportService, Depends(get_import_service)]


async def get_existing_library_service(
    session: SessionDep, settings: SettingsDep, metadata: MetadataServiceDep
) -> ExistingLibraryService:
    return ExistingLibraryService(session, settings, metadata)


ExistingLibraryServiceDep = Annotated[ExistingLibraryService, Depends(get_existing_library_service)]
