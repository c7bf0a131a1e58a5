"""Work of the auth domain done outside requests."""

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from media_manager.auth.repository import ApiKeyRepository, FeedTokenRepository


async def record_api_key_use(
    sessionmaker: async_sessionmaker[AsyncSession], api_key_id: uuid.UUID
) -> None:
    """Note when an API key was last used (shown in its owner's key list)."""
    async with sessionmaker() as session, session.begin():
        await ApiKeyRepository(session).touch(api_key_id, datetime.now(UTC))


async def record_feed_token_use(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: uuid.UUID
) -> None:
    """Note when a user's calendar feed was last read."""
    async with sessionmaker() as session, session.begin():
        await FeedTokenRepository(session).touch(user_id, datetime.now(UTC))
