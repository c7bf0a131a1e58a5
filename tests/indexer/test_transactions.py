"""A slow indexer search must not hold the SQLite write lock (real engine, no test transaction)."""

import asyncio
import time

from httpx import ASGITransport, AsyncClient

from media_manager.main import create_app
from tests.conftest import PASSWORD, make_settings
from tests.support.torznab import Release, TorznabServer

# Caps and search each take this long: together longer than SQLite's 5 s busy timeout.
INDEXER_DELAY = 3.0


async def test_writes_go_through_while_an_indexer_search_is_slow(
    tmp_path, torznab: TorznabServer, migrated_databases
):
    indexer = torznab.add("Slow", delay=INDEXER_DELAY, releases=[Release("Show.S01E01.720p")])
    url = await migrated_databases.create("sqlite", tmp_path / "lock.db")
    settings = make_settings(
        tmp_path / "data",
        url,
        indexer={
            "torznab": [
                {
                    "name": indexer.name,
                    "url": torznab.url(indexer.name),
                    "api_key": indexer.api_key,
                    "timeout_seconds": 4 * INDEXER_DELAY,
                }
            ]
        },
    )
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client,
    ):
        await client.post(
            "/api/v1/auth/register", json={"email": "admin@example.com", "password": PASSWORD}
        )
        login = await client.post(
            "/api/v1/auth/jwt/login",
            data={"username": "admin@example.com", "password": PASSWORD},
        )
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

        search = asyncio.create_task(
            client.get("/api/v1/indexers/search", params={"query": "Show"}, headers=headers)
        )
        await asyncio.sleep(0.5)  # the search is now waiting for the indexer
        started = time.monotonic()
        write = await client.post(
            "/api/v1/auth/register", json={"email": "other@example.com", "password": PASSWORD}
        )
        write_seconds = time.monotonic() - started
        searched = await search

    assert write.status_code == 201, write.text
    assert write_seconds < 2, f"the write waited {write_seconds:.1f} s for the search"
    assert searched.status_code == 200
    assert [r["title"] for r in searched.json()["results"]] == ["Show.S01E01.720p"], searched.text
