"""Jobs of the TV library: the scheduled refresh and poster downloads (see library/item_tasks)."""

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext, ScheduledJob
from media_manager.library.item_tasks import ItemJobs
from media_manager.metadata.dependencies import job_metadata_service
from media_manager.tv.items import ShowItems
from media_manager.tv.service import ShowService

log = logging.getLogger(__name__)


def _service(context: JobContext, session: AsyncSession) -> ShowService:
    return ShowService(session, context.settings, job_metadata_service(context))


_jobs = ItemJobs(ShowItems, _service, log)


async def fetch_show_poster(context: JobContext, show_id: uuid.UUID, name: str, url: str) -> None:
    """Download a show's poster; a failure is logged and the next refresh tries again."""
    await _jobs.fetch_poster(context, show_id, name, url)


async def refresh_shows(context: JobContext) -> None:
    """Refresh the shows that are due: continuing ones daily, ended ones weekly (by default)."""
    await _jobs.refresh_due(context)


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
