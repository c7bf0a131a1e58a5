"""Scheduled jobs of the search domain."""

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from media_manager.core.jobs import JobContext, ScheduledJob
from media_manager.search.repository import SearchResultRepository

log = logging.getLogger(__name__)


async def purge_expired_results(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """Delete search results past their expiry ([search] results_ttl_hours); returns how many."""
    async with sessionmaker() as session, session.begin():
        removed = await SearchResultRepository(session).delete_expired(datetime.now(UTC))
    if removed:
        log.info("Removed %d expired search results", removed)
    return removed


async def purge_search_results(context: JobContext) -> None:
    """Remove search results whose time to be downloaded has passed."""
    await purge_expired_results(context.sessionmaker)


JOBS = [
    ScheduledJob(
        id="search.purge_results",
        run=purge_search_results,
        interval=timedelta(hours=1),
        first_run_after=timedelta(minutes=10),
    ),
]
