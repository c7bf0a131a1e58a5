"""Scheduled jobs of the downloads domain."""

import logging
from datetime import timedelta

from media_manager.core.jobs import JobContext, ScheduledJob
from media_manager.downloads.dependencies import job_poller

log = logging.getLogger(__name__)

POLL_JOB_ID = "downloads.poll"


async def poll_downloads(context: JobContext) -> None:
    """Read every download client's list once and update the downloads it reports."""
    report = await job_poller(context).poll()
    if report.missing or report.failed:
        log.info(
            "Download poll: %d updated, %d now missing, %d failed",
            report.updated,
            report.missing,
            report.failed,
        )


JOBS = [
    # The interval is downloads.poll_seconds (see app_jobs.py); this is its default.
    ScheduledJob(
        id=POLL_JOB_ID,
        run=poll_downloads,
        interval=timedelta(seconds=5),
        first_run_after=timedelta(seconds=5),
    ),
]
