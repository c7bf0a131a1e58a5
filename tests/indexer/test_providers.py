"""The search fan-out sees indexers only through IndexerProvider; the factory picks the class."""

import httpx
import pytest

from media_manager.indexer.config import IndexerSettings
from media_manager.indexer.providers.base import Capabilities, IndexerDefinition, IndexerProvider
from media_manager.indexer.providers.factory import provider_factory
from media_manager.indexer.providers.torznab import TorznabProvider
from media_manager.indexer.schemas import IndexerResult, SearchKind, SearchQuery
from media_manager.indexer.service import IndexerService, IndexerState


class InMemoryProvider(IndexerProvider):
    """Another integration: answers from a list, serves TV only."""

    async def caps(self) -> Capabilities:
        return Capabilities()

    def serves(self, kind: SearchKind) -> bool:
        return kind == "tv"

    async def search(
        self, query: SearchQuery, caps: Capabilities, max_results: int
    ) -> list[IndexerResult]:
        return [
            IndexerResult(
                title="Show.Name.S01.1080p.WEB-DL-GRP", indexer=self.name, protocol="torrent"
            )
        ]

    async def test(self) -> Capabilities:
        return Capabilities()


def definition(source: str = "torznab") -> IndexerDefinition:
    return IndexerDefinition(
        name="memory",
        source=source,  # type: ignore[arg-type]
        endpoint="http://127.0.0.1:9/api",
        api_key=None,
        categories=(5000,),
        priority=25,
        enabled=True,
        timeout_seconds=5,
    )


async def test_the_service_searches_any_provider_the_factory_returns(
    http_client: httpx.AsyncClient,
):
    settings = IndexerSettings(torznab=[{"name": "memory", "url": "http://127.0.0.1:9"}])
    service = IndexerService(
        http_client, settings, IndexerState(), providers=lambda d: InMemoryProvider(d)
    )

    tv = await service.search(
        SearchQuery(kind="tv", query="Show Name"), include_download_links=True
    )
    movie = await service.search(
        SearchQuery(kind="movie", query="Film"), include_download_links=True
    )

    assert [r.title for r in tv.results] == ["Show.Name.S01.1080p.WEB-DL-GRP"]
    assert [s.name for s in tv.indexers] == ["memory"]
    assert (movie.results, movie.indexers) == ([], [])


@pytest.mark.parametrize("source", ["torznab", "prowlarr"])
def test_factory_serves_torznab_and_prowlarr_definitions_with_torznab(
    http_client: httpx.AsyncClient, source: str
):
    provider = provider_factory(http_client)(definition(source))

    assert isinstance(provider, TorznabProvider)
    assert provider.serves("tv") and not provider.serves("movie")


def test_factory_refuses_an_unknown_source(http_client: httpx.AsyncClient):
    with pytest.raises(ValueError, match="no indexer integration for source 'carrier-pigeon'"):
        provider_factory(http_client)(definition("carrier-pigeon"))
