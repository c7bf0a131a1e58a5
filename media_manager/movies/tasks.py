"""Jobs of the movie library: the scheduled refresh and poster downloads.

Each movie gets its own session and transaction, so one failing movie changes nothing for the
others; errors are logged with the movie's title and never leave the job.
"""

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext, ScheduledJob, attempt
from media_manager.images.dependencies import job_poster_service
from media_manager.metadata.dependencies import job_metadata_service
from media_manager.movies.repository import DueMovie
from media_manager.movies.service import MovieService

log = logging.getLogger(__name__)


def _service(context: JobContext, session: AsyncSession) -> MovieService:
    return MovieService(session, context.settings, job_metadata_service(context))


async def fetch_movie_poster(
    context: JobContext, movie_id: uuid.UUID, title: str, url: str
) -> None:
    """Download a movie's poster; a failure is logged and the next refresh tries again."""
    await attempt(
        _store_poster(context, movie_id, url), f'No poster for the movie "{title}" from {url}', log
    )


async def _store_poster(context: JobContext, movie_id: uuid.UUID, url: str) -> None:
    async with context.sessionmaker() as session, session.begin():
        await _service(context, session).store_poster(movie_id, url, job_poster_service(context))


async def refresh_movies(context: JobContext) -> None:
    """Refresh the movies whose last refresh is older than scheduler.movie_refresh_days."""
    every = timedelta(days=context.settings.scheduler.movie_refresh_days)
    async with context.sessionmaker() as session, session.begin():
        due = await _service(context, session).due_for_refresh(every)
    done = [
        await attempt(_refresh(context, item), f'Refreshing the movie "{item.title}" failed', log)
        for item in due
    ]
    if due:
        log.info("Refreshed %d of %d due movies", sum(done), len(due))


async def _refresh(context: JobContext, item: DueMovie) -> None:
    # Fetched outside any transaction: on SQLite a transaction holds the write lock, and the
    # relay may take seconds to answer. fresh: past the relay's cache, as refreshes must be.
    metadata = await job_metadata_service(context).movie(
        item.metadata_provider, item.external_id, fresh=True
    )
    async with context.sessionmaker() as session, session.begin():
        refreshed = await _service(context, session).refresh_from(item.movie_id, metadata)
        needs_poster, poster_url = refreshed.needs_poster, refreshed.poster_url
    if needs_poster and poster_url:
        await fetch_movie_poster(context, item.movie_id, item.title, poster_url)


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
