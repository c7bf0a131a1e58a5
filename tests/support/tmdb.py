"""A TMDB v3 stand-in over real HTTP on loopback, under /3 like the real API.

Used by the tests that run the relay's code (as its own process, or inside the backend when
metadata.tmdb_api_key is set); tests edit the catalogue directly and make paths fail.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.http_server import serve_in_thread

TMDB_KEY = "test-key"

PAST = date(2015, 1, 5)
FUTURE = date.today() + timedelta(days=30)
SHOW_ID, TVDB_ID, MOVIE_ID = 1396, 81189, 550
# Five seasons, two episodes each; the last episode of season 5 has not aired yet.
FIVE_SEASONS = {number: [PAST, PAST] for number in range(1, 5)} | {5: [PAST, FUTURE]}


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""  # TMDB sends "" for an unknown date


def _movie_result(movie: dict[str, Any]) -> dict[str, Any]:
    """A movie as TMDB lists it in search and find answers."""
    return {
        "id": movie["id"],
        "media_type": "movie",
        "title": movie["title"],
        "original_title": movie["original_title"],
        "original_language": movie["original_language"],
        "overview": movie["overview"],
        "release_date": movie["release_date"],
        "poster_path": None,
        "genre_ids": [genre["id"] for genre in movie["genres"]],
    }


def _show_result(show: dict[str, Any]) -> dict[str, Any]:
    """A show as TMDB lists it in search and find answers."""
    return {
        "id": show["id"],
        "media_type": "tv",
        "name": show["name"],
        "original_name": show["original_name"],
        "original_language": show["original_language"],
        "overview": show["overview"],
        "first_air_date": show["first_air_date"],
        "poster_path": None,
        "genre_ids": [genre["id"] for genre in show["genres"]],
    }


def _tmdb_error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse(
        {"success": False, "status_code": code, "status_message": message}, status_code=status
    )


@dataclass
class TmdbStandIn:
    """TMDB v3 over real HTTP, under /3 like the real API; tests edit the catalogue directly."""

    base_url: str = ""
    shows: dict[int, dict[str, Any]] = field(default_factory=dict)
    seasons: dict[tuple[int, int], list[dict[str, Any]]] = field(default_factory=dict)
    movies: dict[int, dict[str, Any]] = field(default_factory=dict)
    # upstream path (without /3) -> HTTP status it answers with instead.
    faults: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def reset(self) -> None:
        self.shows.clear()
        self.seasons.clear()
        self.movies.clear()
        self.faults.clear()
        self.requests.clear()

    def paths(self) -> list[str]:
        return [path for path, _query in self.requests]

    # Catalogue

    def add_show(self, tv_id: int, name: str, seasons: dict[int, list[date]], tvdb_id: int) -> None:
        self.shows[tv_id] = {
            "id": tv_id,
            "name": name,
            "original_name": name,
            "original_language": "en",
            "overview": f"The story of {name}.",
            "first_air_date": "2008-01-20",
            "last_air_date": "2013-09-29",
            "status": "Returning Series",
            "episode_run_time": [45, 47],
            # No poster: the app would fetch it from image.tmdb.org after the add.
            "poster_path": None,
            "backdrop_path": None,
            "genres": [{"id": 18, "name": "Drama"}, {"id": 80, "name": "Crime"}],
            "networks": [{"id": 174, "name": "AMC", "logo_path": "/amc.png"}],
            "origin_country": ["US"],
            "popularity": 312.5,
            "vote_average": 8.9,
            "_external_ids": {
                "id": tv_id,
                "imdb_id": "tt0903747",
                "tvdb_id": tvdb_id,
                "tvrage_id": None,
                "wikidata_id": None,
            },
            "_alternative_titles": [
                {"iso_3166_1": "DE", "title": f"{name} - Reine Chemie", "type": ""}
            ],
        }
        for number, air_dates in seasons.items():
            for air_date in air_dates:
                self.add_episode(tv_id, number, air_date)

    def add_episode(self, tv_id: int, season_number: int, air_date: date | None) -> int:
        """Append an episode to a season (made on first use); returns its number."""
        episodes = self.seasons.setdefault((tv_id, season_number), [])
        number = len(episodes) + 1
        episodes.append(
            {
                "id": tv_id * 10000 + season_number * 100 + number,
                "show_id": tv_id,
                "season_number": season_number,
                "episode_number": number,
                "episode_type": "standard",
                "name": f"Episode {season_number}x{number:02d}",
                "overview": f"Episode {number} of season {season_number}.",
                "air_date": _iso(air_date),
                "runtime": 47,
                "still_path": None,
                "vote_average": 8.0,
            }
        )
        return number

    def add_movie(self, movie_id: int, title: str, release_date: date, runtime: int) -> None:
        self.movies[movie_id] = {
            "id": movie_id,
            "imdb_id": "tt0137523",
            "title": title,
            "original_title": title,
            "original_language": "en",
            "overview": f"A film called {title}.",
            "release_date": _iso(release_date),
            "runtime": runtime,
            "status": "Released",
            "poster_path": None,
            "genres": [{"id": 18, "name": "Drama"}],
            "popularity": 61.4,
            "vote_average": 8.4,
            "_alternative_titles": [{"iso_3166_1": "FR", "title": "Le Club de combat", "type": ""}],
        }

    # Answers

    def _season_summaries(self, tv_id: int) -> list[dict[str, Any]]:
        return [
            {
                "id": tv_id * 100 + number,
                "season_number": number,
                "name": f"Season {number}",
                "episode_count": len(episodes),
                "air_date": episodes[0]["air_date"] or None,
                "poster_path": None,
            }
            for (show, number), episodes in sorted(self.seasons.items())
            if show == tv_id
        ]

    def _tv(self, request: Request, tv_id: str) -> JSONResponse:
        show = self.shows.get(int(tv_id))
        if show is None:
            return _tmdb_error(404, 34, "The resource you requested could not be found.")
        body = {key: value for key, value in show.items() if not key.startswith("_")}
        seasons = self._season_summaries(show["id"])
        body |= {"seasons": seasons, "number_of_seasons": len(seasons)}
        appended = request.query_params.get("append_to_response", "").split(",")
        if "external_ids" in appended:
            body["external_ids"] = show["_external_ids"]
        if "alternative_titles" in appended:
            body["alternative_titles"] = {"id": show["id"], "results": show["_alternative_titles"]}
        return JSONResponse(body)

    def _season(self, _request: Request, tv_id: str, number: str) -> JSONResponse:
        episodes = self.seasons.get((int(tv_id), int(number)))
        if episodes is None:
            return _tmdb_error(404, 34, "The resource you requested could not be found.")
        return JSONResponse(
            {
                "_id": f"5254228276{int(tv_id):06d}{int(number):04d}",
                "id": int(tv_id) * 100 + int(number),
                "season_number": int(number),
                "name": f"Season {number}",
                "overview": "",
                "air_date": episodes[0]["air_date"],
                "poster_path": None,
                "episodes": episodes,
            }
        )

    def _movie(self, request: Request, movie_id: str) -> JSONResponse:
        movie = self.movies.get(int(movie_id))
        if movie is None:
            return _tmdb_error(404, 34, "The resource you requested could not be found.")
        body = {key: value for key, value in movie.items() if not key.startswith("_")}
        appended = request.query_params.get("append_to_response", "").split(",")
        if "external_ids" in appended:
            body["external_ids"] = {"id": movie["id"], "imdb_id": movie["imdb_id"]}
        if "alternative_titles" in appended:
            body["alternative_titles"] = {"id": movie["id"], "titles": movie["_alternative_titles"]}
        if "release_dates" in appended:
            body["release_dates"] = {
                "results": [
                    {
                        "iso_3166_1": "US",
                        "release_dates": [
                            {
                                "certification": "R",
                                "release_date": f"{movie['release_date']}T00:00:00.000Z",
                                "type": 3,
                            }
                        ],
                    }
                ]
            }
        return JSONResponse(body)

    def _search_movie(self, request: Request) -> JSONResponse:
        words = request.query_params.get("query", "").lower()
        results = [
            _movie_result(movie)
            for movie in self.movies.values()
            if words in movie["title"].lower()
        ]
        return JSONResponse(
            {"page": 1, "results": results, "total_pages": 1, "total_results": len(results)}
        )

    def _search_tv(self, request: Request) -> JSONResponse:
        words = request.query_params.get("query", "").lower()
        results = [
            _show_result(show) for show in self.shows.values() if words in show["name"].lower()
        ]
        return JSONResponse(
            {"page": 1, "results": results, "total_pages": 1, "total_results": len(results)}
        )

    def _find(self, request: Request, external_id: str) -> JSONResponse:
        if request.query_params.get("external_source") != "imdb_id":
            return _tmdb_error(400, 5, "Invalid parameters: this stand-in finds IMDb ids only.")
        movies = [m for m in self.movies.values() if m["imdb_id"] == external_id]
        shows = [s for s in self.shows.values() if s["_external_ids"]["imdb_id"] == external_id]
        return JSONResponse(
            {
                "movie_results": [_movie_result(movie) for movie in movies],
                "tv_results": [_show_result(show) for show in shows],
                "person_results": [],
                "tv_episode_results": [],
                "tv_season_results": [],
            }
        )

    async def handle(self, request: Request) -> JSONResponse:
        path = "/" + request.path_params["path"]
        self.requests.append((path, dict(request.query_params)))
        if request.query_params.get("api_key") != TMDB_KEY:
            return _tmdb_error(401, 7, "Invalid API key: You must be granted a valid key.")
        if path in self.faults:
            return _tmdb_error(self.faults[path], 11, "Internal error: Something went wrong.")
        routes = (
            (r"/tv/(\d+)", self._tv),
            (r"/tv/(\d+)/season/(\d+)", self._season),
            (r"/movie/(\d+)", self._movie),
            (r"/search/tv", self._search_tv),
            (r"/search/movie", self._search_movie),
            (r"/find/(tt\d+)", self._find),
        )
        for pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match:
                return handler(request, *match.groups())
        return _tmdb_error(404, 34, "The resource you requested could not be found.")

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/3/{path:path}", self.handle)])


_STANDIN = TmdbStandIn()


@pytest.fixture(scope="session")
def standin_url() -> Iterator[str]:
    """The TMDB stand-in's address, started once when first needed (the API is under /3)."""
    with serve_in_thread(_STANDIN.app()) as base_url:
        _STANDIN.base_url = base_url
        yield base_url


@pytest.fixture
def tmdb(standin_url: str) -> Iterator[TmdbStandIn]:
    """The TMDB stand-in, emptied before and after each test."""
    _STANDIN.reset()
    yield _STANDIN
    _STANDIN.reset()
