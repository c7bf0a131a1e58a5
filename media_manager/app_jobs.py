"""Every domain's scheduled jobs, collected for the job runner (jobs live in each tasks.py)."""

from datetime import timedelta

from starlette.datastructures import State

from media_manager.automation import tasks as automation_tasks
from media_manager.backups import tasks as backup_tasks
from media_manager.config import Settings
from media_manager.core.jobs import JobContext, ScheduledJob
from media_manager.core.scheduler import InProcessJobRunner, JobRunner
from media_manager.downloads import tasks as download_tasks
from media_manager.health import tasks as health_tasks
from media_manager.importer import tasks as import_tasks
from media_manager.movies import tasks as movie_tasks
from media_manager.search import tasks as search_tasks
from media_manager.system.jobs.service import JobRunRecorder
from media_manager.tv import tasks as tv_tasks


def scheduled_jobs() -> list[ScheduledJob]:
    return [
        *tv_tasks.JOBS,
        *movie_tasks.JOBS,
        *search_tasks.JOBS,
        *download_tasks.JOBS,
        *import_tasks.JOBS,
        *health_tasks.JOBS,
        *backup_tasks.JOBS,
        *automation_tasks.JOBS,
    ]


def job_ids() -> list[str]:
    return [job.id for job in scheduled_jobs()]


def create_job_runner(state: State, settings: Settings) -> JobRunner:
    """The runner of every scheduled job, with the intervals [scheduler.intervals] overrides."""
    context = JobContext[Settings](state)
    return InProcessJobRunner(
        scheduled_jobs(),
        context,
        JobRunRecorder(context, settings.scheduler.history_per_job),
        intervals={
            # The poll's own setting; [scheduler.intervals] still has the last word.
            download_tasks.POLL_JOB_ID: timedelta(seconds=settings.downloads.poll_seconds),
            automation_tasks.RSS_JOB_ID: timedelta(
                minutes=settings.automation.rss_interval_minutes
            ),
            **{
                job_id: timedelta(seconds=seconds)
                for job_id, seconds in settings.scheduler.intervals.items()
            },
        },
        scheduling=settings.scheduler.enabled,
    )
