"""The in-process scheduler, with every scheduled job registered here (jobs live in tasks.py)."""

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from media_manager.core.jobs import JobContext
from media_manager.movies.tasks import refresh_movies
from media_manager.search.tasks import purge_search_results
from media_manager.tv.tasks import refresh_shows

log = logging.getLogger(__name__)

JOB_DEFAULTS = {
    # One run of a job at a time; runs missed while the app was busy or asleep become one.
    "max_instances": 1,
    "coalesce": True,
    "misfire_grace_time": 15 * 60,
}
# Every job looks for due work hourly; what is due is decided from the database (last refresh
# time, result expiry), so restarts neither skip nor repeat work.
CHECK_INTERVAL = timedelta(hours=1)
# A first look soon after start-up, staggered so that the jobs do not start together.
FIRST_RUNS = {
    refresh_shows: timedelta(minutes=2),
    refresh_movies: timedelta(minutes=5),
    purge_search_results: timedelta(minutes=10),
}


def create_scheduler(context: JobContext) -> AsyncIOScheduler:
    """A scheduler with every job registered; start it inside the running event loop."""
    scheduler = AsyncIOScheduler(timezone=UTC, job_defaults=JOB_DEFAULTS)
    now = datetime.now(UTC)
    for job, first_run_after in FIRST_RUNS.items():
        scheduler.add_job(
            job,
            IntervalTrigger(seconds=CHECK_INTERVAL.total_seconds(), timezone=UTC),
            args=[context],
            id=job.__name__,
            name=job.__doc__,
            next_run_time=now + first_run_after,
        )
    return scheduler


async def stop_scheduler(scheduler: AsyncIOScheduler) -> None:
    """Stop scheduling and cancel running jobs (they resume where they left off next time)."""
    scheduler.shutdown(wait=False)
    # AsyncIOScheduler shuts down in a callback on the loop: let it run before the engine goes.
    await asyncio.sleep(0)
