from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

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
async def session(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session in the test's transaction, for seeding what the API then reads."""
    async with AsyncSession(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    ) as session:
        yield session
