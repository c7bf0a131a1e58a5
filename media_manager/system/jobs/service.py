"""The scheduled jobs for administrators, and the run history the job runner writes."""

import logging
import uuid
from datetime import datetime
from typing import Any

from fastapi import BackgroundTasks
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from media_manager.core.database import SQLITE_BEGIN_OPTION
from media_manager.core.jobs import JobContext
from media_manager.core.scheduler import (
    JobAlreadyRunning,
    JobRunner,
    JobsPaused,
    JobStatus,
    Outcome,
)
from media_manager.core.schemas import Page, PageParams
from media_manager.system.jobs.models import JobRun
from media_manager.system.jobs.repository import JobRunRepository
from media_manager.system.jobs.schemas import JobRead, JobRunRead, JobRunStarted

log = logging.getLogger(__name__)

INTERRUPTED = "The app stopped while this run was in progress"


class JobService:
    def __init__(self, session: AsyncSession, runner: JobRunner) -> None:
        self.runner = runner
        self.runs = JobRunRepository(session)

    async def list_jobs(self) -> list[JobRead]:
        """Every scheduled job with its next run, its last run, and whether it runs now."""
        statuses = self.runner.list_jobs()
        latest = await self.runs.latest([status.id for status in statuses])
        return [_read(status, latest.get(status.id)) for status in statuses]

    async def job_runs(self, job_id: str, page: PageParams) -> Page[JobRunRead]:
        """A job's runs, newest first."""
        self.runner.get(job_id)
        runs, total = await self.runs.page(job_id, page.offset, page.page_size)
        return Page[JobRunRead](
            items=[JobRunRead.model_validate(run) for run in runs],
            total=total,
            page=page.page,
            page_size=page.page_size,
        )

    def run_now(self, job_id: str, background: BackgroundTasks) -> JobRunStarted:
        """Start a run of the job right after the response; refused while one is running."""
        self.runner.check_can_run(job_id)
        # After the response, as every job: the run records itself in its own transactions,
        # which must not interleave with this request's.
        background.add_task(self._start, job_id)
        return JobRunStarted(job_id=job_id, message=f"{job_id} is starting")

    async def _start(self, job_id: str) -> None:
        try:
            self.runner.run_now(job_id)
        except JobAlreadyRunning:
            # A scheduled run (or a second click) started it since the check: it runs once.
            log.info("Run of %s requested while it started anyway; not started twice", job_id)
        except JobsPaused as exc:
            # Paused (a restore began) since the check.
            log.warning("Run of %s requested but not started: %s", job_id, exc.message)


class JobRunRecorder:
    """The job runner's history (core.scheduler.RunRecorder): one transaction per record."""

    def __init__(self, context: JobContext[Any], keep_per_job: int) -> None:
        # The context, not a sessionmaker: the app's sessionmaker is read when a record is made.
        self.context = context
        self.keep_per_job = keep_per_job

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        return self.context.sessionmaker

    async def interrupt_unfinished(self, now: datetime) -> int:
        # Read first, without the SQLite write lock: nearly always there is nothing to mark.
        async with self.sessionmaker() as session:
            await session.connection(execution_options={SQLITE_BEGIN_OPTION: "DEFERRED"})
            if not await JobRunRepository(session).count_running():
                return 0
        async with self.sessionmaker() as session, session.begin():
            return await JobRunRepository(session).interrupt_running(INTERRUPTED)

    async def started(self, job_id: str, started_at: datetime) -> uuid.UUID:
        run = JobRun(id=uuid.uuid4(), job_id=job_id, started_at=started_at, outcome="running")
        async with self.sessionmaker() as session, session.begin():
            await JobRunRepository(session).insert(run)
        return run.id

    async def finished(
        self,
        run_id: uuid.UUID,
        job_id: str,
        finished_at: datetime,
        outcome: Outcome,
        error: str | None,
    ) -> None:
        async with self.sessionmaker() as session, session.begin():
            runs = JobRunRepository(session)
            run = await runs.get(run_id)
            if run is not None:
                await runs.finish(run, finished_at, outcome, error)
            await runs.prune(job_id, self.keep_per_job)


def _read(status: JobStatus, last_run: JobRun | None) -> JobRead:
    return JobRead(
        id=status.id,
        description=status.description,
        interval_seconds=status.interval.total_seconds(),
        next_run_at=status.next_run_at,
        running=status.running_since is not None,
        running_since=status.running_since,
        progress_done=status.progress[0] if status.progress else None,
        progress_total=status.progress[1] if status.progress else None,
        last_run=JobRunRead.model_validate(last_run) if last_run is not None else None,
    )
