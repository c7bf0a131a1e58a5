"""TVDB through the relay's /tvdb routes (TVDB v4's {"status", "data"} envelope, unchanged).

The relay offers TVDB records without translations, so titles come in TVDB's own language and
the language settings do not apply; TVDB has no trending list either.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from media_manager.core.errors import AppError
from media_manager.metadata.providers.base import (
    SEASON_FAILURES,
    MetadataProvider,
    alternate_titles,
    gather_bounded,
    unique,
)
from media_manager.metadata.providers.fields import (
    NullableList,
    OptionalDate,
    OptionalInt,
    Text,
    int_or_none,
)
from media_manager.metadata.schemas import (
    EpisodeMetadata,
    FailedSeason,
    MetadataProviderName,
    MovieMetadata,
    SearchResult,
    SeasonMetadata,
    ShowMetadata,
)

# The seasons of the aired order; TVDB also lists DVD, absolute and alternate orders.
AIRED_ORDER = "official"
IMDB_SOURCE = "IMDB"
TMDB_SOURCE = "TheMovieDB.com"


class _Camel(BaseModel):
    # TVDB's records use camelCase names (firstAired, remoteIds); its search results do not.
    model_config = ConfigDict(alias_generator=to_camel)


class _Named(BaseModel):
    name: str | None = None


class _Alias(BaseModel):
    language: str | None = None
    name: str | None = None


class _RemoteId(_Camel):
    id: str
    source_name: str | None = None


class _SeasonType(_Camel):
    type: str | None = None


class _SeasonSummary(_Camel):
    number: int
    type: _SeasonType = _SeasonType()


class _Series(_Camel):
    id: int
    name: str
    overview: Text = ""
    year: OptionalInt = None
    first_aired: OptionalDate = None
    status: _Named | None = None
    original_network: _Named | None = None
    genres: NullableList[_Named] = []
    original_language: str | None = None
    average_runtime: int | None = None
    image: str | None = None
    remote_ids: NullableList[_RemoteId] = []
    seasons: NullableList[_SeasonSummary] = []
    aliases: NullableList[_Alias] = []


class _Episode(_Camel):
    season_number: int
    number: int
    name: str | None = None
    overview: str | None = None
    aired: OptionalDate = None


class _EpisodeList(_Camel):
    episodes: NullableList[_Episode] = []


class _Release(_Camel):
    date: OptionalDate = None


class _Movie(_Camel):
    id: int
    name: str
    overview: Text = ""
    year: OptionalInt = None
    runtime: int | None = None
    status: _Named | None = None
    genres: NullableList[_Named] = []
    original_language: str | None = None
    image: str | None = None
    first_release: _Release | None = Field(None, alias="first_release")
    remote_ids: NullableList[_RemoteId] = []
    aliases: NullableList[_Alias] = []


class _Result(BaseModel):
    tvdb_id: int
    name: str
    year: OptionalInt = None
    overview: Text = ""
    image_url: str | None = None
    primary_language: str | None = None


class _Envelope(BaseModel):
    data: Any


def _remote(ids: list[_RemoteId], source: str) -> str | None:
    return next((remote.id for remote in ids if remote.source_name == source), None)


def _name(named: _Named | None) -> str | None:
    return (named.name or None) if named else None


def _names(items: list[_Named]) -> list[str]:
    return unique(item.name for item in items)


def _alias_names(aliases: list[_Alias]) -> list[str | None]:
    return [alias.name for alias in aliases]


class TvdbProvider(MetadataProvider):
    name: MetadataProviderName = "tvdb"

    async def search_shows(self, query: str) -> list[SearchResult]:
        return await self._search(query, "series")

    async def search_movies(self, query: str) -> list[SearchResult]:
        return await self._search(query, "movie")

    async def show(self, external_id: int, *, fresh: bool = False) -> ShowMetadata:
        series_body, episodes_or_error = await gather_bounded(
            (
                self.relay.get(
                    f"/tvdb/series/{external_id}", fresh=fresh, what=f"TVDB series {external_id}"
                ),
                self._episodes(external_id, fresh),
            ),
            self.settings.concurrent_requests,
        )
        series = self.relay.parse(_Series, self._data(series_body))
        numbers = {s.number for s in series.seasons if s.type.type in (AIRED_ORDER, None)}
        failed: list[FailedSeason] = []
        if isinstance(episodes_or_error, AppError):
            # TVDB lists all episodes in one (paged) answer: without it every season failed.
            if not numbers:
                raise episodes_or_error
            reason = episodes_or_error.message
            failed = [FailedSeason(number=number, reason=reason) for number in sorted(numbers)]
            episodes, numbers = [], set()
        else:
            episodes = episodes_or_error
        numbers |= {episode.season_number for episode in episodes}
        seasons = [
            SeasonMetadata(
                number=number,
                name="Specials" if number == 0 else f"Season {number}",
                episodes=[
                    EpisodeMetadata(
                        number=episode.number,
                        title=episode.name or f"Episode {episode.number}",
                        overview=episode.overview or "",
                        air_date=episode.aired,
                    )
                    for episode in sorted(episodes, key=lambda e: e.number)
                    if episode.season_number == number
                ],
            )
            for number in sorted(numbers)
        ]
        for season in seasons:
            dates = [episode.air_date for episode in season.episodes if episode.air_date]
            season.air_date = min(dates, default=None)
        return ShowMetadata(
            metadata_provider=self.name,
            external_id=series.id,
            tvdb_id=series.id,
            tmdb_id=int_or_none(_remote(series.remote_ids, TMDB_SOURCE)),
            imdb_id=_remote(series.remote_ids, IMDB_SOURCE),
            name=series.name,
            overview=series.overview,
            year=series.year or (series.first_aired.year if series.first_aired else None),
            status="ended" if _name(series.status) == "Ended" else "continuing",
            network=_name(series.original_network),
            genres=_names(series.genres),
            original_language=series.original_language,
            runtime=series.average_runtime or None,
            poster_url=series.image or None,
            alternate_titles=alternate_titles(series.name, _alias_names(series.aliases)),
            seasons=seasons,
            failed_seasons=failed,
        )

    async def movie(self, external_id: int, *, fresh: bool = False) -> MovieMetadata:
        body = await self.relay.get(
            f"/tvdb/movies/{external_id}", fresh=fresh, what=f"TVDB movie {external_id}"
        )
        movie = self.relay.parse(_Movie, self._data(body))
        release = movie.first_release.date if movie.first_release else None
        return MovieMetadata(
            metadata_provider=self.name,
            external_id=movie.id,
            tvdb_id=movie.id,
            tmdb_id=int_or_none(_remote(movie.remote_ids, TMDB_SOURCE)),
            imdb_id=_remote(movie.remote_ids, IMDB_SOURCE),
            title=movie.name,
            overview=movie.overview,
            year=movie.year or (release.year if release else None),
            release_date=release,
            runtime=movie.runtime or None,
            status=(_name(movie.status) or "").lower() or None,
            genres=_names(movie.genres),
            original_language=movie.original_language,
            poster_url=movie.image or None,
            alternate_titles=alternate_titles(movie.name, _alias_names(movie.aliases)),
        )

    async def _search(self, query: str, kind: str) -> list[SearchResult]:
        body = await self.relay.get("/tvdb/search", {"query": query, "type": kind})
        results = self.relay.parse(list[_Result], self._data(body))
        return [
            SearchResult(
                metadata_provider=self.name,
                external_id=result.tvdb_id,
                name=result.name,
                year=result.year,
                overview=result.overview,
                original_language=result.primary_language,
                poster_url=result.image_url or None,
            )
            for result in results
        ]

    async def _episodes(self, series_id: int, fresh: bool) -> list[_Episode] | AppError:
        """The series' episodes, or why they could not be had (returned, not raised)."""
        try:
            body = await self.relay.get(
                f"/tvdb/series/{series_id}/episodes",
                fresh=fresh,
                what=f"episodes of TVDB series {series_id}",
            )
            return self.relay.parse(_EpisodeList, self._data(body)).episodes
        except SEASON_FAILURES as exc:
            return exc

    def _data(self, body: Any) -> Any:
        return self.relay.parse(_Envelope, body).data
