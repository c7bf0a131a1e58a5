"""The one entry point to metadata: picks the provider and passes the lookup on.

Lookups go to the app's `MetadataSource` (state.metadata_source): a relay URL or TMDB/TVDB keys.
"""

import httpx

from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.providers.base import MetadataProvider, RelayClient
from media_manager.metadata.providers.tmdb import TmdbProvider
from media_manager.metadata.providers.tvdb import TvdbProvider
from media_manager.metadata.relay import MetadataSource
from media_manager.metadata.schemas import (
    MediaKindName,
    MetadataProviderName,
    MovieMetadata,
    SearchResult,
    ShowMetadata,
)

PROVIDERS: dict[MetadataProviderName, type[MetadataProvider]] = {
    "tmdb": TmdbProvider,
    "tvdb": TvdbProvider,
}


class MetadataService:
    def __init__(
        self, http_client: httpx.AsyncClient, settings: MetadataSettings, source: MetadataSource
    ) -> None:
        relay = RelayClient(http_client, source, settings)
        self.providers = {name: cls(relay, settings) for name, cls in PROVIDERS.items()}

    async def search_shows(self, provider: MetadataProviderName, query: str) -> list[SearchResult]:
        """Shows matching `query` on the provider."""
        return await self.providers[provider].search_shows(query)

    async def trending_shows(self, provider: MetadataProviderName) -> list[SearchResult]:
        """The provider's trending shows."""
        return await self.providers[provider].trending_shows()

    async def show(
        self, provider: MetadataProviderName, external_id: int, *, fresh: bool = False
    ) -> ShowMetadata:
        """A show with every season and episode; `fresh` bypasses the relay's cache."""
        return await self.providers[provider].show(external_id, fresh=fresh)

    async def search_movies(self, provider: MetadataProviderName, query: str) -> list[SearchResult]:
        """Movies matching `query` on the provider."""
        return await self.providers[provider].search_movies(query)

    async def find_by_imdb(
        self, provider: MetadataProviderName, kind: MediaKindName, imdb_id: str
    ) -> list[SearchResult]:
        """The shows or movies the provider knows by an IMDb id (`tt0133093`)."""
        return await self.providers[provider].find_by_imdb(kind, imdb_id)

    async def trending_movies(self, provider: MetadataProviderName) -> list[SearchResult]:
        """The provider's trending movies."""
        return await self.providers[provider].trending_movies()

    async def movie(
        self, provider: MetadataProviderName, external_id: int, *, fresh: bool = False
    ) -> MovieMetadata:
        """A movie's details; `fresh` bypasses the relay's cache."""
        return await self.providers[provider].movie(external_id, fresh=fresh)
