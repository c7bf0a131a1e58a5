"""Settings of the indexers: Torznab/Newznab endpoints and an optional Prowlarr."""

from pydantic import Field, SecretStr, field_validator, model_validator

from media_manager.core.config import HeaderToken, Section

# Newznab category families: 5000 is TV (5030 TV/SD, 5040 TV/HD, ...), 2000 is Movies.
TV_CATEGORIES = 5000
MOVIE_CATEGORIES = 2000
DEFAULT_CATEGORIES = [TV_CATEGORIES, MOVIE_CATEGORIES]


class TorznabIndexerSettings(Section):
    """One Torznab or Newznab endpoint: a Prowlarr or Jackett indexer, or a Newznab site."""

    name: str = Field(min_length=1, max_length=100)
    # The endpoint, with or without the trailing "/api" (added when missing).
    url: str
    api_key: SecretStr | None = None
    # A top-level category (a multiple of 1000) stands for its whole family.
    categories: list[int] = Field(default_factory=lambda: list(DEFAULT_CATEGORIES), min_length=1)
    # 1 is tried first, 50 last; equal priorities keep the order of the file.
    priority: int = Field(25, ge=1, le=50)
    enabled: bool = True
    # The whole search of this indexer (capabilities and every page) must finish in this time.
    timeout_seconds: float = Field(30.0, gt=0, le=300)

    @field_validator("url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")


class ProwlarrSettings(Section):
    """Use every indexer of a Prowlarr instance through its per-indexer Newznab endpoint."""

    enabled: bool = False
    url: str = "http://localhost:9696"
    api_key: HeaderToken | None = None
    categories: list[int] = Field(default_factory=lambda: list(DEFAULT_CATEGORIES), min_length=1)
    # Per Prowlarr indexer, like timeout_seconds of a Torznab endpoint.
    timeout_seconds: float = Field(30.0, gt=0, le=300)

    @field_validator("url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _key_when_enabled(self) -> "ProwlarrSettings":
        if self.enabled and self.api_key is None:
            raise ValueError("api_key is required when Prowlarr is enabled")
        return self


class IndexerSettings(Section):
    torznab: list[TorznabIndexerSettings] = []
    prowlarr: ProwlarrSettings = ProwlarrSettings()
    # Results taken from one indexer for one search; paging stops there.
    max_results: int = Field(500, ge=1, le=10_000)
    # Capabilities (t=caps) are fetched once and kept this long; any error drops them sooner.
    caps_refresh_hours: float = Field(24.0, gt=0)

    @field_validator("torznab")
    @classmethod
    def _unique_names(cls, value: list[TorznabIndexerSettings]) -> list[TorznabIndexerSettings]:
        seen: set[str] = set()
        for indexer in value:
            key = indexer.name.casefold()
            if key in seen:
                raise ValueError(f"indexer name {indexer.name!r} is used twice")
            seen.add(key)
        return value
