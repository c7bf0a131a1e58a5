"""Downloads tests: stand-in indexers over real HTTP, and in-memory test clients."""

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.downloads.registry import DownloadClients
from tests.conftest import make_settings
from tests.downloads.memory_client import InMemoryTestClient
from tests.metadata.relay import PAST
from tests.movies.factories import create_movie
from tests.support.torznab import Release, TorznabServer
from tests.tv.factories import create_show

KEY = "indexer-key-0123456789"
TVDB_ID, TMDB_ID = 121361, 1399
MOVIE_TMDB_ID = 603


def tv(title: str, **options) -> Release:
    return Release(title, tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, **options)


TORRENT_RELEASES = [
    tv("Show.Name.S01.1080p.WEB-DL.H.264-PACK", seeders=50),
    tv("Show.Name.S01E02.1080p.WEB-DL.H.264-EPI", size=1_200_000_000),
    Release("Movie.Title.1999.1080p.BluRay.x264-FHD", category=2040, tmdb_id=MOVIE_TMDB_ID),
]
USENET_RELEASES = [tv("Show.Name.S01.1080p.WEB-DL.H.264-NZB")]

TORRENT_CLIENT = {"name": "qbit", "kind": "qbittorrent", "url": "http://127.0.0.1:9"}
USENET_CLIENT = {"name": "sab", "kind": "sabnzbd", "url": "http://127.0.0.1:9", "priority": 1}


def downloads_settings(
    tmp_path: Path, database_url: str, torznab: TorznabServer, **sections
) -> Settings:
    """Settings with the stand-in indexers "tor" (Torznab) and "nzb" (Newznab)."""
    if "tor" not in torznab.indexers:
        torznab.add("tor", api_key=KEY, releases=list(TORRENT_RELEASES))
        torznab.add("nzb", api_key=KEY, style="newznab", releases=list(USENET_RELEASES))
    indexers = [
        {"name": name, "url": torznab.url(name), "api_key": KEY, "timeout_seconds": 5}
        for name in ("tor", "nzb")
    ]
    sections.setdefault("downloads", {"clients": [TORRENT_CLIENT, USENET_CLIENT]})
    return make_settings(tmp_path / "data", database_url, indexer={"torznab": indexers}, **sections)


@pytest.fixture
def settings(tmp_path: Path, database_url: str, torznab: TorznabServer) -> Settings:
    return downloads_settings(tmp_path, database_url, torznab)


class MemoryClients:
    """The in-memory clients the app builds, by name, for assertions."""

    def __init__(self) -> None:
        self.by_name: dict[str, InMemoryTestClient] = {}

    def factory(self, settings) -> InMemoryTestClient:
        client = InMemoryTestClient(settings)
        self.by_name[settings.name] = client
        return client

    def __getitem__(self, name: str) -> InMemoryTestClient:
        return self.by_name[name]


@pytest.fixture
def clients(app) -> MemoryClients:
    """Swaps the app's client factory for in-memory test clients (the settings stay)."""
    found = MemoryClients()
    settings = app.state.settings
    app.state.download_clients = DownloadClients(settings.downloads, found.factory)
    return found


@pytest.fixture
async def show(session: AsyncSession):
    return await create_show(
        session, name="Show Name", tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, seasons={1: [PAST] * 10}
    )


@pytest.fixture
async def movie(session: AsyncSession):
    return await create_movie(session, title="Movie Title", year=1999, tmdb_id=MOVIE_TMDB_ID)


# Real torrent clients (session-scoped), shared by the client tests and the end-to-end tests.
from tests.downloads.torrent_fixtures import (  # noqa: E402
    category,
    group,
    qbittorrent,
    seeder,
    tracker,
    transmission,
)

__all__ = ["category", "group", "qbittorrent", "seeder", "tracker", "transmission"]
