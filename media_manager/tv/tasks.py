"""Jobs of the TV library: the scheduled refresh and poster downloads.

Each show gets its own session and transaction, so one failing show changes nothing for the
others; errors are logged with the show's name and never leave the job.
"""

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.errors import AppError
from media_manager.core.jobs import JobContext
from media_manager.tv.service import ShowService

log = logging.getLogger(__name__)


def _service(context: JobContext, session: AsyncSession) -> ShowService:
    return ShowService(session, context.settings, context.metadata())


async def fetch_show_poster(context: JobContext, show_id: uuid.UUID, name: str, url: str) -> None:
    """Download a show's poster; a failure is logged and the next refresh tries again."""
    try:
        async with context.sessionmaker() as session, session.begin():
            await _service(context, session).store_poster(show_id, url, context.posters())
    except AppError as exc:
        log.warning('No poster for the show "%s" from %s: %s', name, url, exc.message)
    except Exception:
        # Never the end of a refresh run: the other shows still get theirs.
        log.exception('No poster for the show "%s" from %s', name, url)


async def refresh_shows(context: JobContext) -> None:
    """Refresh the shows that are due: continuing ones daily, ended ones weekly (by default)."""
    settings = context.settings.scheduler
    async with context.sessionmaker() as session, session.begin():
        due = await _service(context, session).due_for_refresh(
            timedelta(hours=settings.continuing_refresh_hours),
            timedelta(days=settings.ended_refresh_days),
        )
    failed = 0
    for show in due:
        try:
            # Fetched outside the transaction: on SQLite a transaction holds the write lock,
            # and the relay may take seconds to answer.
            metadata = await context.metadata().show(
                show.metadata_provider, show.external_id, fresh=True
            )
            async with context.sessionmaker() as session, session.begin():
                refreshed = await _service(context, session).refresh_from(show.show_id, metadata)
                needs_poster, poster_url = refreshed.needs_poster, refreshed.poster_url
        except AppError as exc:
            failed += 1
            log.warning('Refreshing the show "%s" failed: %s', show.name, exc.message)
            continue
        except Exception:
            failed += 1
            log.exception('Refreshing the show "%s" failed', show.name)
            continue
        if needs_poster and poster_url:
            await fetch_show_poster(context, show.show_id, show.name, poster_url)
    if due:
        log.info("Refreshed %d of %d due shows", len(due) - failed, len(due))
