"""Scheduled jobs of the health domain."""

from datetime import timedelta

from media_manager.core.jobs import JobContext, ScheduledJob
from media_manager.health.service import check_health

CHECK_JOB_ID = "health.check"


async def run_health_checks(context: JobContext) -> None:
    """Check metadata, indexers, clients, folders, jobs and the database; notify changes."""
    await check_health(context)


JOBS = [
    ScheduledJob(
        id=CHECK_JOB_ID,
        run=run_health_checks,
        interval=timedelta(minutes=5),
        first_run_after=timedelta(seconds=60),
    ),
]
