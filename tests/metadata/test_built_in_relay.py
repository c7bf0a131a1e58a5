"""The backend with TMDB/TVDB keys and no relay process: the relay's own app runs in-process.

The relay's code calls the TMDB stand-in over real HTTP (tmdbsimple); nothing else runs.
"""

import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import text

from media_manager.config import Settings
from media_manager.core import database
from media_manager.core.database import TransactionOpenDuringSlowCall
from media_manager.main import apply_settings
from media_manager.metadata.relay import BuiltInRelay, RemoteRelay
from tests.conftest import make_settings
from tests.metadata.relay import FakeRelay
from tests.support.http_server import free_port
from tests.support.tmdb import FIVE_SEASONS, MOVIE_ID, SHOW_ID, TMDB_KEY, TVDB_ID, TmdbStandIn

NO_SOURCE = "No metadata source configured"


def keys(standin_url: str, **extra: object) -> dict[str, object]:
    return {"tmdb_api_key": TMDB_KEY, "tmdb_base_url": f"{standin_url}/3"} | extra


@pytest.fixture
def settings(tmp_path: Path, database_url: str, standin_url: str) -> Settings:
    return make_settings(tmp_path / "data", database_url, metadata=keys(standin_url))


@pytest.fixture
def no_outbound_requests(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every outbound request or DNS lookup the app attempts, recorded (and refused)."""
    attempts: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(str(request.url))
        raise httpx.ConnectError("no requests in this test", request=request)

    def lookup(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        attempts.append(f"DNS {host}")
        raise socket.gaierror("no DNS in this test")

    app.state.http_client = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    yield attempts


async def test_search_and_add_with_only_a_tmdb_key(
    app: FastAPI, client: AsyncClient, user_headers: dict, tmdb: TmdbStandIn
):
    tmdb.add_show(SHOW_ID, "Breaking Bad", FIVE_SEASONS, tvdb_id=TVDB_ID)
    tmdb.add_movie(MOVIE_ID, "Fight Club", date(1999, 10, 15), runtime=139)

    shows = await client.get("/api/v1/tv/search", params={"query": "bad"}, headers=user_headers)
    movies = await client.get(
        "/api/v1/movies/search", params={"query": "fight"}, headers=user_headers
    )
    show = await client.post(
        "/api/v1/tv/shows",
        json={"metadata_provider": "tmdb", "external_id": SHOW_ID},
        headers=user_headers,
    )
    movie = await client.post(
        "/api/v1/movies",
        json={"metadata_provider": "tmdb", "external_id": MOVIE_ID},
        headers=user_headers,
    )

    assert shows.status_code == 200, shows.text
    assert [(r["external_id"], r["name"]) for r in shows.json()] == [(SHOW_ID, "Breaking Bad")]
    assert movies.status_code == 200, movies.text
    assert [(r["external_id"], r["title"]) for r in movies.json()] == [(MOVIE_ID, "Fight Club")]
    assert show.status_code == 201, show.text
    assert (show.json()["name"], show.json()["tvdb_id"]) == ("Breaking Bad", TVDB_ID)
    assert [len(s["episodes"]) for s in show.json()["seasons"]] == [2, 2, 2, 2, 2]
    assert movie.status_code == 201, movie.text
    assert movie.json()["title"] == "Fight Club"
    # The relay's code made the calls, with the key from the settings.
    assert {"/search/tv", "/search/movie", f"/tv/{SHOW_ID}", f"/movie/{MOVIE_ID}"} <= set(
        tmdb.paths()
    )
    assert all(query.get("api_key") == TMDB_KEY for _path, query in tmdb.requests)
    assert isinstance(app.state.metadata_source.connection, BuiltInRelay)


@pytest.mark.parametrize("relay_url", [None, ""])
async def test_no_source_answers_503_naming_the_settings_without_any_request(
    app: FastAPI,
    client: AsyncClient,
    user_headers: dict,
    no_outbound_requests: list[str],
    tmp_path: Path,
    database_url: str,
    relay_url: str | None,
):
    apply_settings(
        app.state, make_settings(tmp_path / "data", database_url, metadata={"relay_url": relay_url})
    )

    answers = [
        await client.get("/api/v1/tv/search", params={"query": "bad"}, headers=user_headers),
        await client.get("/api/v1/movies/trending", headers=user_headers),
        await client.post(
            "/api/v1/tv/shows",
            json={"metadata_provider": "tvdb", "external_id": TVDB_ID},
            headers=user_headers,
        ),
    ]

    for answer in answers:
        assert answer.status_code == 503, answer.text
        body = answer.json()
        assert body["error"] == "MetadataSourceNotConfigured"
        assert body["detail"].startswith(NO_SOURCE)
        for setting in ("metadata.relay_url", "metadata.tmdb_api_key", "metadata.tvdb_api_key"):
            assert setting in body["detail"]
        assert "Settings → Metadata" in body["detail"]
    assert no_outbound_requests == []


async def test_provider_without_a_key_points_to_the_configured_one(
    client: AsyncClient, user_headers: dict, tmdb: TmdbStandIn
):
    response = await client.post(
        "/api/v1/tv/shows",
        json={"metadata_provider": "tvdb", "external_id": TVDB_ID},
        headers=user_headers,
    )

    assert response.status_code == 503, response.text
    assert response.json() == {
        "detail": "The metadata service (built in, with the keys from the settings) has no API "
        "key for TVDB: set metadata.tvdb_api_key (in the app: Settings → Metadata), "
        "or use the tmdb metadata provider",
        "error": "MetadataProviderNotConfigured",
    }
    assert tmdb.requests == []


async def test_only_a_tvdb_key_points_tmdb_lookups_to_tvdb(
    app: FastAPI, client: AsyncClient, user_headers: dict, tmp_path: Path, database_url: str
):
    dead = f"http://127.0.0.1:{free_port()}"
    metadata = {"tvdb_api_key": "tvdb-key", "tvdb_base_url": dead}
    apply_settings(app.state, make_settings(tmp_path / "data", database_url, metadata=metadata))

    response = await client.get("/api/v1/tv/search", params={"query": "x"}, headers=user_headers)

    assert response.status_code == 503, response.text
    assert response.json()["detail"].endswith(
        "has no API key for TMDB: set metadata.tmdb_api_key (in the app: Settings → Metadata), "
        "or use the tvdb metadata provider"
    )


async def test_a_rejected_key_says_which_setting_to_fix(
    app: FastAPI,
    client: AsyncClient,
    user_headers: dict,
    tmdb: TmdbStandIn,
    tmp_path: Path,
    database_url: str,
    standin_url: str,
):
    metadata = keys(standin_url, tmdb_api_key="not-the-key")
    apply_settings(app.state, make_settings(tmp_path / "data", database_url, metadata=metadata))

    response = await client.get("/api/v1/tv/search", params={"query": "x"}, headers=user_headers)

    assert response.status_code == 502, response.text
    assert response.json()["error"] == "MetadataKeyRejected"
    assert "TMDB refused the API key; check metadata.tmdb_api_key" in response.json()["detail"]
    assert "not-the-key" not in response.text
    assert tmdb.paths() == ["/search/tv"]


async def test_switching_between_keys_and_a_relay_takes_effect_without_leaks(
    app: FastAPI,
    client: AsyncClient,
    user_headers: dict,
    tmdb: TmdbStandIn,
    relay: FakeRelay,
    settings: Settings,
    tmp_path: Path,
    database_url: str,
):
    tmdb.add_show(SHOW_ID, "Breaking Bad", FIVE_SEASONS, tvdb_id=TVDB_ID)
    relay.add_tmdb_show(SHOW_ID, "Breaking Bad (from the relay)", {1: []})
    source = app.state.metadata_source

    async def search() -> list[str]:
        found = await client.get(
            "/api/v1/tv/search", params={"query": "breaking"}, headers=user_headers
        )
        assert found.status_code == 200, found.text
        return [result["name"] for result in found.json()]

    assert await search() == ["Breaking Bad"]
    built_in = source.connection
    assert isinstance(built_in, BuiltInRelay) and not built_in.closed

    apply_settings(app.state, make_settings(tmp_path / "data", database_url))  # the relay URL
    assert await search() == ["Breaking Bad (from the relay)"]
    assert isinstance(source.connection, RemoteRelay)
    # The built-in relay was shut down, its own upstream client with it.
    assert built_in.closed
    assert built_in.app.state.tvdb._client.is_closed

    apply_settings(app.state, settings)  # the keys again
    assert await search() == ["Breaking Bad"]
    again = source.connection
    assert isinstance(again, BuiltInRelay) and again is not built_in and not again.closed
    assert relay.paths() == ["/tmdb/tv/search"]


async def test_built_in_relay_calls_count_as_slow_calls(
    app: FastAPI, session, tmdb: TmdbStandIn, settings: Settings
):
    from media_manager.metadata.service import MetadataService

    service = MetadataService(app.state.http_client, settings.metadata, app.state.metadata_source)
    await session.execute(text("SELECT 1"))
    token = database._request_session.set(session)
    try:
        with pytest.raises(TransactionOpenDuringSlowCall, match="built-in metadata service"):
            await service.search_shows("tmdb", "bad")
    finally:
        database._request_session.reset(token)
    assert tmdb.requests == []


async def test_library_scan_resolves_imdb_tags_through_the_built_in_relay(
    app: FastAPI, client: AsyncClient, admin_headers: dict, tmdb: TmdbStandIn
):
    tmdb.add_show(SHOW_ID, "Breaking Bad", FIVE_SEASONS, tvdb_id=TVDB_ID)
    tmdb.add_movie(MOVIE_ID, "Fight Club", date(1999, 10, 15), runtime=139)
    paths = app.state.settings.paths
    (paths.tv / "BB [imdbid-tt0903747]").mkdir(parents=True)
    (paths.movies / "FC (1999) {imdb-tt0137523}").mkdir(parents=True)

    response = await client.post("/api/v1/library/scan", headers=admin_headers)
    assert response.status_code == 202, response.text
    await app.state.job_runner.wait_idle()
    rows = (await client.get("/api/v1/library/scan", headers=admin_headers)).json()["items"]

    assert {(r["folder"], r["provider"], r["external_id"], r["confidence"]) for r in rows} == {
        ("BB [imdbid-tt0903747]", "tmdb", SHOW_ID, "id tag"),
        ("FC (1999) {imdb-tt0137523}", "tmdb", MOVIE_ID, "id tag"),
    }
    finds = [(path, query["external_source"]) for path, query in tmdb.requests if "/find/" in path]
    assert sorted(finds) == [("/find/tt0137523", "imdb_id"), ("/find/tt0903747", "imdb_id")]
    assert not [path for path, _ in tmdb.requests if path.startswith("/search/")]
