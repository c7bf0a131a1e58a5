"""Provider-neutral metadata: what TMDB and TVDB answers are turned into."""

from datetime import date
from typing import Literal

from pydantic import BaseModel

MetadataProviderName = Literal["tmdb", "tvdb"]
ShowStatus = Literal["continuing", "ended"]


class SearchResult(BaseModel):
    metadata_provider: MetadataProviderName
    external_id: int
    name: str
    year: int | None = None
    overview: str = ""
    original_language: str | None = None
    poster_url: str | None = None


class EpisodeMetadata(BaseModel):
    number: int
    title: str
    overview: str = ""
    air_date: date | None = None


class SeasonMetadata(BaseModel):
    number: int
    name: str
    overview: str = ""
    air_date: date | None = None
    episodes: list[EpisodeMetadata] = []


class ShowMetadata(BaseModel):
    metadata_provider: MetadataProviderName
    external_id: int
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    imdb_id: str | None = None
    name: str
    overview: str = ""
    year: int | None = None
    status: ShowStatus = "continuing"
    network: str | None = None
    genres: list[str] = []
    original_language: str | None = None
    runtime: int | None = None
    poster_url: str | None = None
    # Other names of the show (translations, romanisations), for matching release names.
    alternate_titles: list[str] = []
    seasons: list[SeasonMetadata] = []


class MovieMetadata(BaseModel):
    metadata_provider: MetadataProviderName
    external_id: int
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    imdb_id: str | None = None
    title: str
    overview: str = ""
    year: int | None = None
    release_date: date | None = None
    runtime: int | None = None
    status: str | None = None
    genres: list[str] = []
    original_language: str | None = None
    poster_url: str | None = None
    alternate_titles: list[str] = []
