"""Jobs of the movie library: the scheduled refresh and poster downloads.

Each movie gets its own session and transaction, so one failing movie changes nothing for the
others; errors are logged with the movie's title and never leave the job.
"""

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.errors import AppError
from media_manager.core.jobs import JobContext
from media_manager.movies.service import MovieService

log = logging.getLogger(__name__)


def _service(context: JobContext, session: AsyncSession) -> MovieService:
    return MovieService(session, context.settings, context.metadata())


async def fetch_movie_poster(
    context: JobContext, movie_id: uuid.UUID, title: str, url: str
) -> None:
    """Download a movie's poster; a failure is logged and the next refresh tries again."""
    try:
        async with context.sessionmaker() as session, session.begin():
            await _service(context, session).store_poster(movie_id, url, context.posters())
    except AppError as exc:
        log.warning('No poster for the movie "%s" from %s: %s', title, url, exc.message)
    except Exception:
        # Never the end of a refresh run: the other movies still get theirs.
        log.exception('No poster for the movie "%s" from %s', title, url)


async def refresh_movies(context: JobContext) -> None:
    """Refresh the movies whose last refresh is older than scheduler.movie_refresh_days."""
    every = timedelta(days=context.settings.scheduler.movie_refresh_days)
    async with context.sessionmaker() as session, session.begin():
        due = await _service(context, session).due_for_refresh(every)
    failed = 0
    for movie in due:
        try:
            # Fetched outside the transaction: on SQLite a transaction holds the write lock,
            # and the relay may take seconds to answer.
            metadata = await context.metadata().movie(
                movie.metadata_provider, movie.external_id, fresh=True
            )
            async with context.sessionmaker() as session, session.begin():
                refreshed = await _service(context, session).refresh_from(movie.movie_id, metadata)
                needs_poster, poster_url = refreshed.needs_poster, refreshed.poster_url
        except AppError as exc:
            failed += 1
            log.warning('Refreshing the movie "%s" failed: %s', movie.title, exc.message)
            continue
        except Exception:
            failed += 1
            log.exception('Refreshing the movie "%s" failed', movie.title)
            continue
        if needs_poster and poster_url:
            await fetch_movie_poster(context, movie.movie_id, movie.title, poster_url)
    if due:
        log.info("Refreshed %d of %d due movies", len(due) - failed, len(due))
