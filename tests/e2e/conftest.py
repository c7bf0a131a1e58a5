"""End-to-end: real qBittorrents, the Torznab stand-in serving real .torrent files, the real
poll job (which imports), automation's jobs, and Apprise posting to a local webhook receiver.

The receiving qBittorrent downloads into its profile under pytest's temporary folder, the same
filesystem as the test's libraries, so imports hardlink.
"""

import asyncio
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.jobs import JobContext
from media_manager.downloads.dependencies import job_poller
from media_manager.downloads.models import Download
from media_manager.importer.models import DownloadImport
from tests.conftest import make_settings, missing
from tests.downloads.clients.helpers import seed_from_qbittorrent
from tests.downloads.conftest import KEY
from tests.downloads.torrent_fixtures import category, group, qbittorrent, seeder, tracker
from tests.notifications.conftest import _receiver_url, receiver
from tests.support.torrent_clients import (
    PASSWORD,
    USERNAME,
    QBittorrent,
    Release,
    release_of_folder,
)
from tests.support.webhook import WebhookReceiver

__all__ = ["_receiver_url", "category", "group", "qbittorrent", "receiver", "seeder", "tracker"]

TVDB_ID, TMDB_ID, MOVIE_TMDB_ID = 121361, 1399, 603
SHOW_FOLDER = "Show Name (2015) [tmdbid-1399]"
MOVIE_FOLDER = "Movie Title (1999) [tmdbid-603]"
MB = 1024 * 1024


@pytest.fixture
def settings(
    tmp_path: Path,
    database_url: str,
    torznab,
    qbittorrent: QBittorrent,
    category: str,
    receiver: WebhookReceiver,
) -> Settings:
    """One indexer ("site", empty until a test adds releases), the real qBittorrent, the
    libraries under tmp_path, and one Apprise target at the webhook receiver."""
    torznab.add("site", api_key=KEY, releases=[])
    client = {
        "name": "qbit",
        "kind": "qbittorrent",
        "url": qbittorrent.url,
        "username": USERNAME,
        "password": PASSWORD,
        "category": category,
    }
    return make_settings(
        tmp_path / "data",
        database_url,
        paths={"tv": tmp_path / "tv", "movies": tmp_path / "movies"},
        indexer={"torznab": [{"name": "site", "url": torznab.url("site"), "api_key": KEY}]},
        downloads={"clients": [client], "stalled_failure_minutes": 1},
        automation={"indexer_min_interval_seconds": 0},
        notifications={
            "targets": [
                {
                    "name": "hook",
                    "urls": receiver.apprise_url(),
                    "events": [
                        "grabbed",
                        "imported",
                        "upgraded",
                        "download_failed",
                        "import_failed",
                        "import_blocked",
                    ],
                }
            ],
            "send_timeout_seconds": 5,
        },
    )


def write_random(path: Path, size: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(size))
    return path


def layout(parent: Path, name: str, files: dict[str, int | bytes]) -> Path:
    """A release folder: relative path → size of random data, or the exact bytes."""
    folder = parent / name
    for relative, content in files.items():
        if isinstance(content, int):
            write_random(folder / relative, content)
        else:
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(content)
    return folder


def rar_volumes(folder: Path, video: str, volume_kb: int = 100) -> list[str]:
    """Pack `video` into a multi-volume RAR5 set in the same folder and delete the video."""
    stem = Path(video).stem
    if shutil.which("rar") is None:
        missing("rar is not installed (scripts/ensure-usenet-packages.sh installs it)")
    subprocess.run(
        ["rar", "a", "-idq", "-m0", f"-v{volume_kb}k", "-ep", f"{stem}.rar", video],
        cwd=folder,
        check=True,
        timeout=60,
    )
    (folder / video).unlink()
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def seed(seeder: QBittorrent, tracker: str, tmp_path: Path) -> Callable[..., Any]:
    """Lay out a release under the seeder's folder; seed it unless `seeded=False`."""

    async def make(name: str, files: dict[str, int | bytes], *, seeded: bool = True) -> Release:
        folder = layout(tmp_path / "seed", name, files)
        release = await asyncio.to_thread(release_of_folder, folder, tracker)
        if seeded:
            await asyncio.to_thread(seed_from_qbittorrent, seeder, release)
        return release

    return make


class Jobs:
    """The scheduled jobs, run by hand against the app's state, as the runner would."""

    def __init__(self, app, session: AsyncSession) -> None:
        self.context = JobContext(app.state)
        self.session = session

    async def poll(self):
        """One tick of the real poll job: state from the clients, failures, imports."""
        return await job_poller(self.context).poll()

    async def search_new(self) -> None:
        from media_manager.automation.tasks import search_new

        await search_new(self.context)

    async def download(self, download_id: uuid.UUID) -> Download:
        return await self.session.get(Download, download_id, populate_existing=True)

    async def import_state(self, download_id: uuid.UUID) -> DownloadImport | None:
        return await self.session.get(DownloadImport, download_id, populate_existing=True)

    async def poll_until_imported(self, download_id: uuid.UUID | str, within: float = 60) -> int:
        """Poll until the download is completed; returns how many ticks it took. The import
        must have happened in the tick that saw the completion."""
        download_id = uuid.UUID(str(download_id))
        deadline = time.monotonic() + within
        ticks = 0
        while True:
            report = await self.poll()
            ticks += 1
            if download_id in report.completed:
                state = await self.import_state(download_id)
                assert state is not None and state.status == "imported", state and state.reason
                return ticks
            download = await self.download(download_id)
            assert download.status not in ("failed", "missing"), download.error
            if time.monotonic() > deadline:
                raise AssertionError(f"not completed within {within} s: {download.status}")
            await asyncio.sleep(0.3)


@pytest.fixture
def jobs(app, session: AsyncSession) -> Jobs:
    return Jobs(app, session)


async def grab_first(client: AsyncClient, headers: dict, path: str, params: dict, title: str):
    """Search through the API, then grab the result with this title through the API."""
    found = await client.get(path, params=params, headers=headers)
    assert found.status_code == 200, found.text
    [result] = [r for r in found.json()["results"] if r["title"] == title]
    assert result["accepted"], result
    grabbed = await client.post(
        "/api/v1/activity/queue", json={"result_id": result["id"]}, headers=headers
    )
    assert grabbed.status_code == 201, grabbed.text
    return grabbed.json()


def events(receiver: WebhookReceiver) -> list[str]:
    return [r.body["title"].split(":", 1)[0] for r in receiver.received]
