from typing import Annotated

from fastapi import Depends

from media_manager.core.dependencies import HttpClientDep, SettingsDep
from media_manager.metadata.service import MetadataService


def get_metadata_service(http_client: HttpClientDep, settings: SettingsDep) -> MetadataService:
    return MetadataService(http_client, settings.metadata)


MetadataServiceDep = Annotated[MetadataService, Depends(get_metadata_service)]
