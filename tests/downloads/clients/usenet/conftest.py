"""Real SABnzbd and NZBGet, started once per session against the test news server."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from media_manager.downloads.clients.base import DownloadClient
from media_manager.downloads.clients.nzbget import NzbgetClient
from media_manager.downloads.clients.sabnzbd import SabnzbdClient
from media_manager.downloads.config import DownloadClientSettings
from tests.conftest import missing
from tests.support.nntp import NewsServer
from tests.support.usenet_clients import (
    CATEGORY,
    INSTALL_HINT,
    RunningClient,
    nzbget_program,
    sabnzbd_program,
    start_nzbget,
    start_sabnzbd,
)


@pytest.fixture(scope="session")
def news_server() -> Iterator[NewsServer]:
    server = NewsServer().start()
    yield server
    server.stop()


def _run(start, program, name, tmp_path_factory, news_server) -> Iterator[RunningClient]:
    if program() is None:
        missing(f"{name} is not installed; {INSTALL_HINT}")
    running = start(tmp_path_factory.mktemp(name), news_server.port)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def sabnzbd(tmp_path_factory, news_server) -> Iterator[RunningClient]:
    yield from _run(start_sabnzbd, sabnzbd_program, "sabnzbdplus", tmp_path_factory, news_server)


@pytest.fixture(scope="session")
def nzbget(tmp_path_factory, news_server) -> Iterator[RunningClient]:
    yield from _run(start_nzbget, nzbget_program, "nzbget", tmp_path_factory, news_server)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def client_settings(kind: str, running: RunningClient, **overrides) -> DownloadClientSettings:
    values: dict = {
        "name": f"test {kind}",
        "kind": kind,
        "url": running.url,
        "category": CATEGORY,
        "timeout_seconds": 5,
    }
    if kind == "sabnzbd":
        values["api_key"] = running.api_key
    else:
        values["username"] = running.username
        values["password"] = running.password
    values.update(overrides)
    return DownloadClientSettings(**values)


def make_client(kind: str, running: RunningClient, http, **overrides) -> DownloadClient:
    cls = SabnzbdClient if kind == "sabnzbd" else NzbgetClient
    return cls(client_settings(kind, running, **overrides), http)


@pytest.fixture(params=["sabnzbd", "nzbget"])
def usenet(request, http) -> tuple[str, RunningClient, DownloadClient]:
    """(kind, the running program, our integration for it), for both clients."""
    running = request.getfixturevalue(request.param)
    return request.param, running, make_client(request.param, running, http)
