import uuid
from datetime import date, datetime
from typing import Literal

from media_manager.core.schemas import ExternalId, InputSchema, Name, Schema
from media_manager.metadata.schemas import MetadataProviderName, ShowStatus

Monitor = Literal["all", "future", "missing", "none"]
ShowSort = Literal["name", "added", "year"]
SortOrder = Literal["asc", "desc"]


# SQLite hands timestamps back without their zone; they were stored as UTC.
class ShowSearchResult(Schema):
    metadata_provider: MetadataProviderName
    external_id: int
    name: str
    year: int | None
    overview: str
    original_language: str | None
    poster_url: str | None
    in_library: bool
    # The show's id when it is in the library already.
    show_id: uuid.UUID | None


class ShowCreate(InputSchema):
    metadata_provider: MetadataProviderName
    external_id: ExternalId
    library: Name = "default"
    quality_profile: Name = "default"
    monitor: Monitor = "all"


class ShowUpdate(InputSchema):
    library: Name | None = None
    quality_profile: Name | None = None
    monitor: Monitor | None = None


class SeasonUpdate(InputSchema):
    monitored: bool


class EpisodeUpdate(InputSchema):
    monitored: bool


class EpisodeRead(Schema):
    id: uuid.UUID
    number: int
    title: str
    overview: str
    air_date: date | None
    monitored: bool
    has_file: bool


class SeasonSummary(Schema):
    id: uuid.UUID
    number: int
    name: str
    overview: str
    air_date: date | None
    monitored: bool


class SeasonRead(SeasonSummary):
    episodes: list[EpisodeRead]


class FailedSeasonRead(Schema):
    number: int
    # What the metadata service answered for it.
    reason: str
    # Refreshes in a row that this season failed in.
    attempts: int


class ShowRead(Schema):
    id: uuid.UUID
    metadata_provider: MetadataProviderName
    external_id: int
    tmdb_id: int | None
    tvdb_id: int | None
    imdb_id: str | None
    name: str
    overview: str
    year: int | None
    status: ShowStatus
    network: str | None
    genres: list[str]
    alternate_titles: list[str]
    original_language: str | None
    runtime: int | None
    poster_url: str | None
    # A stored poster is served at .../poster.
    has_poster: bool
    library: str
    quality_profile: str
    monitor: Monitor
    added_at: datetime
    last_refreshed_at: datetime
    # Seasons the provider did not answer for at the last add or refresh: kept as they were
    # (not added yet, on an add) and fetched again at retry_failed_seasons_at.
    failed_seasons: list[FailedSeasonRead]
    retry_failed_seasons_at: datetime | None


class ShowListItem(ShowRead):
    # Regular seasons only: specials (season 0) are left out of the counts.
    episode_count: int
    aired_episode_count: int
    episode_file_count: int


class ShowDetail(ShowRead):
    seasons: list[SeasonRead]
