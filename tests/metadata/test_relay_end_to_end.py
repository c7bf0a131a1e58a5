"""The backend against the real metadata relay process, with the relay pointed at a TMDB stand-in.

Nothing is mocked in between: the app calls the relay over HTTP (metadata.relay_url), the relay
(`metadata-relay`, run from its own project with uv) calls the stand-in over HTTP through
tmdbsimple, and the stand-in answers TMDB v3 shaped JSON from a catalogue the tests change.
"""

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from httpx import AsyncClient, Response

from media_manager.config import Settings
from tests.conftest import make_settings, missing
from tests.support.http_server import free_port
from tests.support.tmdb import (
    FIVE_SEASONS,
    FUTURE,
    MOVIE_ID,
    PAST,
    SHOW_ID,
    TMDB_KEY,
    TVDB_ID,
    TmdbStandIn,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
RELAY_PROJECT = REPO_ROOT / "metadata_relay"
RELAY_INSTALL_HINT = (
    "install uv (https://docs.astral.sh/uv/), then: uv sync --project metadata_relay --locked"
)
RELAY_START_TIMEOUT = 60.0


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        # `uv run` starts the relay as its child: stop the whole group it was started in.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# Session-scoped, not module-scoped: pytest runs this module's SQLite and PostgreSQL tests in two
# separate stretches (grouped by database), so a module-scoped relay was started more than once.
# It keeps nothing between requests (no cache), so one relay serves every test.
@pytest.fixture(scope="session")
def relay_url(standin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real relay, run from its own project, with only a TMDB key, pointed at the stand-in."""
    uv = shutil.which("uv")
    if uv is None:
        missing(f"uv is not on PATH, so the metadata relay cannot run; {RELAY_INSTALL_HINT}")
    if not (RELAY_PROJECT / ".venv").is_dir():
        missing(f"the metadata relay's environment is missing; {RELAY_INSTALL_HINT}")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TMDB_", "TVDB_", "RELAY_")) and key != "VIRTUAL_ENV"
    }
    env |= {
        "TMDB_API_KEY": TMDB_KEY,
        "TMDB_BASE_URL": f"{standin_url}/3",
        # No cache: a refresh must see what the stand-in answers now.
        "RELAY_CACHE_TTL_SECONDS": "0",
        "RELAY_UPSTREAM_TIMEOUT_SECONDS": "5",
    }
    log_path = tmp_path_factory.mktemp("relay") / "relay.log"
    command = [uv, "run", "--project", str(RELAY_PROJECT), "--locked", "metadata-relay"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + RELAY_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"the metadata relay exited with {process.returncode}:\n"
                    f"{log_path.read_text(errors='replace')}"
                )
            try:
                health = httpx.get(f"{url}/health", timeout=1)
                if health.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the metadata relay did not answer /health within {RELAY_START_TIMEOUT:g} s:\n"
                    f"{log_path.read_text(errors='replace')}"
                )
            time.sleep(0.1)
        assert health.json() == {"status": "ok", "providers": {"tmdb": True, "tvdb": False}}
        yield url
    finally:
        _stop(process)


@pytest.fixture
def settings(tmp_path: Path, database_url: str, relay_url: str) -> Settings:
    return make_settings(tmp_path / "data", database_url, metadata={"relay_url": relay_url})


async def add_show(client: AsyncClient, headers: dict, **body: object) -> Response:
    payload = {"metadata_provider": "tmdb", "external_id": SHOW_ID} | body
    return await client.post("/api/v1/tv/shows", json=payload, headers=headers)


async def add_movie(client: AsyncClient, headers: dict, **body: object) -> Response:
    payload = {"metadata_provider": "tmdb", "external_id": MOVIE_ID} | body
    return await client.post("/api/v1/movies", json=payload, headers=headers)


async def listed(client: AsyncClient, headers: dict, path: str) -> dict:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def monitored_episodes(show: dict) -> dict[int, list[bool]]:
    return {s["number"]: [e["monitored"] for e in s["episodes"]] for s in show["seasons"]}


async def test_show_round_trip_through_the_relay(
    app, client: AsyncClient, user_headers: dict, admin_headers: dict, tmdb: TmdbStandIn
):
    tmdb.add_show(SHOW_ID, "Breaking Bad", FIVE_SEASONS, tvdb_id=TVDB_ID)

    found = await client.get(
        "/api/v1/tv/search", params={"query": "breaking"}, headers=user_headers
    )
    added = await add_show(client, user_headers, monitor="future")

    assert found.status_code == 200, found.text
    assert [(r["external_id"], r["name"], r["year"]) for r in found.json()] == [
        (SHOW_ID, "Breaking Bad", 2008)
    ]
    assert added.status_code == 201, added.text
    show = added.json()
    assert (show["name"], show["tmdb_id"], show["imdb_id"]) == (
        "Breaking Bad",
        SHOW_ID,
        "tt0903747",
    )
    # The TVDB id and the other titles only come with what the relay appends to the details.
    assert show["tvdb_id"] == TVDB_ID
    assert show["alternate_titles"] == ["Breaking Bad - Reine Chemie"]
    assert [(s["number"], len(s["episodes"])) for s in show["seasons"]] == [
        (1, 2), (2, 2), (3, 2), (4, 2), (5, 2)
    ]  # fmt: skip
    assert show["seasons"][4]["episodes"][1]["air_date"] == FUTURE.isoformat()
    # Every upstream call went through the relay with the relay's key.
    assert tmdb.requests and all(query.get("api_key") == TMDB_KEY for _p, query in tmdb.requests)
    assert sorted(set(tmdb.paths())) == sorted(
        {"/search/tv", f"/tv/{SHOW_ID}"} | {f"/tv/{SHOW_ID}/season/{n}" for n in range(1, 6)}
    )

    page = await listed(client, user_headers, "/api/v1/tv/shows")
    opened = await client.get(f"/api/v1/tv/shows/{show['id']}", headers=user_headers)

    assert page["total"] == 1
    item = page["items"][0]
    assert (item["name"], item["episode_count"], item["aired_episode_count"]) == (
        "Breaking Bad",
        10,
        9,
    )
    assert item["episode_file_count"] == 0
    assert opened.status_code == 200
    assert opened.json() == show

    # The provider gains an episode still to air, and a late one for an old season.
    tmdb.add_episode(SHOW_ID, 5, FUTURE)
    tmdb.add_episode(SHOW_ID, 1, PAST)
    refreshed = await client.post(f"/api/v1/tv/shows/{show['id']}/refresh", headers=user_headers)
    # The refresh found a monitored new episode: its notification runs after the response, on
    # the one connection tests share; let it finish before the next request.
    await app.state.task_runner.drain()

    assert refreshed.status_code == 200, refreshed.text
    episodes = monitored_episodes(refreshed.json())
    # monitor="future": the new unaired episode is monitored, the new aired one is not.
    assert episodes[5] == [False, True, True]
    assert episodes[1] == [False, False, False]
    assert refreshed.json()["seasons"][4]["episodes"][2]["air_date"] == FUTURE.isoformat()
    kept = [e["id"] for e in refreshed.json()["seasons"][4]["episodes"][:2]]
    assert kept == [e["id"] for e in show["seasons"][4]["episodes"]]
    page = await listed(client, user_headers, "/api/v1/tv/shows")
    assert (page["items"][0]["episode_count"], page["items"][0]["aired_episode_count"]) == (12, 10)

    deleted = await client.delete(f"/api/v1/tv/shows/{show['id']}", headers=admin_headers)
    gone = await client.get(f"/api/v1/tv/shows/{show['id']}", headers=user_headers)

    assert deleted.status_code == 204
    assert gone.status_code == 404
    assert (await listed(client, user_headers, "/api/v1/tv/shows"))["total"] == 0


async def test_movie_round_trip_through_the_relay(
    client: AsyncClient, user_headers: dict, admin_headers: dict, tmdb: TmdbStandIn
):
    tmdb.add_movie(MOVIE_ID, "Fight Club", date(1999, 10, 15), runtime=139)

    added = await add_movie(client, user_headers)

    assert added.status_code == 201, added.text
    movie = added.json()
    assert (movie["title"], movie["year"], movie["runtime"]) == ("Fight Club", 1999, 139)
    assert (movie["tmdb_id"], movie["imdb_id"], movie["release_date"]) == (
        MOVIE_ID,
        "tt0137523",
        "1999-10-15",
    )
    assert tmdb.requests[-1][0] == f"/movie/{MOVIE_ID}"
    appended = set(tmdb.requests[-1][1].get("append_to_response", "").split(","))
    assert appended == {"external_ids", "release_dates", "alternative_titles"}
    assert movie["alternate_titles"] == ["Le Club de combat"]

    page = await listed(client, user_headers, "/api/v1/movies")
    opened = await client.get(f"/api/v1/movies/{movie['id']}", headers=user_headers)

    assert (page["total"], page["items"]) == (1, [movie])
    assert opened.json() == movie

    tmdb.movies[MOVIE_ID] |= {"title": "Fight Club (Director's Cut)", "runtime": 151}
    refreshed = await client.post(f"/api/v1/movies/{movie['id']}/refresh", headers=user_headers)

    assert refreshed.status_code == 200, refreshed.text
    assert (refreshed.json()["title"], refreshed.json()["runtime"], refreshed.json()["id"]) == (
        "Fight Club (Director's Cut)",
        151,
        movie["id"],
    )

    deleted = await client.delete(f"/api/v1/movies/{movie['id']}", headers=admin_headers)
    gone = await client.get(f"/api/v1/movies/{movie['id']}", headers=user_headers)

    assert deleted.status_code == 204
    assert gone.status_code == 404
    assert (await listed(client, user_headers, "/api/v1/movies"))["total"] == 0


@pytest.mark.parametrize(
    ("kind", "fault", "external_id", "status", "error", "says"),
    [
        # TMDB fails on the show itself: the relay answers 502, the backend too.
        ("tv", f"/tv/{SHOW_ID}", SHOW_ID, 502, "MetadataUnavailable", "HTTP 500"),
        ("movies", f"/movie/{MOVIE_ID}", MOVIE_ID, 502, "MetadataUnavailable", "HTTP 500"),
        # TMDB has no such item: 404 all the way through.
        ("tv", None, 424242, 404, "MetadataNotFound", "found no TMDB show 424242"),
        ("movies", None, 424242, 404, "MetadataNotFound", "found no TMDB movie 424242"),
    ],
)
async def test_tmdb_failure_behind_the_relay_is_reported_and_nothing_is_saved(
    client: AsyncClient,
    user_headers: dict,
    tmdb: TmdbStandIn,
    relay_url: str,
    kind: str,
    fault: str | None,
    external_id: int,
    status: int,
    error: str,
    says: str,
):
    tmdb.add_show(SHOW_ID, "Breaking Bad", FIVE_SEASONS, tvdb_id=TVDB_ID)
    tmdb.add_movie(MOVIE_ID, "Fight Club", date(1999, 10, 15), runtime=139)
    if fault:
        tmdb.faults[fault] = 500
    add = add_show if kind == "tv" else add_movie
    listing = "/api/v1/tv/shows" if kind == "tv" else "/api/v1/movies"

    response = await add(client, user_headers, external_id=external_id)

    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    assert f"metadata service (relay at {relay_url})" in body["detail"]
    assert says in body["detail"]
    if fault:
        assert fault in tmdb.paths()  # the failure really came from upstream
    assert (await listed(client, user_headers, listing))["total"] == 0


async def test_failing_seasons_behind_the_relay_are_named_and_retried_by_refresh(
    app, client: AsyncClient, user_headers: dict, tmdb: TmdbStandIn
):
    tmdb.add_show(SHOW_ID, "Breaking Bad", FIVE_SEASONS, tvdb_id=TVDB_ID)
    tmdb.faults[f"/tv/{SHOW_ID}/season/3"] = 404  # listed by the show, then not found
    tmdb.faults[f"/tv/{SHOW_ID}/season/4"] = 503

    added = await add_show(client, user_headers)

    assert added.status_code == 201, added.text
    show = added.json()
    assert [s["number"] for s in show["seasons"]] == [1, 2, 5]
    reasons = {f["number"]: f["reason"] for f in show["failed_seasons"]}
    assert sorted(reasons) == [3, 4]
    assert f"found no season 3 of TMDB show {SHOW_ID}" in reasons[3]
    assert "TMDB answered with HTTP 503" in reasons[4]

    tmdb.faults.clear()
    refreshed = await client.post(f"/api/v1/tv/shows/{show['id']}/refresh", headers=user_headers)
    # The refresh found a monitored new episode: its notification runs after the response, on
    # the one connection tests share; let it finish before the next request.
    await app.state.task_runner.drain()

    assert refreshed.status_code == 200, refreshed.text
    assert [s["number"] for s in refreshed.json()["seasons"]] == [1, 2, 3, 4, 5]
    assert refreshed.json()["failed_seasons"] == []


async def test_tvdb_without_a_key_on_the_relay_is_a_clear_error(
    client: AsyncClient, user_headers: dict, tmdb: TmdbStandIn
):
    response = await add_show(client, user_headers, metadata_provider="tvdb", external_id=TVDB_ID)

    # The relay answers 503 (provider not configured), and so does the backend.
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["error"] == "MetadataProviderNotConfigured"
    assert body["detail"].endswith(
        "has no API key for TVDB: set TVDB_API_KEY on the relay, or use the tmdb metadata provider"
    )
    assert tmdb.requests == []
    assert (await listed(client, user_headers, "/api/v1/tv/shows"))["total"] == 0
