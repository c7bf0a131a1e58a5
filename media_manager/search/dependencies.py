from typing import Annotated

from fastapi import Depends

from media_manager.config import SettingsDep
from media_manager.core.dependencies import SessionDep
from media_manager.indexer.dependencies import IndexerServiceDep
from media_manager.search.service import SearchService


async def get_search_service(
    session: SessionDep, settings: SettingsDep, indexers: IndexerServiceDep
) -> SearchService:
    return SearchService(session, settings, indexers)


SearchServiceDep = Annotated[SearchService, Depends(get_search_service)]
