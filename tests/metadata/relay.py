"""A stand-in for the metadata relay, mocked with respx at the configured relay URL.

The relay passes TMDB's and TVDB's JSON through unchanged, so the bodies here are shaped like
theirs (see metadata_relay/tests/standin_data.py); the error bodies are the relay's own.
Tests change the catalogue between requests and make paths misbehave with `fail()`.
"""

import asyncio
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
import respx

# What make_settings() puts in metadata.relay_url unless a test sets a source itself.
RELAY_URL = "http://metadata-relay.test"

TODAY = date.today()
PAST = date(2015, 1, 5)
FUTURE = TODAY + timedelta(days=30)

Handler = Callable[[httpx.Request, re.Match[str]], httpx.Response]


def _escaped_json(body: Any) -> httpx.Response:
    # As the relay (and most JSON services) send it: non-ASCII escaped, so a provider's lone
    # surrogate arrives escaped (backslash-u-d800), and so does NUL.
    return httpx.Response(
        200, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )


def relay_error(status: int, detail: str, error: str) -> httpx.Response:
    return httpx.Response(status, json={"detail": detail, "error": error})


def _down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def _timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


FAULTS: dict[str, Callable[[httpx.Request], httpx.Response]] = {
    "down": _down,
    "timeout": _timeout,
    "not_json": lambda _request: httpx.Response(200, text="<html>502 Bad Gateway</html>"),
    "wrong_shape": lambda _request: httpx.Response(200, json={"id": "x", "results": 3}),
    "not_found": lambda _request: relay_error(404, "TMDB has no such item", "UpstreamNotFound"),
    "upstream_down": lambda _request: relay_error(
        502, "TMDB could not be reached", "UpstreamBadResponse"
    ),
    "tvdb_not_configured": lambda _request: relay_error(
        503, "TVDB is not configured on this relay: set TVDB_API_KEY", "ProviderNotConfigured"
    ),
    # A proxy in front of the relay, not the relay itself.
    "proxy_unavailable": lambda _request: httpx.Response(503, text="Service Unavailable"),
    "rate_limited": lambda _request: httpx.Response(
        429,
        json={"detail": "TMDB is rate limiting requests", "error": "UpstreamRateLimited"},
        headers={"Retry-After": "7"},
    ),
}


@dataclass
class FakeRelay:
    base_url: str = RELAY_URL
    tmdb_shows: dict[int, dict[str, Any]] = field(default_factory=dict)
    tmdb_seasons: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    tmdb_movies: dict[int, dict[str, Any]] = field(default_factory=dict)
    tvdb_series: dict[int, dict[str, Any]] = field(default_factory=dict)
    tvdb_episodes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    faults: dict[str, Callable[[httpx.Request], httpx.Response]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    # What /health says about the relay's keys.
    providers: dict[str, bool] = field(default_factory=lambda: {"tmdb": True, "tvdb": True})
    # (tmdb id, language) -> the show's name in that language, when not the default one.
    localized_names: dict[tuple[int, str], str] = field(default_factory=dict)
    # Seconds every answer takes; with it, the most requests ever in flight at once is kept.
    delay: float = 0.0
    in_flight: int = 0
    peak_in_flight: int = 0

    def __post_init__(self) -> None:
        self.routes: list[tuple[re.Pattern[str], Handler]] = [
            (re.compile(r"/tmdb/tv/search"), self._tmdb_search_tv),
            (re.compile(r"/tmdb/movie/search"), self._tmdb_search_movie),
            (re.compile(r"/tmdb/tv/trending"), self._tmdb_trending_tv),
            (re.compile(r"/tmdb/movie/trending"), self._tmdb_trending_movie),
            (re.compile(r"/tmdb/tv/(\d+)/season/(\d+)"), self._tmdb_season),
            (re.compile(r"/tmdb/tv/(\d+)"), self._tmdb_tv),
            (re.compile(r"/tmdb/movie/(\d+)"), self._tmdb_movie),
            (re.compile(r"/tmdb/find/(\w+)"), self._tmdb_find),
            (re.compile(r"/tvdb/search"), self._tvdb_search),
            (re.compile(r"/tvdb/series/(\d+)/episodes"), self._tvdb_episodes),
            (re.compile(r"/tvdb/series/(\d+)"), self._tvdb_series),
            (re.compile(r"/tvdb/movies/(\d+)"), self._tvdb_movie),
            (re.compile(r"/health"), self._health),
        ]

    def fail(self, path_prefix: str, kind: str) -> None:
        """Make every request whose path starts with `path_prefix` fail as `kind`."""
        self.faults[path_prefix] = FAULTS[kind]

    def paths(self) -> list[str]:
        return [request.url.path for request in self.requests]

    def cache_control(self) -> set[str | None]:
        """The Cache-Control headers of every request so far (None: no header)."""
        return {request.headers.get("Cache-Control") for request in self.requests}

    async def respond(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return self.handle(request)
        finally:
            self.in_flight -= 1

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        for prefix, fault in self.faults.items():
            if path.startswith(prefix):
                return fault(request)
        for pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if match:
                return handler(request, match)
        return relay_error(404, "Not Found", "HTTPException")

    # Catalogue

    def add_tmdb_show(
        self,
        tv_id: int,
        name: str,
        seasons: dict[int, list[date | None]],
        *,
        original_language: str = "en",
        original_name: str | None = None,
        status: str = "Returning Series",
        tvdb_id: int | None = None,
        alternative_titles: list[str] | None = None,
    ) -> None:
        """A show whose season N has one episode per air date in seasons[N]."""
        self.tmdb_shows[tv_id] = {
            "id": tv_id,
            "name": name,
            "original_name": original_name or name,
            "original_language": original_language,
            "overview": f"The story of {name}.",
            "first_air_date": "2015-01-05",
            "last_air_date": "2024-03-01",
            "status": status,
            "number_of_seasons": len([n for n in seasons if n > 0]),
            "episode_run_time": [45, 47],
            "poster_path": f"/poster{tv_id}.jpg",
            "backdrop_path": None,
            "genres": [{"id": 18, "name": "Drama"}, {"id": 80, "name": "Crime"}],
            "networks": [{"id": 174, "name": "AMC", "logo_path": "/amc.png"}],
            "origin_country": ["US"],
            "popularity": 312.5,
            "vote_average": 8.9,
            "seasons": [],
            "external_ids": {
                "id": tv_id,
                "imdb_id": f"tt{tv_id:07d}",
                "tvdb_id": tvdb_id,
                "tvrage_id": None,
                "wikidata_id": None,
            },
            # TV lists them under "results", movies under "titles".
            "alternative_titles": {
                "id": tv_id,
                "results": [
                    {"iso_3166_1": "US", "title": title, "type": ""}
                    for title in alternative_titles or ()
                ],
            },
        }
        if original_name:
            self.localized_names[(tv_id, original_language)] = original_name
        for number, air_dates in seasons.items():
            for air_date in air_dates:
                self.add_tmdb_episode(tv_id, number, air_date)

    def add_tmdb_episode(self, tv_id: int, season_number: int, air_date: date | None) -> int:
        """Append an episode (creating the season if needed); returns its number."""
        show = self.tmdb_shows[tv_id]
        season = self.tmdb_seasons.get((tv_id, season_number))
        if season is None:
            season = {
                "_id": f"5254228276{tv_id:06d}{season_number:04d}",
                "id": tv_id * 100 + season_number,
                "season_number": season_number,
                "name": "Specials" if season_number == 0 else f"Season {season_number}",
                "overview": "",
                "air_date": air_date.isoformat() if air_date else "",
                "poster_path": None,
                "episodes": [],
            }
            self.tmdb_seasons[(tv_id, season_number)] = season
            show["seasons"].append(
                {
                    "id": season["id"],
                    "season_number": season_number,
                    "name": season["name"],
                    "episode_count": 0,
                    "air_date": season["air_date"] or None,
                    "poster_path": None,
                }
            )
            show["seasons"].sort(key=lambda s: s["season_number"])
        number = len(season["episodes"]) + 1
        season["episodes"].append(
            {
                "id": tv_id * 10000 + season_number * 100 + number,
                "show_id": tv_id,
                "season_number": season_number,
                "episode_number": number,
                "episode_type": "standard",
                "name": f"Episode {season_number}x{number:02d}",
                "overview": f"Episode {number} of season {season_number}.",
                # TMDB sends "" for an unknown air date.
                "air_date": air_date.isoformat() if air_date else "",
                "runtime": 47,
                "still_path": None,
                "vote_average": 8.0,
                "crew": [],
                "guest_stars": [],
            }
        )
        for summary in show["seasons"]:
            if summary["season_number"] == season_number:
                summary["episode_count"] = len(season["episodes"])
        return number

    def add_tmdb_movie(
        self,
        movie_id: int,
        title: str,
        release_date: date | None = PAST,
        *,
        original_language: str = "en",
        runtime: int = 139,
        alternative_titles: list[str] | None = None,
    ) -> None:
        self.tmdb_movies[movie_id] = {
            "id": movie_id,
            "imdb_id": f"tt{movie_id:07d}",
            "title": title,
            "original_title": title,
            "original_language": original_language,
            "overview": f"A film called {title}.",
            "release_date": release_date.isoformat() if release_date else "",
            "runtime": runtime,
            "status": "Released",
            "poster_path": f"/movie{movie_id}.jpg",
            "genres": [{"id": 18, "name": "Drama"}],
            "popularity": 61.4,
            "vote_average": 8.4,
            "external_ids": {"id": movie_id, "imdb_id": f"tt{movie_id:07d}", "wikidata_id": None},
            "release_dates": {"results": []},
            "alternative_titles": {
                "id": movie_id,
                "titles": [
                    {"iso_3166_1": "FR", "title": title, "type": ""}
                    for title in alternative_titles or ()
                ],
            },
        }

    def add_tvdb_series(
        self,
        series_id: int,
        name: str,
        seasons: dict[int, list[date | None]],
        tmdb_id: int,
        *,
        aliases: list[str] | None = None,
    ) -> None:
        self.tvdb_series[series_id] = {
            "id": series_id,
            "name": name,
            "slug": name.lower().replace(" ", "-"),
            "image": f"https://artworks.thetvdb.com/banners/posters/{series_id}-1.jpg",
            "firstAired": "2015-01-05",
            "lastAired": "",
            "nextAired": "",
            "status": {"id": 1, "name": "Continuing", "recordType": "series", "keepUpdated": True},
            "originalCountry": "usa",
            "originalLanguage": "eng",
            "averageRuntime": 47,
            "overview": f"The story of {name}.",
            "year": "2015",
            "aliases": [{"language": "eng", "name": alias} for alias in aliases or ()],
            "genres": [{"id": 11, "name": "Drama", "slug": "drama"}],
            "remoteIds": [
                {"id": f"tt{series_id:07d}", "type": 2, "sourceName": "IMDB"},
                {"id": str(tmdb_id), "type": 12, "sourceName": "TheMovieDB.com"},
            ],
            "seasons": [
                {
                    "id": series_id * 100 + number,
                    "seriesId": series_id,
                    "type": {"id": kind, "name": label, "type": order},
                    "number": number,
                }
                for number in seasons
                # TVDB lists every ordering's seasons; only the aired order counts.
                for kind, label, order in ((1, "Aired Order", "official"), (2, "DVD", "dvd"))
            ],
        }
        self.tvdb_episodes[series_id] = [
            {
                "id": series_id * 1000 + season * 100 + number,
                "seriesId": series_id,
                "name": f"Episode {season}x{number:02d}",
                "aired": air_date.isoformat() if air_date else None,
                "runtime": 47,
                "overview": f"Episode {number} of season {season}.",
                "image": None,
                "isMovie": 0,
                "number": number,
                "seasonNumber": season,
            }
            for season, air_dates in seasons.items()
            for number, air_date in enumerate(air_dates, start=1)
        ]

    def _health(self, _request: httpx.Request, _match: re.Match[str]) -> httpx.Response:
        return httpx.Response(200, json={"status": "ok", "providers": self.providers})

    # TMDB routes

    def _tmdb_tv(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        show = self.tmdb_shows.get(int(match[1]))
        if show is None:
            return relay_error(404, "TMDB has no such item", "UpstreamNotFound")
        language = request.url.params.get("language", "").split("-")[0]
        name = self.localized_names.get((show["id"], language), show["name"])
        return _escaped_json(show | {"name": name})

    def _tmdb_season(self, _request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        season = self.tmdb_seasons.get((int(match[1]), int(match[2])))
        if season is None:
            return relay_error(404, "TMDB has no such item", "UpstreamNotFound")
        return _escaped_json(season)

    def _tmdb_movie(self, _request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        movie = self.tmdb_movies.get(int(match[1]))
        if movie is None:
            return relay_error(404, "TMDB has no such item", "UpstreamNotFound")
        return _escaped_json(movie)

    def _tmdb_find(self, request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        source = request.url.params.get("external_source")
        if source not in ("imdb_id", "tvdb_id"):
            return relay_error(422, "external_source is missing or wrong", "RequestValidationError")
        found = {
            "movie_results": [
                _movie_summary(m)
                for m in self.tmdb_movies.values()
                if str(m["external_ids"].get(source)) == match[1]
            ],
            "tv_results": [
                _tv_summary(s)
                for s in self.tmdb_shows.values()
                if str(s["external_ids"].get(source)) == match[1]
            ],
            "person_results": [],
        }
        return _escaped_json(found)

    def _tmdb_search_tv(self, request: httpx.Request, _match: re.Match[str]) -> httpx.Response:
        words = request.url.params["query"].lower()
        shows = self.tmdb_shows.values()
        return _page([_tv_summary(s) for s in shows if words in s["name"].lower()])

    def _tmdb_search_movie(self, request: httpx.Request, _match: re.Match[str]) -> httpx.Response:
        words = request.url.params["query"].lower()
        movies = self.tmdb_movies.values()
        return _page([_movie_summary(m) for m in movies if words in m["title"].lower()])

    def _tmdb_trending_tv(self, _request: httpx.Request, _match: re.Match[str]) -> httpx.Response:
        return _page([_tv_summary(show) for show in self.tmdb_shows.values()])

    def _tmdb_trending_movie(
        self, _request: httpx.Request, _match: re.Match[str]
    ) -> httpx.Response:
        return _page([_movie_summary(movie) for movie in self.tmdb_movies.values()])

    # TVDB routes

    def _tvdb_series(self, _request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        series = self.tvdb_series.get(int(match[1]))
        if series is None:
            return relay_error(404, "TVDB has no such item", "UpstreamNotFound")
        return httpx.Response(200, json={"status": "success", "data": series})

    def _tvdb_episodes(self, _request: httpx.Request, match: re.Match[str]) -> httpx.Response:
        series_id = int(match[1])
        if series_id not in self.tvdb_series:
            return relay_error(404, "TVDB has no such item", "UpstreamNotFound")
        episodes = self.tvdb_episodes[series_id]
        body = {
            "status": "success",
            "data": {
                "series": {"id": series_id, "name": self.tvdb_series[series_id]["name"]},
                "episodes": episodes,
            },
            "links": {"prev": None, "self": None, "next": None, "total_items": len(episodes)},
        }
        return httpx.Response(200, json=body)

    def _tvdb_movie(self, _request: httpx.Request, _match: re.Match[str]) -> httpx.Response:
        return relay_error(404, "TVDB has no such item", "UpstreamNotFound")

    def _tvdb_search(self, request: httpx.Request, _match: re.Match[str]) -> httpx.Response:
        words = request.url.params["query"].lower()
        results = [
            {
                "objectID": f"series-{series['id']}",
                "id": f"series-{series['id']}",
                "tvdb_id": str(series["id"]),
                "type": "series",
                "name": series["name"],
                "year": series["year"],
                "overview": series["overview"],
                "image_url": series["image"],
                "primary_language": "eng",
                "status": "Continuing",
            }
            for series in self.tvdb_series.values()
            if words in series["name"].lower() and request.url.params.get("type") != "movie"
        ]
        links = {"prev": None, "self": None, "next": None}
        return httpx.Response(200, json={"status": "success", "data": results, "links": links})


def _page(results: list[dict[str, Any]]) -> httpx.Response:
    body = {"page": 1, "results": results, "total_pages": 1, "total_results": len(results)}
    return httpx.Response(200, json=body)


def _tv_summary(show: dict[str, Any]) -> dict[str, Any]:
    fields = ["id", "name", "original_name", "original_language", "overview", "first_air_date",
              "poster_path", "origin_country", "popularity", "vote_average"]  # fmt: skip
    return {"media_type": "tv", "genre_ids": [g["id"] for g in show["genres"]]} | {
        key: show.get(key) for key in fields
    }


def _movie_summary(movie: dict[str, Any]) -> dict[str, Any]:
    fields = ["id", "title", "original_title", "original_language", "overview", "release_date",
              "poster_path", "popularity", "vote_average"]  # fmt: skip
    return {"media_type": "movie", "genre_ids": [g["id"] for g in movie["genres"]]} | {
        key: movie.get(key) for key in fields
    }


@pytest.fixture
def relay() -> Iterator[FakeRelay]:
    """The relay stand-in, answering at RELAY_URL (the tests' default metadata.relay_url)."""
    fake = FakeRelay()
    with respx.mock(assert_all_called=False) as router:
        router.route(url__startswith=fake.base_url).mock(side_effect=fake.respond)
        # Services a test did not start (Prowlarr's default http://localhost:9696, say) are
        # refused as on a machine where nothing listens there; any other host stays an error
        # of the test (not mocked).
        router.route(host="localhost").mock(side_effect=httpx.ConnectError("Connection refused"))
        yield fake
