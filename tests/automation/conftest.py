"""Automation tests: the stand-in Torznab indexers over real HTTP, in-memory test clients."""

from pathlib import Path

import pytest

from media_manager.config import Settings
from media_manager.core.jobs import JobContext
from media_manager.downloads.registry import DownloadClients
from tests.conftest import make_settings
from tests.downloads.conftest import KEY, TORRENT_CLIENT, MemoryClients
from tests.support.torznab import Release, TorznabServer

TVDB_ID, TMDB_ID = 121361, 1399


def tv(title: str, **options) -> Release:
    return Release(title, tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, **options)


def automation_settings(
    tmp_path: Path, database_url: str, torznab: TorznabServer, names=("tor",), **automation
) -> Settings:
    for name in names:
        if name not in torznab.indexers:
            torznab.add(name, api_key=KEY)
    indexers = [
        {"name": name, "url": torznab.url(name), "api_key": KEY, "timeout_seconds": 5}
        for name in names
    ]
    return make_settings(
        tmp_path / "data",
        database_url,
        indexer={"torznab": indexers},
        downloads={"clients": [TORRENT_CLIENT]},
        automation={"indexer_min_interval_seconds": 0} | automation,
    )


@pytest.fixture
def settings(tmp_path: Path, database_url: str, torznab: TorznabServer) -> Settings:
    return automation_settings(tmp_path, database_url, torznab)


@pytest.fixture
def clients(app) -> MemoryClients:
    """Swaps the app's client factory for in-memory test clients (the settings stay)."""
    found = MemoryClients()
    app.state.download_clients = DownloadClients(app.state.settings.downloads, found.factory)
    return found


@pytest.fixture
def context(app) -> JobContext:
    """What a scheduled job gets: the app's state (the test's sessions, settings, clients)."""
    return JobContext(app.state)
