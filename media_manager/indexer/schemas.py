"""What the indexer API shows: indexers without secrets, search queries, results and statuses."""

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import Field, computed_field, model_validator

from media_manager.core.schemas import (
    EpisodeNumber,
    ExternalId,
    InputSchema,
    Schema,
    SeasonNumber,
    Storable,
)

Protocol = Literal["torrent", "usenet"]
SearchKind = Literal["tv", "movie", "generic"]
IndexerSource = Literal["torznab", "prowlarr"]


class IndexerRead(Schema):
    name: str
    source: IndexerSource
    # Without the API key or any other credential.
    url: str
    has_api_key: bool
    categories: list[int]
    priority: int
    enabled: bool
    timeout_seconds: float
    protocol: Protocol | None = None


class IndexerList(Schema):
    indexers: list[IndexerRead]
    # Problems that kept indexers off the list, e.g. Prowlarr not answering.
    errors: list[str] = []


class SearchQuery(InputSchema):
    kind: SearchKind = "generic"
    query: Annotated[str | None, Field(min_length=1, max_length=300), Storable] = None
    tvdb_id: ExternalId | None = None
    tmdb_id: ExternalId | None = None
    imdb_id: str | None = Field(None, pattern=r"^tt[0-9]{5,10}$")
    season: SeasonNumber | None = None
    episode: EpisodeNumber | None = None

    @model_validator(mode="after")
    def _needs_something_to_search(self) -> "SearchQuery":
        if not (self.query or self.tvdb_id or self.tmdb_id or self.imdb_id):
            raise ValueError("give a query text or at least one of tvdb_id, tmdb_id, imdb_id")
        if self.episode is not None and self.season is None:
            raise ValueError("an episode needs its season")
        return self

    @property
    def has_ids(self) -> bool:
        return bool(self.tvdb_id or self.tmdb_id or self.imdb_id)


class ReleaseReading(Schema):
    """The release-name parser's reading of a result's title."""

    title: str
    alternative_titles: list[str] = []
    year: int | None = None
    seasons: list[int] = []
    episodes: list[int] = []
    absolute_episodes: list[int] = []
    air_date: date | None = None
    is_full_season: bool = False
    is_multi_season: bool = False
    resolution: int | None = None
    source: str | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    hdr: list[str] = []
    languages: list[str] = []
    release_group: str | None = None
    proper: bool = False
    repack: bool = False
    is_sample: bool = False
    quality: str | None = None


class IndexerResult(Schema):
    title: str
    indexer: str
    protocol: Protocol
    guid: str | None = None
    size: int | None = None
    published_at: datetime | None = None
    seeders: int | None = None
    peers: int | None = None
    grabs: int | None = None
    info_hash: str | None = None
    magnet_url: str | None = None
    # Carries the indexer's or tracker's credentials: only administrators see it.
    download_url: str | None = None
    info_url: str | None = None
    categories: list[int] = []
    # freeleech, halfleech, double_upload, internal, scene, ... (torznab tags included as given)
    flags: list[str] = []
    download_volume_factor: float | None = None
    upload_volume_factor: float | None = None
    minimum_ratio: float | None = None
    minimum_seed_time: int | None = None
    tvdb_id: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    # None when the parser is not available or could not read the title.
    parsed: ReleaseReading | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def age_hours(self) -> float | None:
        if self.published_at is None:
            return None
        published = self.published_at
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return round((datetime.now(UTC) - published).total_seconds() / 3600, 1)


class IndexerStatus(Schema):
    name: str
    ok: bool
    error: str | None = None
    elapsed_ms: int
    result_count: int = 0


class SearchResponse(Schema):
    results: list[IndexerResult]
    indexers: list[IndexerStatus]


class IndexerTestResult(Schema):
    name: str
    ok: bool
    error: str | None = None
    elapsed_ms: int
    # What the capabilities say, when they could be read.
    search_modes: dict[str, list[str]] = {}
    categories: list[int] = []
