"""The download step over usenet with the real programs: a Newznab search on the stand-in
serves a real NZB whose articles sit on the test news server; MediaManager grabs it through its
API, SABnzbd or NZBGet downloads it, and the poller reports it completed where the client put it.
"""

import asyncio
import os
import time
import uuid
from pathlib import Path

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.downloads.service import DownloadPoller
from tests.conftest import make_settings
from tests.metadata.relay import PAST
from tests.support.nntp import NewsServer
from tests.support.nzb import build_nzb, post_file
from tests.support.torznab import Release, TorznabServer
from tests.tv.factories import create_show

from .conftest import client_settings

KEY = "indexer-key-0123456789"
TVDB_ID = 121361


@pytest.fixture(params=["sabnzbd", "nzbget"])
def kind(request) -> str:
    return request.param


@pytest.fixture
def posted(news_server: NewsServer):
    title = f"Show.Name.S01E02.1080p.WEB-DL-U{uuid.uuid4().hex[:6].upper()}"
    episode = post_file(f"{title}.mkv", os.urandom(150_000), segment_size=25_000)
    news_server.publish([episode])
    return title, episode, build_nzb(title, [episode])


@pytest.fixture
def settings(
    request, tmp_path: Path, database_url: str, torznab: TorznabServer, kind: str, posted
) -> Settings:
    title, _, nzb = posted
    running = request.getfixturevalue(kind)
    torznab.add(
        "usenet-site",
        api_key=KEY,
        style="newznab",
        releases=[Release(title, size=150_000, tvdb_id=TVDB_ID, file=nzb)],
    )
    client = client_settings(kind, running, name="news").model_dump(mode="json")
    for secret in ("api_key", "password"):
        value = getattr(client_settings(kind, running), secret)
        client[secret] = value.get_secret_value() if value else None
    return make_settings(
        tmp_path / "data",
        database_url,
        indexer={"torznab": [{"name": "nzb", "url": torznab.url("usenet-site"), "api_key": KEY}]},
        downloads={"clients": [client]},
    )


async def test_episode_nzb_found_grabbed_and_completed_in_the_real_client(
    client: AsyncClient, admin_headers: dict, app, session: AsyncSession, posted
):
    title, episode, _ = posted
    show = await create_show(session, name="Show Name", tvdb_id=TVDB_ID, seasons={1: [PAST] * 3})

    found = await client.get(
        "/api/v1/tv/torrents",
        params={"show_id": str(show.id), "season_number": 1, "episode_number": 2},
        headers=admin_headers,
    )
    assert found.status_code == 200, found.text
    [result] = [r for r in found.json()["results"] if r["title"] == title]
    grabbed = await client.post(
        "/api/v1/activity/queue", json={"result_id": result["id"]}, headers=admin_headers
    )
    assert grabbed.status_code == 201, grabbed.text
    download = grabbed.json()
    assert download["client"] == "news" and download["protocol"] == "usenet"
    assert len(download["episode_ids"]) == 1

    state = app.state
    poller = DownloadPoller(state.sessionmaker, state.settings, state.download_clients)
    deadline = time.monotonic() + 60
    while True:
        await poller.poll()
        url = f"/api/v1/activity/{download['id']}"
        body = (await client.get(url, headers=admin_headers)).json()
        if body["status"] in ("completed", "failed") or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)

    assert body["status"] == "completed", body
    assert _videos(Path(body["content_path"])) == [episode.data]


def _videos(content: Path) -> list[bytes]:
    """SABnzbd reports the file of a one-file job, NZBGet the job's folder."""
    files = [content] if content.is_file() else sorted(content.rglob("*.mkv"))
    return [file.read_bytes() for file in files]
