import uuid
from datetime import date, datetime
from typing import Literal

from media_manager.core.schemas import ExternalId, InputSchema, Name, Schema
from media_manager.metadata.schemas import MetadataProviderName

MovieSort = Literal["title", "added", "year"]
SortOrder = Literal["asc", "desc"]


# SQLite hands timestamps back without their zone; they were stored as UTC.
class MovieSearchResult(Schema):
    metadata_provider: MetadataProviderName
    external_id: int
    title: str
    year: int | None
    overview: str
    original_language: str | None
    poster_url: str | None
    in_library: bool
    # The movie's id when it is in the library already.
    movie_id: uuid.UUID | None


class MovieCreate(InputSchema):
    metadata_provider: MetadataProviderName
    external_id: ExternalId
    library: Name = "default"
    quality_profile: Name = "default"
    monitored: bool = True


class MovieUpdate(InputSchema):
    library: Name | None = None
    quality_profile: Name | None = None
    monitored: bool | None = None


class MovieRead(Schema):
    id: uuid.UUID
    metadata_provider: MetadataProviderName
    external_id: int
    tmdb_id: int | None
    tvdb_id: int | None
    imdb_id: str | None
    title: str
    overview: str
    year: int | None
    release_date: date | None
    runtime: int | None
    status: str | None
    genres: list[str]
    alternate_titles: list[str]
    original_language: str | None
    poster_url: str | None
    # A stored poster is served at .../poster.
    has_poster: bool
    library: str
    quality_profile: str
    monitored: bool
    has_file: bool
    added_at: datetime
    last_refreshed_at: datetime
