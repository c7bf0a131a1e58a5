from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from tests.support.http_server import serve_in_thread
from tests.support.torznab import TorznabServer

_SERVER = TorznabServer()


@pytest.fixture(scope="session")
def torznab_base_url() -> Iterator[str]:
    with serve_in_thread(_SERVER.app()) as base_url:
        _SERVER.base_url = base_url
        yield base_url


@pytest.fixture
def torznab(torznab_base_url: str) -> Iterator[TorznabServer]:
    """The stand-in indexers, emptied before each test."""
    _SERVER.reset()
    yield _SERVER
    _SERVER.reset()


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=10.0)) as client:
        yield client
