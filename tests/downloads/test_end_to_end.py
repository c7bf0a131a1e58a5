"""The download step with a real client: search → grab → qBittorrent/Transmission → completed.

A second qBittorrent seeds a season pack of random data through the test tracker; the local
Torznab stand-in serves that release's real .torrent. MediaManager finds it by a season search,
grabs it through its API, and its poller follows the download until the client reports it done.
"""

import asyncio
import time
from pathlib import Path

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.downloads.service import DownloadPoller
from tests.conftest import make_settings
from tests.downloads.clients.helpers import connect_seeder_to, seed_from_qbittorrent
from tests.downloads.conftest import KEY, TMDB_ID, TVDB_ID
from tests.metadata.relay import PAST
from tests.support.torrent_clients import (
    PASSWORD,
    USERNAME,
    QBittorrent,
    Transmission,
    make_release,
)
from tests.support.torznab import Release, TorznabServer
from tests.tv.factories import create_show


@pytest.fixture
def release(tmp_path: Path, tracker: str, group: str):
    return make_release(tmp_path / "seed", tracker, name=f"Show.Name.S01.1080p.WEB-DL-{group}")


@pytest.fixture(params=["qbittorrent", "transmission"])
def receiver(request) -> tuple[str, QBittorrent | Transmission]:
    """The client MediaManager grabs with, and the running program behind it."""
    return request.param, request.getfixturevalue(request.param)


@pytest.fixture
def settings(
    tmp_path: Path,
    database_url: str,
    torznab: TorznabServer,
    receiver: tuple[str, QBittorrent | Transmission],
    category: str,
    release,
) -> Settings:
    kind, program = receiver
    torznab.add(
        "tracker-site",
        api_key=KEY,
        releases=[
            Release(release.name, size=3 * 1024 * 1024, tvdb_id=TVDB_ID, file=release.torrent)
        ],
    )
    client = {
        "name": "torrents",
        "kind": kind,
        "url": program.url,
        "username": USERNAME,
        "password": PASSWORD,
        "category": category,
    }
    return make_settings(
        tmp_path / "data",
        database_url,
        indexer={"torznab": [{"name": "site", "url": torznab.url("tracker-site"), "api_key": KEY}]},
        downloads={"clients": [client]},
    )


async def test_season_pack_found_grabbed_and_completed_in_the_real_client(
    client: AsyncClient,
    admin_headers: dict,
    app,
    session: AsyncSession,
    seeder: QBittorrent,
    receiver: tuple[str, QBittorrent | Transmission],
    release,
):
    kind, program = receiver
    await asyncio.to_thread(seed_from_qbittorrent, seeder, release)
    show = await create_show(
        session, name="Show Name", tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, seasons={1: [PAST] * 3}
    )

    found = await client.get(
        "/api/v1/tv/torrents",
        params={"show_id": str(show.id), "season_number": 1},
        headers=admin_headers,
    )
    assert found.status_code == 200, found.text
    [result] = [r for r in found.json()["results"] if r["title"] == release.name]
    assert result["accepted"], result
    grabbed = await client.post(
        "/api/v1/activity/queue", json={"result_id": result["id"]}, headers=admin_headers
    )
    assert grabbed.status_code == 201, grabbed.text
    download = grabbed.json()
    assert download["client"] == "torrents"
    assert download["info_hash"] == release.info_hash
    assert len(download["episode_ids"]) == 3

    if kind == "transmission":
        # Transmission 3.00 never dials loopback peers; the seeder dials it instead.
        await asyncio.to_thread(connect_seeder_to, seeder, release, program)

    state = app.state
    poller = DownloadPoller(state.sessionmaker, state.settings, state.download_clients)
    deadline = time.monotonic() + 60
    while True:
        await poller.poll()
        body = (
            await client.get(f"/api/v1/activity/{download['id']}", headers=admin_headers)
        ).json()
        if body["status"] == "completed" or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)

    assert body["status"] == "completed", body
    assert body["progress"] == 1.0
    # Where the client says the content is, not a folder guessed from the release name.
    content = Path(body["content_path"])
    assert content.name == release.name
    save_root = program.save_path if isinstance(program, QBittorrent) else program.download_dir
    assert content.is_relative_to(save_root)
    for name in release.files:
        assert (content / name).read_bytes() == (release.path / name).read_bytes()
    history = await client.get(
        "/api/v1/activity/history", params={"status": "completed"}, headers=admin_headers
    )
    assert [item["id"] for item in history.json()["items"]] == [download["id"]]
