"""Running the scheduled jobs: the runner interface and its in-process APScheduler implementation.

The jobs themselves are declared by each domain (`JOBS` in its `tasks.py`) and collected by the
app (`media_manager/app_jobs.py`); the run history is stored by the app too (a `RunRecorder`),
so nothing here knows any domain.

A multi-worker deployment (several app processes on one PostgreSQL database) would plug in a
second `JobRunner`: each scheduled tick claims the job with a row lock or an advisory lock
(`pg_try_advisory_lock(hash(job id))`) before running it, "running now" and "next run" are read
from the job_runs table rather than from memory, "run now" inserts a request row that the
worker holding the lock picks up, and start-up marks only runs whose worker heartbeat is stale
as interrupted. The routes and the jobs would not change: they see only this interface.
"""

import asyncio
import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from media_manager.core.errors import Conflict, NotFound
from media_manager.core.jobs import SHUTDOWN_GRACE_SECONDS, JobContext, ScheduledJob

log = logging.getLogger(__name__)

Outcome = Literal["running", "success", "failed", "cancelled", "interrupted"]

JOB_DEFAULTS = {
    # A tick that comes while the app was busy or asleep still runs, once.
    "coalesce": True,
    "misfire_grace_time": 15 * 60,
    # Ticks only start a task (see _tick), so they never pile up in APScheduler.
    "max_instances": 1,
}


class UnknownJob(NotFound):
    pass


class JobAlreadyRunning(Conflict):
    pass


class JobsPaused(Conflict):
    pass


@dataclass(frozen=True, slots=True)
class JobStatus:
    """What the runner knows about a job right now (the history is in the database)."""

    id: str
    description: str
    interval: timedelta
    next_run_at: datetime | None
    running_since: datetime | None
    # (done, total) as the running job last reported it; None when it reports nothing.
    progress: tuple[int, int] | None = None


class RunRecorder(Protocol):
    """Keeps the run history; implemented by the app (system/jobs), outside core."""

    async def interrupt_unfinished(self, now: datetime) -> int:
        """Mark runs still recorded as running as interrupted; returns how many."""
        ...

    async def started(self, job_id: str, started_at: datetime) -> uuid.UUID:
        """Record that a run started; returns the run's id."""
        ...

    async def finished(
        self,
        run_id: uuid.UUID,
        job_id: str,
        finished_at: datetime,
        outcome: Outcome,
        error: str | None,
    ) -> None:
        """Record how a run ended, and prune the job's old runs."""
        ...


class JobRunner(ABC):
    """Runs the scheduled jobs; the app holds one in `app.state.job_runner`."""

    @abstractmethod
    async def start(self) -> None:
        """Clean up after a killed predecessor, then start scheduling (if enabled)."""

    @abstractmethod
    async def stop(self) -> None:
        """Stop scheduling and cancel running jobs; they are recorded as cancelled."""

    @abstractmethod
    def run_now(self, job_id: str) -> JobStatus:
        """Start a run at once; raises UnknownJob, or JobAlreadyRunning while one runs."""

    @abstractmethod
    def list_jobs(self) -> list[JobStatus]:
        """Every job, in the order they were declared."""

    @abstractmethod
    def report_progress(self, job_id: str, done: int, total: int) -> None:
        """A running job says how far it is (shown by the job API until the run ends)."""

    @abstractmethod
    def paused(self, why: str) -> AbstractAsyncContextManager[None]:
        """While inside, no job runs: runs in progress are cancelled (recorded as cancelled,
        `why` as the reason) and waited for, ticks are skipped and "run now" is refused with
        JobsPaused. Jobs run again from their next tick. Raises JobsPaused when paused already,
        or when a cancelled run does not end in time."""

    def check_can_run(self, job_id: str) -> JobStatus:
        """The job, if a run of it could start now; raises UnknownJob or JobAlreadyRunning."""
        status = self.get(job_id)
        if status.running_since is not None:
            raise JobAlreadyRunning(
                f"The job {job_id} is already running (since "
                f"{status.running_since.isoformat(timespec='seconds')}); wait until it has finished"
            )
        return status

    def get(self, job_id: str) -> JobStatus:
        """One job; raises UnknownJob."""
        for status in self.list_jobs():
            if status.id == job_id:
                return status
        raise UnknownJob(f"There is no job {job_id!r}; jobs are {', '.join(self.job_ids())}")

    def job_ids(self) -> list[str]:
        return [status.id for status in self.list_jobs()]


class InProcessJobRunner(JobRunner):
    """APScheduler in this process: right for one app process (the only supported setup today).

    APScheduler only says when a job is due; the runner itself starts runs as tasks and refuses
    a second run of a job while one is running, whether it comes from a tick or from "run now".
    A tick that finds its job still running is skipped, so a job slower than its interval simply
    runs back to back.
    """

    def __init__(
        self,
        jobs: Sequence[ScheduledJob],
        context: JobContext[Any],
        recorder: RunRecorder,
        *,
        intervals: Mapping[str, timedelta] | None = None,
        scheduling: bool = True,
    ) -> None:
        ids = [job.id for job in jobs]
        if len(set(ids)) != len(ids):
            raise ValueError(f"job ids must be unique: {sorted(ids)}")
        intervals = intervals or {}
        unknown = sorted(set(intervals) - set(ids))
        if unknown:
            raise ValueError(f"intervals for unknown jobs: {', '.join(unknown)}")
        self.jobs = {job.id: job for job in jobs}
        self.intervals = {job.id: intervals.get(job.id, job.interval) for job in jobs}
        self.context = context
        self.recorder = recorder
        self.scheduling = scheduling
        self._scheduler = AsyncIOScheduler(timezone=UTC, job_defaults=JOB_DEFAULTS)
        # job id -> (start time, task) of the run in progress
        self._running: dict[str, tuple[datetime, asyncio.Task[None]]] = {}
        self._progress: dict[str, tuple[int, int]] = {}
        self._stopped = False
        # Why jobs are paused (a restore), while they are.
        self._paused: str | None = None
        self._cancel_reason = "cancelled because the app was stopping"

    @property
    def scheduler(self) -> AsyncIOScheduler:
        return self._scheduler

    async def start(self) -> None:
        try:
            interrupted = await self.recorder.interrupt_unfinished(datetime.now(UTC))
        except Exception:
            # The history is informative only; a database problem shows up elsewhere too.
            log.exception("Could not mark the job runs left by the last process as interrupted")
        else:
            if interrupted:
                log.warning("%d job run(s) were still running when the app stopped", interrupted)
        if not self.scheduling:
            log.info("Scheduling is off ([scheduler] enabled = false); jobs run only on request")
            return
        now = datetime.now(UTC)
        for job in self.jobs.values():
            self._scheduler.add_job(
                self._tick,
                IntervalTrigger(seconds=self.intervals[job.id].total_seconds(), timezone=UTC),
                args=[job.id],
                id=job.id,
                name=job.description,
                next_run_time=now + job.first_run_after,
            )
        self._scheduler.start()

    async def stop(self) -> None:
        self._stopped = True
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            # AsyncIOScheduler shuts down in a callback on the loop: let it run.
            await asyncio.sleep(0)
        tasks = [task for _, task in self._running.values()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=SHUTDOWN_GRACE_SECONDS)

    def check_can_run(self, job_id: str) -> JobStatus:
        status = super().check_can_run(job_id)
        if self._paused is not None:
            raise JobsPaused(
                f"Jobs are paused while {self._paused}; {job_id} was not started: try again "
                "when that is over"
            )
        return status

    def run_now(self, job_id: str) -> JobStatus:
        self.check_can_run(job_id)
        if self._stopped:
            raise JobAlreadyRunning(f"The app is shutting down; {job_id} was not started")
        self._launch(job_id)
        return self._status(self.jobs[job_id])

    @asynccontextmanager
    async def paused(self, why: str) -> AsyncIterator[None]:
        if self._paused is not None:
            raise JobsPaused(f"Jobs are paused already, while {self._paused}")
        self._paused = why
        try:
            running = {job_id: task for job_id, (_, task) in self._running.items()}
            self._cancel_reason = f"cancelled while {why}"
            for task in running.values():
                task.cancel()
            if running:
                log.info("Cancelling %s while %s", ", ".join(sorted(running)), why)
                await asyncio.wait(running.values(), timeout=SHUTDOWN_GRACE_SECONDS)
            still = sorted(job_id for job_id, task in running.items() if not task.done())
            if still:
                raise JobsPaused(
                    f"The job(s) {', '.join(still)} did not stop within "
                    f"{SHUTDOWN_GRACE_SECONDS:g} s; try again in a moment"
                )
            log.info("Jobs paused while %s", why)
            yield
        finally:
            self._paused = None
            self._cancel_reason = "cancelled because the app was stopping"
            log.info("Jobs resumed")

    def list_jobs(self) -> list[JobStatus]:
        return [self._status(job) for job in self.jobs.values()]

    def report_progress(self, job_id: str, done: int, total: int) -> None:
        if job_id in self._running:
            self._progress[job_id] = (done, total)

    async def wait_idle(self) -> None:
        """Wait until no run is in progress (tests)."""
        while self._running:
            await asyncio.gather(*(task for _, task in self._running.values()))

    def _status(self, job: ScheduledJob) -> JobStatus:
        scheduled = self._scheduler.get_job(job.id) if self._scheduler.running else None
        running = self._running.get(job.id)
        return JobStatus(
            id=job.id,
            description=job.description,
            interval=self.intervals[job.id],
            next_run_at=scheduled.next_run_time if scheduled is not None else None,
            running_since=running[0] if running else None,
            progress=self._progress.get(job.id) if running else None,
        )

    async def _tick(self, job_id: str) -> None:
        if job_id in self._running:
            log.debug("Job %s is still running; skipping this turn", job_id)
            return
        if self._paused is not None:
            log.info("Job %s skipped this turn: jobs are paused while %s", job_id, self._paused)
            return
        if not self._stopped:
            self._launch(job_id)

    def _launch(self, job_id: str) -> None:
        # No await between the check in the callers and this: one run per job, on one loop.
        started_at = datetime.now(UTC)
        task = asyncio.get_running_loop().create_task(
            self._execute(job_id, started_at), name=job_id
        )
        self._running[job_id] = (started_at, task)

    async def _execute(self, job_id: str, started_at: datetime) -> None:
        job = self.jobs[job_id]
        try:
            try:
                run_id = await self.recorder.started(job_id, started_at)
            except Exception:
                log.exception("Job %s not run: its start could not be recorded", job_id)
                return
            outcome: Outcome = "success"
            error: str | None = None
            try:
                await job.run(self.context)
            except asyncio.CancelledError:
                outcome, error = "cancelled", self._cancel_reason
                raise
            except Exception as exc:
                # Jobs log their own expected failures; this is the last line for bugs.
                log.exception("The job %s failed", job_id)
                outcome, error = "failed", f"{type(exc).__name__}: {exc}"
            finally:
                await self._record_end(run_id, job_id, outcome, error)
        finally:
            self._running.pop(job_id, None)
            self._progress.pop(job_id, None)

    async def _record_end(
        self, run_id: uuid.UUID, job_id: str, outcome: Outcome, error: str | None
    ) -> None:
        try:
            await self.recorder.finished(run_id, job_id, datetime.now(UTC), outcome, error)
        except Exception:
            log.exception("The end of a run of %s could not be recorded", job_id)
