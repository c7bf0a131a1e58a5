from typing import Annotated

from fastapi import APIRouter, Path, Query

from media_manager.auth.dependencies import AdminUser, CurrentUser
from media_manager.core.schemas import SIGNED_IN_ERRORS, Storable, error_responses
from media_manager.indexer.dependencies import IndexerServiceDep
from media_manager.indexer.schemas import (
    IndexerList,
    IndexerTestResult,
    SearchQuery,
    SearchResponse,
)

router = APIRouter(prefix="/indexers", tags=["indexers"], responses=SIGNED_IN_ERRORS)


@router.get("")
async def list_indexers(_user: CurrentUser, service: IndexerServiceDep) -> IndexerList:
    """The configured and Prowlarr-provided indexers, without API keys."""
    return await service.list_indexers()


@router.get("/search", responses=error_responses(503))
async def search(
    user: CurrentUser, service: IndexerServiceDep, query: Annotated[SearchQuery, Query()]
) -> SearchResponse:
    """Search every enabled indexer at once, each outcome listed by name; 503 without indexers."""
    return await service.search(query, include_download_links=user.is_superuser)


@router.post("/{indexer_name}/test", responses=error_responses(404))
async def test_indexer(
    _admin: AdminUser,
    service: IndexerServiceDep,
    indexer_name: Annotated[str, Path(max_length=200), Storable],
) -> IndexerTestResult:
    """Check that an indexer answers and accepts its API key."""
    return await service.test_indexer(indexer_name)
