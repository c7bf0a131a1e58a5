from typing import Annotated

from fastapi import Depends, Request

from media_manager.config import Settings, SettingsDep
from media_manager.core.dependencies import HttpClientDep
from media_manager.core.jobs import JobContext
from media_manager.metadata.service import MetadataService


async def get_metadata_service(
    request: Request, http_client: HttpClientDep, settings: SettingsDep
) -> MetadataService:
    return MetadataService(http_client, settings.metadata, request.app.state.metadata_source)


MetadataServiceDep = Annotated[MetadataService, Depends(get_metadata_service)]


def job_metadata_service(context: JobContext[Settings]) -> MetadataService:
    """The metadata service for a job, which runs outside any request."""
    return MetadataService(
        context.http_client, context.settings.metadata, context.state.metadata_source
    )
