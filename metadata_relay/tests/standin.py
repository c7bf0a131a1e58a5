"""A local stand-in for the TMDB v3 and TVDB v4 APIs, served over real HTTP on loopback.

Tests script it through `StandIn`: count hits per path, make a path answer with an error status,
a delay or a body that is not JSON, and expire TVDB tokens.
"""

import asyncio
import itertools
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from tests import standin_data as data

TMDB_KEY = "tmdb-relay-key"
TVDB_KEY = "tvdb-relay-key"
TVDB_PAGE_SIZE = 3


@dataclass
class Fault:
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    times: int | None = None


@dataclass
class StandIn:
    base_url: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    queries: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    faults: dict[str, Fault] = field(default_factory=dict)
    tvdb_tokens: set[str] = field(default_factory=set)
    tvdb_logins: int = 0
    _token_numbers: Any = field(default_factory=lambda: itertools.count(1))

    @property
    def tmdb_url(self) -> str:
        return f"{self.base_url}/tmdb/3"

    @property
    def tvdb_url(self) -> str:
        return f"{self.base_url}/tvdb/v4"

    def reset(self) -> None:
        self.hits.clear()
        self.queries.clear()
        self.faults.clear()
        self.tvdb_tokens.clear()
        self.tvdb_logins = 0

    def fail(
        self,
        path: str,
        status: int | None = None,
        *,
        body: bytes | str = b"",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        times: int | None = None,
    ) -> None:
        """Make `path` (as the upstream sees it) misbehave, `times` times or until reset.

        With no status the normal answer is sent after `delay`.
        """
        if isinstance(body, str):
            body = body.encode()
        self.faults[path] = Fault(status, body, headers or {}, delay, times)

    def issue_tvdb_token(self) -> str:
        self.tvdb_logins += 1
        token = f"token-{next(self._token_numbers)}"
        self.tvdb_tokens.add(token)
        return token


class FaultMiddleware:
    def __init__(self, app: ASGIApp, state: StandIn) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        self.state.hits[path] += 1
        request = Request(scope)
        self.state.queries.setdefault(path, []).append(dict(request.query_params))
        fault = self.state.faults.get(path)
        if fault is not None and fault.times is not None:
            fault.times -= 1
            if fault.times <= 0:
                del self.state.faults[path]
        if fault is not None:
            await asyncio.sleep(fault.delay)
            if fault.status is not None:
                response = Response(fault.body, fault.status, headers=fault.headers)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def tmdb_error(status: int, code: int, message: str) -> JSONResponse:
    body = {"success": False, "status_code": code, "status_message": message}
    return JSONResponse(body, status_code=status)


def tmdb_not_found() -> JSONResponse:
    return tmdb_error(404, 34, "The resource you requested could not be found.")


def tmdb_authorised(request: Request) -> bool:
    return request.query_params.get("api_key") == TMDB_KEY


def tmdb_route(path: str, handler: Any) -> Route:
    async def endpoint(request: Request) -> Response:
        if not tmdb_authorised(request):
            return tmdb_error(401, 7, "Invalid API key: You must be granted a valid key.")
        return handler(request)

    return Route(f"/tmdb/3{path}", endpoint)


def paged(results: list[dict[str, Any]]) -> dict[str, Any]:
    return {"page": 1, "results": results, "total_pages": 1, "total_results": len(results)}


def appended(request: Request) -> set[str]:
    return set(filter(None, request.query_params.get("append_to_response", "").split(",")))


def tmdb_search_tv(request: Request) -> Response:
    words = request.query_params["query"].lower()
    shows = [s for s in data.TMDB_SHOWS.values() if words in s["name"].lower()]
    return JSONResponse(paged([data.tmdb_show_summary(s) for s in shows]))


def tmdb_search_movie(request: Request) -> Response:
    words = request.query_params["query"].lower()
    year = request.query_params.get("year")
    movies = [
        m
        for m in data.TMDB_MOVIES.values()
        if words in m["title"].lower() and (year is None or m["release_date"].startswith(year))
    ]
    return JSONResponse(paged([data.tmdb_movie_summary(m) for m in movies]))


def tmdb_find(request: Request) -> Response:
    wanted = request.path_params["external_id"]
    source = request.query_params.get("external_source")
    if source not in ("imdb_id", "tvdb_id"):
        return tmdb_error(400, 5, "Invalid parameters: external_source is missing or wrong.")
    found = {
        "movie_results": [
            data.tmdb_movie_summary(data.TMDB_MOVIES[movie_id])
            for movie_id, ids in data.TMDB_MOVIE_EXTERNAL_IDS.items()
            if str(ids.get(source)) == wanted
        ],
        "tv_results": [
            data.tmdb_show_summary(data.TMDB_SHOWS[tv_id])
            for tv_id, ids in data.TMDB_SHOW_EXTERNAL_IDS.items()
            if str(ids.get(source)) == wanted
        ],
        "person_results": [],
        "tv_episode_results": [],
        "tv_season_results": [],
    }
    return JSONResponse(found)


def tmdb_trending(request: Request) -> Response:
    if request.path_params["media_type"] == "tv":
        results = [data.tmdb_show_summary(s) for s in data.TMDB_SHOWS.values()]
    else:
        results = [data.tmdb_movie_summary(m) for m in data.TMDB_MOVIES.values()]
    if request.path_params["window"] == "day":
        results = results[:1]
    return JSONResponse(paged(results))


def tmdb_tv(request: Request) -> Response:
    tv_id = int(request.path_params["tv_id"])
    show = data.TMDB_SHOWS.get(tv_id)
    if show is None:
        return tmdb_not_found()
    body = dict(show)
    if "external_ids" in appended(request):
        body["external_ids"] = data.TMDB_SHOW_EXTERNAL_IDS[tv_id]
    if "alternative_titles" in appended(request):
        titles = data.TMDB_SHOW_ALTERNATIVE_TITLES.get(tv_id, [])
        body["alternative_titles"] = {"id": tv_id, "results": titles}
    return JSONResponse(body)


def tmdb_season(request: Request) -> Response:
    season = data.tmdb_season(
        int(request.path_params["tv_id"]), int(request.path_params["season_number"])
    )
    return tmdb_not_found() if season is None else JSONResponse(season)


def tmdb_movie(request: Request) -> Response:
    movie_id = int(request.path_params["movie_id"])
    movie = data.TMDB_MOVIES.get(movie_id)
    if movie is None:
        return tmdb_not_found()
    body = dict(movie)
    if "external_ids" in appended(request):
        body["external_ids"] = data.TMDB_MOVIE_EXTERNAL_IDS[movie_id]
    if "release_dates" in appended(request):
        body["release_dates"] = data.TMDB_MOVIE_RELEASE_DATES[movie_id]
    if "alternative_titles" in appended(request):
        titles = data.TMDB_MOVIE_ALTERNATIVE_TITLES.get(movie_id, [])
        body["alternative_titles"] = {"id": movie_id, "titles": titles}
    return JSONResponse(body)


def tvdb_failure(status: int, message: str) -> JSONResponse:
    return JSONResponse({"status": "failure", "message": message, "data": None}, status)


def tvdb_success(payload: Any, links: dict[str, Any] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"status": "success", "data": payload}
    if links is not None:
        body["links"] = links
    return JSONResponse(body)


def make_tvdb_routes(state: StandIn) -> list[Route]:
    async def login(request: Request) -> Response:
        body = await request.json()
        if body.get("apikey") != TVDB_KEY:
            return tvdb_failure(401, "InvalidAPIKey")
        return tvdb_success({"token": state.issue_tvdb_token()})

    def authorised(handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            if scheme != "Bearer" or token not in state.tvdb_tokens:
                return tvdb_failure(401, "Unauthorized")
            return handler(request)

        return endpoint

    def search(request: Request) -> Response:
        words = request.query_params["query"].lower()
        kind = request.query_params.get("type")
        results = [
            r
            for r in data.tvdb_search_results()
            if words in r["name"].lower() and kind in (None, r["type"])
        ]
        return tvdb_success(results, {"prev": None, "self": str(request.url), "next": None})

    def series(request: Request) -> Response:
        found = data.TVDB_SERIES.get(int(request.path_params["series_id"]))
        return tvdb_failure(404, "NotFoundException") if found is None else tvdb_success(found)

    def episodes(request: Request) -> Response:
        series_id = int(request.path_params["series_id"])
        if series_id not in data.TVDB_SERIES:
            return tvdb_failure(404, "NotFoundException")
        page = int(request.query_params["page"])
        season = request.query_params.get("season")
        matching = [
            e
            for e in data.tvdb_episodes(series_id)
            if season is None or e["seasonNumber"] == int(season)
        ]
        start = page * TVDB_PAGE_SIZE
        more = start + TVDB_PAGE_SIZE < len(matching)
        next_url = request.url.include_query_params(page=page + 1) if more else None
        links = {
            "prev": None,
            "self": str(request.url),
            "next": str(next_url) if next_url else None,
            "total_items": len(matching),
            "page_size": TVDB_PAGE_SIZE,
        }
        payload = {
            "series": {"id": series_id, "name": data.TVDB_SERIES[series_id]["name"]},
            "episodes": matching[start : start + TVDB_PAGE_SIZE],
        }
        return tvdb_success(payload, links)

    def movie(request: Request) -> Response:
        found = data.TVDB_MOVIES.get(int(request.path_params["movie_id"]))
        return tvdb_failure(404, "NotFoundException") if found is None else tvdb_success(found)

    return [
        Route("/tvdb/v4/login", login, methods=["POST"]),
        Route("/tvdb/v4/search", authorised(search)),
        Route("/tvdb/v4/series/{series_id}/extended", authorised(series)),
        Route("/tvdb/v4/series/{series_id}/episodes/default", authorised(episodes)),
        Route("/tvdb/v4/movies/{movie_id}/extended", authorised(movie)),
    ]


def create_standin_app(state: StandIn) -> ASGIApp:
    routes = [
        tmdb_route("/search/tv", tmdb_search_tv),
        tmdb_route("/search/movie", tmdb_search_movie),
        tmdb_route("/trending/{media_type}/{window}", tmdb_trending),
        tmdb_route("/find/{external_id}", tmdb_find),
        tmdb_route("/tv/{tv_id}", tmdb_tv),
        tmdb_route("/tv/{tv_id}/season/{season_number}", tmdb_season),
        tmdb_route("/movie/{movie_id}", tmdb_movie),
        *make_tvdb_routes(state),
    ]
    return FaultMiddleware(Starlette(routes=routes), state)


class StandInServer:
    """Runs the stand-in with uvicorn in a background thread on a free loopback port."""

    def __init__(self) -> None:
        self.state = StandIn()
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        port = self._socket.getsockname()[1]
        self.state.base_url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            create_standin_app(self.state),
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def start(self) -> None:
        self._thread.start()
        for _ in range(500):
            if self._server.started:
                return
            if not self._thread.is_alive():
                break
            threading.Event().wait(0.01)
        raise RuntimeError("the TMDB/TVDB stand-in did not start")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._socket.close()
