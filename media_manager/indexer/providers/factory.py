"""The one place that chooses a concrete indexer integration for a definition."""

from collections.abc import Callable

import httpx

from media_manager.indexer.providers.base import IndexerDefinition, IndexerProvider
from media_manager.indexer.providers.torznab import MAX_RESPONSE_BYTES, TorznabProvider

ProviderFactory = Callable[[IndexerDefinition], IndexerProvider]


def provider_factory(
    http_client: httpx.AsyncClient, *, max_response_bytes: int = MAX_RESPONSE_BYTES
) -> ProviderFactory:
    """Builds the provider for each definition; callers only see IndexerProvider."""

    def create(definition: IndexerDefinition) -> IndexerProvider:
        # Configured Torznab/Newznab endpoints and Prowlarr's indexers (served by Prowlarr as
        # Newznab endpoints) speak the same API. A new integration is chosen here by source.
        if definition.source in ("torznab", "prowlarr"):
            return TorznabProvider(http_client, definition, max_bytes=max_response_bytes)
        raise ValueError(f"no indexer integration for source {definition.source!r}")

    return create
