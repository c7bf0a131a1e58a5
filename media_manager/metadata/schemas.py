"""Provider-neutral metadata: what TMDB and TVDB answers are turned into.

Providers page through lists that can change between two requests, so the same episode or
season may come twice. ShowMetadata and SeasonMetadata make numbers unique when built, so that
everything downstream (adding, refreshing) can rely on one season per number and one episode per
number within a season: the first listing wins, a season's repeats add only the episodes its
first listing lacked.
"""

from datetime import date
from typing import Literal, Protocol, Self, TypeVar

from pydantic import BaseModel, model_validator

MetadataProviderName = Literal["tmdb", "tvdb"]
ShowStatus = Literal["continuing", "ended"]
# What a lookup by another database's id should find: a show or a movie.
MediaKindName = Literal["tv", "movie"]


class _Numbered(Protocol):
    number: int


N = TypeVar("N", bound=_Numbered)


def _first_by_number(items: list[N]) -> dict[int, N]:
    unique: dict[int, N] = {}
    for item in items:
        unique.setdefault(item.number, item)
    return unique


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

    @model_validator(mode="after")
    def _one_episode_per_number(self) -> Self:
        self.episodes = list(_first_by_number(self.episodes).values())
        return self


class FailedSeason(BaseModel):
    """A season the provider listed but did not answer for: what it holds is unknown."""

    number: int
    reason: str


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
    # Kept apart from `seasons`: a failed season is not an empty one, and must not be cleared.
    failed_seasons: list[FailedSeason] = []

    @model_validator(mode="after")
    def _one_season_per_number(self) -> Self:
        seasons: dict[int, SeasonMetadata] = {}
        for season in self.seasons:
            first = seasons.setdefault(season.number, season)
            if first is not season:
                first.episodes = list(
                    (_first_by_number(season.episodes) | _first_by_number(first.episodes)).values()
                )
                first.episodes.sort(key=lambda episode: episode.number)
        self.seasons = sorted(seasons.values(), key=lambda season: season.number)
        # A season listed twice may have answered once: then it did answer.
        failed = _first_by_number(self.failed_seasons)
        self.failed_seasons = [failed[n] for n in sorted(failed) if n not in seasons]
        return self


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
