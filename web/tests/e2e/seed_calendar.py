"""Gives the browser tests' library a show with an episode airing today (calendar.spec.ts)."""

import asyncio
from datetime import date

from sqlalchemy import select

import media_manager.models  # noqa: F401  (every table, for the foreign keys)
from media_manager.config import load_settings
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.tv.models import Show
from tests.tv.factories import create_show

NAME = "Calendar Seeded Show"


async def main() -> None:
    settings = load_settings()
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            # Once per test run: a retried test (a new worker) runs beforeAll again.
            if await session.scalar(select(Show.id).where(Show.name == NAME)):
                return
            # Ids of its own: the factory's counter starts again in every process.
            await create_show(
                session,
                name=NAME,
                seasons={1: [date.today()]},
                external_id=990001,
                tmdb_id=990001,
            )
            await session.commit()
    finally:
        await engine.dispose()


asyncio.run(main())
