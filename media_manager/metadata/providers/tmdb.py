"""TMDB through the relay's /tmdb routes (TMDB v3 JSON, passed through unchanged)."""

from datetime import date
from typing import Any

from pydantic import BaseModel

from media_manager.metadata.providers.base import (
    SEASON_FAILURES,
    MetadataProvider,
    alternate_titles,
    gather_bounded,
    language_for,
    unique,
)
from media_manager.metadata.providers.fields import NullableList, OptionalDate, Text
from media_manager.metadata.schemas import (
    EpisodeMetadata,
    FailedSeason,
    MediaKindName,
    MetadataProviderName,
    MovieMetadata,
    SearchResult,
    SeasonMetadata,
    ShowMetadata,
    ShowStatus,
)

POSTER_BASE_URL = "https://image.tmdb.org/t/p/w500"
# TMDB's statuses are "Returning Series", "In Production", "Planned", "Pilot", "Ended" and
# "Canceled"; only the last two mean no new episodes are coming.
ENDED_STATUSES = {"Ended", "Canceled", "Cancelled"}


class _Named(BaseModel):
    name: str | None = None


class _Result(BaseModel):
    id: int
    name: str | None = None
    title: str | None = None
    overview: Text = ""
    first_air_date: OptionalDate = None
    release_date: OptionalDate = None
    original_language: str | None = None
    poster_path: str | None = None


class _ResultPage(BaseModel):
    results: NullableList[_Result]


class _Found(BaseModel):
    movie_results: NullableList[_Result] = []
    tv_results: NullableList[_Result] = []


class _SeasonSummary(BaseModel):
    season_number: int


class _ExternalIds(BaseModel):
    imdb_id: str | None = None
    tvdb_id: int | None = None


class _AlternativeTitle(BaseModel):
    title: str | None = None


class _ShowAlternativeTitles(BaseModel):
    results: NullableList[_AlternativeTitle] = []


class _MovieAlternativeTitles(BaseModel):
    titles: NullableList[_AlternativeTitle] = []


class _Show(BaseModel):
    id: int
    name: str
    original_name: str | None = None
    overview: Text = ""
    first_air_date: OptionalDate = None
    status: str | None = None
    networks: NullableList[_Named] = []
    genres: NullableList[_Named] = []
    original_language: str | None = None
    episode_run_time: NullableList[int] = []
    poster_path: str | None = None
    seasons: NullableList[_SeasonSummary] = []
    external_ids: _ExternalIds = _ExternalIds()
    alternative_titles: _ShowAlternativeTitles = _ShowAlternativeTitles()


class _Episode(BaseModel):
    episode_number: int
    name: Text = ""
    overview: Text = ""
    air_date: OptionalDate = None


class _Season(BaseModel):
    season_number: int
    name: Text = ""
    overview: Text = ""
    air_date: OptionalDate = None
    episodes: NullableList[_Episode] = []


class _Movie(BaseModel):
    id: int
    title: str
    original_title: str | None = None
    overview: Text = ""
    release_date: OptionalDate = None
    runtime: int | None = None
    status: str | None = None
    genres: NullableList[_Named] = []
    original_language: str | None = None
    poster_path: str | None = None
    imdb_id: str | None = None
    external_ids: _ExternalIds = _ExternalIds()
    alternative_titles: _MovieAlternativeTitles = _MovieAlternativeTitles()


def _poster(path: str | None) -> str | None:
    return f"{POSTER_BASE_URL}{path}" if path else None


def _year(day: date | None) -> int | None:
    return day.year if day else None


class TmdbProvider(MetadataProvider):
    name: MetadataProviderName = "tmdb"

    async def search_shows(self, query: str) -> list[SearchResult]:
        body = await self.relay.get(
            "/tmdb/tv/search", {"query": query, "language": self.settings.default_language}
        )
        return self._results(body, "first_air_date")

    async def search_movies(self, query: str) -> list[SearchResult]:
        body = await self.relay.get(
            "/tmdb/movie/search", {"query": query, "language": self.settings.default_language}
        )
        return self._results(body, "release_date")

    async def find_by_imdb(self, kind: MediaKindName, imdb_id: str) -> list[SearchResult]:
        body = await self.relay.get(
            f"/tmdb/find/{imdb_id}",
            {"external_source": "imdb_id", "language": self.settings.default_language},
            what=f"IMDb id {imdb_id}",
        )
        found = self.relay.parse(_Found, body)
        if kind == "tv":
            return self._from(found.tv_results, "first_air_date")
        return self._from(found.movie_results, "release_date")

    async def trending_shows(self) -> list[SearchResult]:
        body = await self.relay.get(
            "/tmdb/tv/trending", {"language": self.settings.default_language}
        )
        return self._results(body, "first_air_date")

    async def trending_movies(self) -> list[SearchResult]:
        body = await self.relay.get(
            "/tmdb/movie/trending", {"language": self.settings.default_language}
        )
        return self._results(body, "release_date")

    async def show(self, external_id: int, *, fresh: bool = False) -> ShowMetadata:
        language = self.settings.default_language
        show = self.relay.parse(_Show, await self._show_body(external_id, language, fresh))
        wanted = language_for(show.original_language, self.settings)
        if wanted != language:
            language = wanted
            show = self.relay.parse(_Show, await self._show_body(external_id, language, fresh))
        # A season listed twice is asked for once.
        numbers = sorted({summary.season_number for summary in show.seasons})
        answers = await gather_bounded(
            (self._season_or_failure(external_id, n, language, fresh) for n in numbers),
            self.settings.concurrent_requests,
        )
        return ShowMetadata(
            metadata_provider=self.name,
            external_id=show.id,
            tmdb_id=show.id,
            tvdb_id=show.external_ids.tvdb_id,
            imdb_id=show.external_ids.imdb_id or None,
            name=show.name,
            overview=show.overview,
            year=_year(show.first_air_date),
            status=self._status(show.status),
            network=next((n.name for n in show.networks if n.name), None),
            genres=unique(genre.name for genre in show.genres),
            original_language=show.original_language,
            runtime=show.episode_run_time[0] if show.episode_run_time else None,
            poster_url=_poster(show.poster_path),
            alternate_titles=alternate_titles(
                show.name,
                [show.original_name, *(t.title for t in show.alternative_titles.results)],
            ),
            seasons=[a for a in answers if isinstance(a, SeasonMetadata)],
            failed_seasons=[a for a in answers if isinstance(a, FailedSeason)],
        )

    async def movie(self, external_id: int, *, fresh: bool = False) -> MovieMetadata:
        language = self.settings.default_language
        movie = self.relay.parse(_Movie, await self._movie_body(external_id, language, fresh))
        wanted = language_for(movie.original_language, self.settings)
        if wanted != language:
            movie = self.relay.parse(_Movie, await self._movie_body(external_id, wanted, fresh))
        return MovieMetadata(
            metadata_provider=self.name,
            external_id=movie.id,
            tmdb_id=movie.id,
            imdb_id=movie.imdb_id or movie.external_ids.imdb_id or None,
            title=movie.title,
            overview=movie.overview,
            year=_year(movie.release_date),
            release_date=movie.release_date,
            runtime=movie.runtime or None,
            status=movie.status.lower() if movie.status else None,
            genres=unique(genre.name for genre in movie.genres),
            original_language=movie.original_language,
            poster_url=_poster(movie.poster_path),
            alternate_titles=alternate_titles(
                movie.title,
                [movie.original_title, *(t.title for t in movie.alternative_titles.titles)],
            ),
        )

    async def _show_body(self, tv_id: int, language: str, fresh: bool) -> Any:
        return await self.relay.get(
            f"/tmdb/tv/{tv_id}", {"language": language}, fresh=fresh, what=f"TMDB show {tv_id}"
        )

    async def _movie_body(self, movie_id: int, language: str, fresh: bool) -> Any:
        return await self.relay.get(
            f"/tmdb/movie/{movie_id}",
            {"language": language},
            fresh=fresh,
            what=f"TMDB movie {movie_id}",
        )

    async def _season_or_failure(
        self, tv_id: int, number: int, language: str, fresh: bool
    ) -> SeasonMetadata | FailedSeason:
        # TMDB lists seasons it then answers 404 (or 5xx) for: keep the others.
        try:
            return await self._season(tv_id, number, language, fresh)
        except SEASON_FAILURES as exc:
            return FailedSeason(number=number, reason=exc.message)

    async def _season(self, tv_id: int, number: int, language: str, fresh: bool) -> SeasonMetadata:
        body = await self.relay.get(
            f"/tmdb/tv/{tv_id}/season/{number}",
            {"language": language},
            fresh=fresh,
            what=f"season {number} of TMDB show {tv_id}",
        )
        season = self.relay.parse(_Season, body)
        return SeasonMetadata(
            number=season.season_number,
            name=season.name or ("Specials" if number == 0 else f"Season {number}"),
            overview=season.overview,
            air_date=season.air_date,
            episodes=[
                EpisodeMetadata(
                    number=episode.episode_number,
                    title=episode.name or f"Episode {episode.episode_number}",
                    overview=episode.overview,
                    air_date=episode.air_date,
                )
                for episode in season.episodes
            ],
        )

    def _results(self, body: Any, date_field: str) -> list[SearchResult]:
        return self._from(self.relay.parse(_ResultPage, body).results, date_field)

    def _from(self, found: list[_Result], date_field: str) -> list[SearchResult]:
        results = []
        for result in found:
            name = result.name or result.title
            if not name:
                continue
            results.append(
                SearchResult(
                    metadata_provider=self.name,
                    external_id=result.id,
                    name=name,
                    year=_year(getattr(result, date_field)),
                    overview=result.overview,
                    original_language=result.original_language,
                    poster_url=_poster(result.poster_path),
                )
            )
        return results

    @staticmethod
    def _status(status: str | None) -> ShowStatus:
        return "ended" if status in ENDED_STATUSES else "continuing"
