from typing import Annotated

from fastapi import Depends, Request

from media_manager.config import SettingsDep
from media_manager.core.dependencies import HttpClientDep
from media_manager.indexer.service import IndexerService


async def get_indexer_service(
    request: Request, http_client: HttpClientDep, settings: SettingsDep
) -> IndexerService:
    return IndexerService(http_client, settings.indexer, request.app.state.indexer_state)


IndexerServiceDep = Annotated[IndexerService, Depends(get_indexer_service)]
