"""A new install: what /system/setup says is missing, and settings that take effect at once."""

from pathlib import Path

import pytest
from httpx import AsyncClient

from media_manager.config import Settings
from tests.settings.conftest import KEY
from tests.support.torznab import TorznabServer, season_pack


@pytest.fixture
def settings(tmp_path: Path, database_url: str, torznab: TorznabServer) -> Settings:
    """A fresh install: no indexer, no download client, no metadata source."""
    torznab.add("alpha", api_key=KEY, releases=[season_pack("Show Name", 1, "ALPHA")])
    # Not make_settings(): it gives every test the relay stand-in as metadata source.
    return Settings(
        data_dir=tmp_path / "data",
        database={"url": database_url},  # type: ignore[arg-type]
        server={"tune_gc": False},  # type: ignore[arg-type]
    )


def by_id(body: dict) -> dict[str, dict]:
    return {item["id"]: item for item in body["items"]}


async def test_setup_lists_what_a_new_install_lacks(client: AsyncClient, user_headers: dict):
    response = await client.get("/api/v1/system/setup", headers=user_headers)

    assert response.status_code == 200
    body = response.json()
    assert body["complete"] is False
    items = by_id(body)
    assert list(items) == ["metadata", "tv_library", "movie_library", "indexer", "download_client"]
    assert {k: v["done"] for k, v in items.items()} == {
        "metadata": False,
        # The default library folders are created at start-up.
        "tv_library": True,
        "movie_library": True,
        "indexer": False,
        "download_client": False,
    }
    assert items["indexer"]["link"] == "/settings/indexers"
    assert items["indexer"]["api"] == "/api/v1/settings/indexers"
    assert "TMDB" in items["metadata"]["message"]


async def test_an_indexer_added_through_the_api_is_searched_at_once(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer
):
    search = {"query": "Show Name", "kind": "tv"}
    before = await client.get("/api/v1/indexers/search", params=search, headers=admin_headers)
    assert before.status_code == 503
    assert before.json()["error"] == "NoIndexers"
    assert "No indexer is enabled" in before.json()["detail"]

    added = await client.post(
        "/api/v1/settings/indexers",
        json={"name": "alpha", "url": torznab.url("alpha"), "api_key": KEY},
        headers=admin_headers,
    )
    assert added.status_code == 201, added.text

    after = await client.get("/api/v1/indexers/search", params=search, headers=admin_headers)
    assert after.status_code == 200, after.text
    assert [r["title"] for r in after.json()["results"]] == [
        "Show.Name.S01.1080p.WEB-DL.H.264-ALPHA"
    ]
    setup = by_id((await client.get("/api/v1/system/setup", headers=admin_headers)).json())
    assert setup["indexer"]["done"] is True and "alpha" in setup["indexer"]["message"]

    await client.patch(
        f"/api/v1/settings/indexers/{added.json()['id']}",
        json={"enabled": False},
        headers=admin_headers,
    )
    disabled = await client.get("/api/v1/indexers/search", params=search, headers=admin_headers)
    assert disabled.status_code == 503


async def test_setup_counts_a_metadata_relay_and_an_enabled_download_client(
    client: AsyncClient, admin_headers: dict
):
    await client.patch(
        "/api/v1/settings/metadata",
        json={"relay_url": "http://relay.local:8001"},
        headers=admin_headers,
    )
    await client.post(
        "/api/v1/settings/download-clients",
        json={"name": "qbit", "kind": "qbittorrent", "url": "http://127.0.0.1:1"},
        headers=admin_headers,
    )

    items = by_id((await client.get("/api/v1/system/setup", headers=admin_headers)).json())

    assert items["metadata"]["done"] is True
    assert "relay.local" in items["metadata"]["message"]
    assert items["download_client"]["done"] is True
