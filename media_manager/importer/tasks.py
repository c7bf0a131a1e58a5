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
from media_manager.importer.existing import ExistingLibraryService
from media_manager.importer.repository import ImportRepository
from media_manager.importer.service import ImportService
from media_manager.library.service import libraries
from media_manager.metadata.dependencies import job_metadata_service

log = logging.getLogger(__name__)

RETRY_JOB_ID = "importer.retry"
RECYCLE_JOB_ID = "importer.empty_recycle"
SCAN_JOB_ID = "importer.scan_library"
LIBRARY_IMPORT_JOB_ID = "importer.import_library"
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


async def scan_library(context: JobContext[Settings]) -> None:
    """Find library folders no show or movie owns yet and suggest what each holds."""
    runner = context.state.job_runner
    async with context.sessionmaker() as session:
        service = ExistingLibraryService(session, context.settings, job_metadata_service(context))
        await service.scan(lambda done, total: runner.report_progress(SCAN_JOB_ID, done, total))
        await session.commit()


async def import_library(context: JobContext[Settings]) -> None:
    """Add the scanned folders queued for import, registering their files where they are."""
    runner = context.state.job_runner
    async with context.sessionmaker() as session:
        service = ExistingLibraryService(session, context.settings, job_metadata_service(context))
        await service.import_queued(
            lambda done, total: runner.report_progress(LIBRARY_IMPORT_JOB_ID, done, total)
        )
        await session.commit()


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
    # Started by POST /library/scan; the daily run finds folders added by hand since.
    ScheduledJob(
        id=SCAN_JOB_ID,
        run=scan_library,
        interval=timedelta(days=1),
        first_run_after=timedelta(minutes=8),
    ),
    # Started by POST /library/scan/import; the schedule picks up imports a restart cut short.
    ScheduledJob(
        id=LIBRARY_IMPORT_JOB_ID,
        run=import_library,
        interval=timedelta(hours=1),
        first_run_after=timedelta(minutes=5),
    ),
]
