"""Jobs of the TV library: the scheduled refresh and poster downloads.

Each show gets its own session and transaction, so one failing show changes nothing for the
others; errors are logged with the show's name and never leave the job.
"""

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext, ScheduledJob, attempt
from media_manager.images.dependencies import job_poster_service
from media_manager.metadata.dependencies import job_metadata_service
from media_manager.tv.repository import DueShow
from media_manager.tv.service import ShowService

log = logging.getLogger(__name__)


def _service(context: JobContext, session: AsyncSession) -> ShowService:
    return ShowService(session, context.settings, job_metadata_service(context))


async def fetch_show_poster(context: JobContext, show_id: uuid.UUID, name: str, url: str) -> None:
    """Download a show's poster; a failure is logged and the next refresh tries again."""
    await attempt(
        _store_poster(context, show_id, url), f'No poster for the show "{name}" from {url}', log
    )


async def _store_poster(context: JobContext, show_id: uuid.UUID, url: str) -> None:
    async with context.sessionmaker() as session, session.begin():
        await _service(context, session).store_poster(show_id, url, job_poster_service(context))


async def refresh_shows(context: JobContext) -> None:
    """Refresh the shows that are due: continuing ones daily, ended ones weekly (by default)."""
    settings = context.settings.scheduler
    async with context.sessionmaker() as session, session.begin():
        due = await _service(context, session).due_for_refresh(
            timedelta(hours=settings.continuing_refresh_hours),
            timedelta(days=settings.ended_refresh_days),
        )
    done = [
        await attempt(_refresh(context, item), f'Refreshing the show "{item.name}" failed', log)
        for item in due
    ]
    if due:
        log.info("Refreshed %d of %d due shows", sum(done), len(due))


async def _refresh(context: JobContext, item: DueShow) -> None:
    # Fetched outside any transaction: on SQLite a transaction holds the write lock, and the
    # relay may take seconds to answer. fresh: past the relay's cache, as refreshes must be.
    metadata = await job_metadata_service(context).show(
        item.metadata_provider, item.external_id, fresh=True
    )
    async with context.sessionmaker() as session, session.begin():
        refreshed = await _service(context, session).refresh_from(item.show_id, metadata)
        needs_poster, poster_url = refreshed.needs_poster, refreshed.poster_url
    if needs_poster and poster_url:
        await fetch_show_poster(context, item.show_id, item.name, poster_url)


JOBS = [
    # Hourly: what is due is decided from the last refresh times in the database, so restarts
    # neither skip nor repeat work.
    ScheduledJob(
        id="tv.refresh_shows",
        run=refresh_shows,
        interval=timedelta(hours=1),
        first_run_after=timedelta(minutes=2),
    ),
]
