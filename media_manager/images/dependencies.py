from typing import Annotated

from fastapi import Depends

from media_manager.core.dependencies import HttpClientDep, SettingsDep
from media_manager.images.service import PosterService


def get_poster_service(settings: SettingsDep, http_client: HttpClientDep) -> PosterService:
    assert settings.paths.images is not None  # filled in by Settings
    return PosterService(settings.paths.images, http_client, settings.metadata.image_hosts)


PosterServiceDep = Annotated[PosterService, Depends(get_poster_service)]
