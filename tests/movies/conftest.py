from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from tests.images.host import image_host  # noqa: F401  (the image server stand-in fixture)
from tests.metadata.relay import relay  # noqa: F401  (the relay stand-in fixture)


@pytest.fixture
async def session(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session in the test's transaction, for seeding what the API then reads."""
    async with AsyncSession(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    ) as session:
        yield session
