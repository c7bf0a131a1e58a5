"""What every indexer integration provides, and the values they share."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from media_manager.indexer.exceptions import IndexerApiError
from media_manager.indexer.schemas import (
    IndexerResult,
    IndexerSource,
    Protocol,
    SearchKind,
    SearchQuery,
)


@dataclass(frozen=True, slots=True)
class IndexerDefinition:
    """One searchable endpoint, from the config file or from Prowlarr's list."""

    name: str
    source: IndexerSource
    # The full endpoint that takes ?t=...; it may carry credentials in its query string.
    endpoint: str
    api_key: str | None
    categories: tuple[int, ...]
    priority: int
    enabled: bool
    timeout_seconds: float
    protocol: Protocol | None = None


@dataclass(frozen=True, slots=True)
class SearchMode:
    available: bool
    params: frozenset[str] = frozenset({"q"})

    def supports(self, param: str) -> bool:
        return self.available and param in self.params


@dataclass(frozen=True, slots=True)
class Capabilities:
    """An indexer's answer to t=caps: search modes with their parameters, categories, limits."""

    # "search", "tv-search", "movie-search", ... as the caps document names them.
    modes: dict[str, SearchMode] = field(default_factory=dict)
    # Top-level category id -> its subcategory ids.
    categories: dict[int, tuple[int, ...]] = field(default_factory=dict)
    limit_max: int | None = None
    limit_default: int | None = None

    def mode(self, name: str) -> SearchMode:
        return self.modes.get(name, SearchMode(available=False, params=frozenset()))


class IndexerProvider(ABC):
    def __init__(self, definition: IndexerDefinition) -> None:
        self.definition = definition

    @property
    def name(self) -> str:
        return self.definition.name

    @abstractmethod
    def serves(self, kind: SearchKind) -> bool:
        """Whether the indexer is configured for this kind of search (e.g. has TV categories)."""

    @abstractmethod
    async def caps(self) -> Capabilities:
        """Fetch the capabilities; raises an IndexerError when they cannot be read."""

    @abstractmethod
    async def search(
        self, query: SearchQuery, caps: Capabilities, max_results: int
    ) -> list[IndexerResult]:
        """Up to max_results results for the query, using only what caps says is supported."""

    async def recent(self, caps: Capabilities, limit: int) -> list[IndexerResult]:
        """The indexer's newest releases in its configured categories (its RSS feed)."""
        raise IndexerApiError(f"{self.name} offers no feed of recent releases")

    @abstractmethod
    async def test(self) -> Capabilities:
        """Check that the indexer answers and accepts the API key; returns its capabilities."""
