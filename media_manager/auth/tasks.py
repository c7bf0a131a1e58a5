"""Work of the auth domain done outside requests."""

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from media_manager.auth.repository import ApiKeyRepository


async def record_api_key_use(
    sessionmaker: async_sessionmaker[AsyncSession], api_key_id: uuid.UUID
) -> None:
    """Note when an API key was last used (shown in its owner's key list)."""
    async with sessionmaker() as session, session.begin():
        await ApiKeyRepository(session).touch(api_key_id, datetime.now(UTC))
