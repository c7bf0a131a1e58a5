"""Jobs of the movie library: the scheduled refresh and poster downloads (see
library/item_tasks)."""

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext, ScheduledJob
from media_manager.library.item_tasks import ItemJobs
from media_manager.metadata.dependencies import job_metadata_service
from media_manager.movies.items import MovieItems
from media_manager.movies.service import MovieService

log = logging.getLogger(__name__)


def _service(context: JobContext, session: AsyncSession) -> MovieService:
    return MovieService(session, context.settings, job_metadata_service(context))


_jobs = ItemJobs(MovieItems, _service, log)


async def fetch_movie_poster(
    context: JobContext, movie_id: uuid.UUID, title: str, url: str
) -> None:
    """Download a movie's poster; a failure is logged and the next refresh tries again."""
    await _jobs.fetch_poster(context, movie_id, title, url)


async def refresh_movies(context: JobContext) -> None:
    """Refresh the movies whose last refresh is older than scheduler.movie_refresh_days."""
    await _jobs.refresh_due(context)


JOBS = [
    # Hourly: what is due is decided from the last refresh times in the database, so restarts
    # neither skip nor repeat work.
    ScheduledJob(
        id="movies.refresh_movies",
        run=refresh_movies,
        interval=timedelta(hours=1),
        first_run_after=timedelta(minutes=5),
    ),
]
