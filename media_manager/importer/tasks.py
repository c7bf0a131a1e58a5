"""Scheduled jobs of imports: retrying pending and blocked imports, emptying the recycle bins."""

import asyncio
import logging
import uuid
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from media_manager.config import Settings
from media_manager.core.jobs import JobContext, ScheduledJob, attempt
from media_manager.importer import placement
from media_manager.importer.repository import ImportRepository
from media_manager.importer.service import ImportService
from media_manager.library.service import libraries

log = logging.getLogger(__name__)

RETRY_JOB_ID = "importer.retry"
RECYCLE_JOB_ID = "importer.empty_recycle"
# Downloads retried per run; the next run takes the rest.
RETRY_BATCH = 100


async def import_downloads(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    ids: Iterable[uuid.UUID],
    notify_context: JobContext[Settings] | None = None,
) -> None:
    """Import each download in its own session; one failing never stops the others."""
    for download_id in ids:
        await attempt(
            _import_one(sessionmaker, settings, download_id, notify_context),
            f"Importing download {download_id} failed",
            log,
        )


async def _import_one(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    download_id: uuid.UUID,
    notify_context: JobContext[Settings] | None,
) -> None:
    async with sessionmaker() as session:
        await ImportService(session, settings, notify_context).import_download(download_id)
        await session.commit()


async def retry_imports(context: JobContext[Settings]) -> None:
    """Import completed downloads that are not imported yet, or were blocked."""
    async with context.sessionmaker() as session, session.begin():
        due = await ImportRepository(session).due(RETRY_BATCH)
    await import_downloads(context.sessionmaker, context.settings, due, context)


async def empty_recycle(context: JobContext[Settings]) -> None:
    """Delete replaced files that have been in a library's recycle folder for long enough."""
    config = context.settings.importer
    folder = config.recycle_folder
    for kind in ("tv", "movies"):
        for library in libraries(context.settings, kind):  # type: ignore[arg-type]
            deleted = await asyncio.to_thread(
                placement.empty_recycle, library.path / folder, config.recycle_days
            )
            if deleted:
                log.info("Deleted %d recycled file(s) in %s", deleted, library.path / folder)


JOBS = [
    ScheduledJob(
        id=RETRY_JOB_ID,
        run=retry_imports,
        interval=timedelta(minutes=15),
        first_run_after=timedelta(minutes=1),
    ),
    ScheduledJob(
        id=RECYCLE_JOB_ID,
        run=empty_recycle,
        interval=timedelta(hours=12),
        first_run_after=timedelta(minutes=10),
    ),
]
