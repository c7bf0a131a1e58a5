"""Gives a user two unread notifications (run by a browser test once the user exists)."""

import asyncio
import sys
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

import media_manager.models  # noqa: F401  (every table, for the foreign keys)
from media_manager.auth.models import User
from media_manager.config import load_settings
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.notifications.models import Notification


async def main(email: str) -> None:
    settings = load_settings()
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            user = (await session.execute(select(User).where(User.email == email))).scalar_one()
            now = datetime.now(UTC)
            for minutes, subject in ((2, "Seeded grab"), (1, "Seeded import")):
                session.add(
                    Notification(
                        id=uuid.uuid4(),
                        user_id=user.id,
                        event="grabbed" if subject == "Seeded grab" else "imported",
                        subject=subject,
                        body=f"{subject} of Needle in a Haystack",
                        item_kind=None,
                        item_id=None,
                        created_at=now - timedelta(minutes=minutes),
                        read_at=None,
                    )
                )
    finally:
        await engine.dispose()


asyncio.run(main(sys.argv[1]))
