from typing import Annotated

from fastapi import Depends

from media_manager.config import Settings, SettingsDep
from media_manager.core.dependencies import HttpClientDep
from media_manager.core.jobs import JobContext
from media_manager.images.service import PosterService


async def get_poster_service(settings: SettingsDep, http_client: HttpClientDep) -> PosterService:
    assert settings.paths.images is not None  # filled in by Settings
    return PosterService(settings.paths.images, http_client, settings.metadata.image_hosts)


PosterServiceDep = Annotated[PosterService, Depends(get_poster_service)]


def job_poster_service(context: JobContext[Settings]) -> PosterService:
    """The poster service for a job, which runs outside any request."""
    assert context.settings.paths.images is not None  # filled in by Settings
    return PosterService(
        context.settings.paths.images, context.http_client, context.settings.metadata.image_hosts
    )
