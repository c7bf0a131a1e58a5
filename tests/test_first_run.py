"""A new install, walked to its first show with API calls only: no config file, no relay process.

The first account becomes the admin; /system/setup says what is missing; each missing setting
is added through the settings API (a TMDB key served by the relay's own code in-process, an
indexer, a real qBittorrent) and tested; then a show is searched and added.
"""

from pathlib import Path

import pytest
from httpx import AsyncClient

from media_manager.config import Settings
from tests.conftest import bearer_headers, register
from tests.downloads.torrent_fixtures import category, qbittorrent
from tests.support.tmdb import (
    FIVE_SEASONS,
    SHOW_ID,
    TMDB_KEY,
    TVDB_ID,
    TmdbStandIn,
    standin_url,
    tmdb,
)
from tests.support.torrent_clients import PASSWORD, USERNAME, QBittorrent
from tests.support.torznab import Release, TorznabServer

__all__ = ["category", "qbittorrent", "standin_url", "tmdb"]  # fixtures used below
INDEXER_KEY = "indexer-key-0123456789"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """What `make run` starts with: defaults only (not make_settings: it adds a relay)."""
    return Settings(
        data_dir=tmp_path / "data",
        database={"url": database_url},  # type: ignore[arg-type]
        server={"tune_gc": False},  # type: ignore[arg-type]
    )


def pending(setup: dict) -> list[str]:
    return [item["id"] for item in setup["items"] if not item["done"]]


async def test_new_install_reaches_its_first_show_through_the_api(
    client: AsyncClient,
    tmdb: TmdbStandIn,
    standin_url: str,
    torznab: TorznabServer,
    qbittorrent: QBittorrent,
    category: str,
):
    tmdb.add_show(SHOW_ID, "Breaking Bad", FIVE_SEASONS, tvdb_id=TVDB_ID)
    torznab.add(
        "site", api_key=INDEXER_KEY, releases=[Release("Breaking.Bad.S01.1080p.WEB-DL-GRP")]
    )
    admin = await register(client, "owner@example.com")
    assert admin["is_superuser"] is True
    headers = await bearer_headers(client, "owner@example.com")

    setup = (await client.get("/api/v1/system/setup", headers=headers)).json()
    assert setup["complete"] is False
    assert pending(setup) == ["metadata", "indexer", "download_client"]
    refused = await client.get("/api/v1/tv/search", params={"query": "bad"}, headers=headers)
    assert refused.status_code == 503
    assert "metadata.tmdb_api_key" in refused.json()["detail"]

    # Each missing step, through the link the checklist gives, tested before it is relied on.
    links = {item["id"]: item["api"] for item in setup["items"]}
    metadata = {"tmdb_api_key": TMDB_KEY, "tmdb_base_url": f"{standin_url}/3"}
    tried = await client.post(f"{links['metadata']}/test", json=metadata, headers=headers)
    assert tried.json()["ok"] is True, tried.json()
    saved = await client.patch(links["metadata"], json=metadata, headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["tmdb_api_key_set"] is True and "tmdb_api_key" not in saved.json()

    indexer = {"name": "site", "url": torznab.url("site"), "api_key": INDEXER_KEY}
    added = await client.post(links["indexer"], json=indexer, headers=headers)
    assert added.status_code == 201, added.text
    tested = await client.post(f"{links['indexer']}/{added.json()['id']}/test", headers=headers)
    assert tested.json()["ok"] is True, tested.json()

    qbit = {
        "name": "qbittorrent",
        "kind": "qbittorrent",
        "url": qbittorrent.url,
        "username": USERNAME,
        "password": PASSWORD,
        "category": category,
    }
    added = await client.post(links["download_client"], json=qbit, headers=headers)
    assert added.status_code == 201, added.text
    tested = await client.post(
        f"{links['download_client']}/{added.json()['id']}/test", headers=headers
    )
    assert tested.json()["ok"] is True, tested.json()

    setup = (await client.get("/api/v1/system/setup", headers=headers)).json()
    assert setup["complete"] is True, setup

    found = await client.get("/api/v1/tv/search", params={"query": "bad"}, headers=headers)
    assert found.status_code == 200, found.text
    assert [r["external_id"] for r in found.json()] == [SHOW_ID]
    show = await client.post(
        "/api/v1/tv/shows",
        json={"metadata_provider": "tmdb", "external_id": SHOW_ID},
        headers=headers,
    )
    assert show.status_code == 201, show.text
    assert show.json()["name"] == "Breaking Bad"
    releases = await client.get(
        "/api/v1/tv/torrents",
        params={"show_id": show.json()["id"], "season_number": 1},
        headers=headers,
    )
    assert releases.status_code == 200, releases.text
    assert [r["title"] for r in releases.json()["results"]] == ["Breaking.Bad.S01.1080p.WEB-DL-GRP"]
