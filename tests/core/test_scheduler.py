import asyncio
import itertools
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from media_manager.config import Settings
from media_manager.core.database import create_sessionmaker
from media_manager.core.jobs import JobContext, ScheduledJob, TaskRunner
from media_manager.core.scheduler import (
    InProcessJobRunner,
    JobAlreadyRunning,
    JobsPaused,
    UnknownJob,
)
from media_manager.main import create_app
from media_manager.system.jobs.models import JobRun
from media_manager.system.jobs.service import JobRunRecorder
from tests.conftest import make_settings

DECLARED_JOBS = {
    "tv.refresh_shows",
    "movies.refresh_movies",
    "search.purge_results",
    "downloads.poll",
    "health.check",
    "backups.create",
    "importer.retry",
    "importer.empty_recycle",
    "importer.scan_library",
    "importer.import_library",
    "automation.search_new",
    "automation.rss",
    "automation.search_wanted",
    "automation.purge_decisions",
}
# The intervals of jobs that do not run hourly: the download poll runs every
# downloads.poll_seconds, RSS sync every automation.rss_interval_minutes.
INTERVALS = {
    "downloads.poll": timedelta(seconds=5),
    "health.check": timedelta(minutes=5),
    "backups.create": timedelta(hours=6),
    "importer.retry": timedelta(minutes=15),
    "importer.empty_recycle": timedelta(hours=12),
    "importer.scan_library": timedelta(days=1),
    "importer.import_library": timedelta(hours=1),
    "automation.rss": timedelta(minutes=15),
    "automation.search_new": timedelta(minutes=15),
    "automation.search_wanted": timedelta(minutes=10),
    "automation.purge_decisions": timedelta(days=1),
}


def make_runner(app, jobs, *, keep: int = 50, scheduling: bool = True) -> InProcessJobRunner:
    context = JobContext(app.state)
    return InProcessJobRunner(jobs, context, JobRunRecorder(context, keep), scheduling=scheduling)


async def runs_of(app, job_id: str) -> list[JobRun]:
    async with app.state.sessionmaker() as session:
        query = select(JobRun).where(JobRun.job_id == job_id).order_by(JobRun.started_at)
        return list((await session.execute(query)).scalars())


async def test_lifespan_starts_the_runner_with_every_declared_job_and_stops_it(
    settings: Settings,
):
    app = create_app(settings)

    async with app.router.lifespan_context(app):
        runner = app.state.job_runner
        scheduler = runner.scheduler
        running = scheduler.running
        jobs = {job.id: job for job in scheduler.get_jobs()}
        statuses = {status.id: status for status in runner.list_jobs()}

    assert running
    assert not scheduler.running
    assert set(jobs) == set(statuses) == DECLARED_JOBS
    for job in jobs.values():
        assert isinstance(job.trigger, IntervalTrigger)
        expected = INTERVALS.get(job.id, timedelta(hours=1))
        assert job.trigger.interval == expected
        # Soon after start-up, not an hour later.
        assert job.next_run_time - datetime.now(UTC) <= timedelta(minutes=10)
    assert statuses["tv.refresh_shows"].description.startswith("Refresh the shows that are due")


async def test_interval_from_the_settings_replaces_the_declared_one(
    tmp_path: Path, database_url: str
):
    settings = make_settings(
        tmp_path, database_url, scheduler={"intervals": {"search.purge_results": 300}}
    )
    app = create_app(settings)

    async with app.router.lifespan_context(app):
        runner = app.state.job_runner
        trigger = runner.scheduler.get_job("search.purge_results").trigger
        other = runner.scheduler.get_job("tv.refresh_shows").trigger

    assert trigger.interval == timedelta(seconds=300)
    assert other.interval == timedelta(hours=1)
    assert runner.get("search.purge_results").interval == timedelta(seconds=300)


def test_interval_for_an_unknown_job_is_a_configuration_error(tmp_path: Path):
    with pytest.raises(ValidationError) as caught:
        make_settings(tmp_path, "sqlite+aiosqlite://", scheduler={"intervals": {"tv.nope": 60}})

    message = str(caught.value)
    assert "scheduler.intervals names unknown job(s) tv.nope" in message
    assert "tv.refresh_shows" in message  # the known ids are listed


def test_interval_must_be_at_least_a_second(tmp_path: Path):
    with pytest.raises(ValidationError):
        make_settings(
            tmp_path, "sqlite+aiosqlite://", scheduler={"intervals": {"tv.refresh_shows": 0}}
        )


async def test_disabled_scheduling_still_lists_jobs_and_runs_them_on_request(
    tmp_path: Path, database_url: str
):
    app = create_app(make_settings(tmp_path, database_url, scheduler={"enabled": False}))

    async with app.router.lifespan_context(app):
        runner = app.state.job_runner
        statuses = runner.list_jobs()
        scheduler_running = runner.scheduler.running

    assert not scheduler_running
    assert {status.id for status in statuses} == DECLARED_JOBS
    assert all(status.next_run_at is None for status in statuses)


async def test_short_interval_job_runs_repeatedly_and_never_overlaps(app):
    active = 0
    most_active = 0
    starts: list[float] = []
    loop = asyncio.get_running_loop()

    async def tick(_context: JobContext) -> None:
        """A job slower than its interval."""
        nonlocal active, most_active
        active += 1
        most_active = max(most_active, active)
        starts.append(loop.time())
        try:
            await asyncio.sleep(1.3)
        finally:
            active -= 1

    runner = make_runner(
        app, [ScheduledJob(id="test.tick", run=tick, interval=timedelta(seconds=1))]
    )
    await runner.start()
    try:
        await asyncio.sleep(0.2)
        with pytest.raises(JobAlreadyRunning, match=r"test\.tick is already running"):
            runner.run_now("test.tick")
        await asyncio.sleep(4.0)
    finally:
        await runner.stop()

    assert most_active == 1
    assert len(starts) >= 2
    # Ticks that found the job running were skipped, not queued: starts are >= 1.3 s apart.
    assert all(b - a >= 1.29 for a, b in itertools.pairwise(starts))
    runs = await runs_of(app, "test.tick")
    assert len(runs) == len(starts)
    assert [run.outcome for run in runs[:-1]] == ["success"] * (len(runs) - 1)
    # The last one was running when the runner stopped.
    assert runs[-1].outcome in {"success", "cancelled"}
    assert all(run.duration_seconds is not None for run in runs)


async def test_failing_job_is_recorded_and_does_not_stop_the_scheduler(app):
    second_ran = asyncio.Event()

    async def broken(_context: JobContext) -> None:
        raise RuntimeError("boom")

    async def working(_context: JobContext) -> None:
        second_ran.set()

    runner = make_runner(
        app,
        [
            ScheduledJob(id="test.broken", run=broken, interval=timedelta(hours=1)),
            ScheduledJob(
                id="test.working",
                run=working,
                interval=timedelta(hours=1),
                first_run_after=timedelta(milliseconds=300),
            ),
        ],
    )
    await runner.start()
    try:
        await asyncio.wait_for(second_ran.wait(), timeout=5)
        await runner.wait_idle()
        assert runner.scheduler.running
    finally:
        await runner.stop()

    [failed] = await runs_of(app, "test.broken")
    assert (failed.outcome, failed.error) == ("failed", "RuntimeError: boom")
    assert failed.finished_at is not None
    [succeeded] = await runs_of(app, "test.working")
    assert succeeded.outcome == "success"


async def test_stopping_the_runner_cancels_a_run_and_records_it(app):
    started = asyncio.Event()

    async def slow(_context: JobContext) -> None:
        started.set()
        await asyncio.sleep(60)

    runner = make_runner(
        app, [ScheduledJob(id="test.slow", run=slow, interval=timedelta(hours=1))], scheduling=False
    )
    await runner.start()
    runner.run_now("test.slow")
    await asyncio.wait_for(started.wait(), timeout=5)
    await runner.stop()

    [run] = await runs_of(app, "test.slow")
    assert run.outcome == "cancelled"
    with pytest.raises(JobAlreadyRunning, match="shutting down"):
        runner.run_now("test.slow")


async def test_run_now_of_an_unknown_job_names_the_known_ones(app):
    async def noop(_context: JobContext) -> None:
        pass

    runner = make_runner(app, [ScheduledJob(id="test.noop", run=noop, interval=timedelta(hours=1))])

    with pytest.raises(UnknownJob, match=r"There is no job .test\.other.; jobs are test\.noop"):
        runner.run_now("test.other")


async def test_history_keeps_only_the_newest_runs_of_each_job(app):
    async def noop(_context: JobContext) -> None:
        pass

    runner = make_runner(
        app,
        [
            ScheduledJob(id="test.noop", run=noop, interval=timedelta(hours=1)),
            ScheduledJob(id="test.other", run=noop, interval=timedelta(hours=1)),
        ],
        keep=3,
        scheduling=False,
    )
    await runner.start()
    runner.run_now("test.other")
    await runner.wait_idle()
    for _ in range(5):
        runner.run_now("test.noop")
        await runner.wait_idle()
    await runner.stop()

    assert len(await runs_of(app, "test.noop")) == 3
    assert len(await runs_of(app, "test.other")) == 1


async def test_start_up_marks_runs_left_running_as_interrupted(
    settings: Settings, engine: AsyncEngine
):
    sessionmaker = create_sessionmaker(engine)
    left = JobRun(job_id="test.killed", started_at=datetime.now(UTC), outcome="running")
    async with sessionmaker() as session, session.begin():
        session.add(left)
    app = create_app(settings)
    try:
        async with app.router.lifespan_context(app):
            pass
        async with sessionmaker() as session:
            run = await session.get(JobRun, left.id)
            assert run is not None
            assert run.outcome == "interrupted"
            assert run.error == "The app stopped while this run was in progress"
    finally:
        async with sessionmaker() as session, session.begin():
            await session.execute(delete(JobRun).where(JobRun.job_id == "test.killed"))


async def test_failing_background_job_is_logged_and_others_still_run(
    app, caplog: pytest.LogCaptureFixture
):
    runner = TaskRunner(JobContext(app.state))
    done = []

    async def broken(_context: JobContext) -> None:
        raise RuntimeError("boom")

    async def working(_context: JobContext, value: int) -> None:
        done.append(value)

    with caplog.at_level(logging.ERROR, logger="media_manager.core.jobs"):
        runner.start(broken)
        runner.start(working, 7)
        await runner.drain()

    assert done == [7]
    assert "The background job" in caplog.text
    assert "boom" in caplog.text


async def test_closing_the_runner_cancels_running_jobs(app):
    runner = TaskRunner(JobContext(app.state))
    started = asyncio.Event()
    cancelled = asyncio.Event()
    starts = []

    async def slow(_context: JobContext) -> None:
        starts.append(1)
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    runner.start(slow)
    await started.wait()
    await runner.close()
    runner.start(slow)  # refused after close
    await runner.drain()

    assert cancelled.is_set()
    assert starts == [1]


async def test_paused_runner_cancels_runs_skips_ticks_and_refuses_run_now(app):
    starts: list[str] = []
    started = asyncio.Event()

    async def slow(_context: JobContext) -> None:
        starts.append("slow")
        started.set()
        await asyncio.sleep(60)

    async def often(_context: JobContext) -> None:
        starts.append("often")

    runner = make_runner(
        app,
        [
            ScheduledJob(id="test.slow", run=slow, interval=timedelta(hours=1)),
            ScheduledJob(
                id="test.often",
                run=often,
                interval=timedelta(seconds=1),
                first_run_after=timedelta(hours=1),
            ),
        ],
    )
    await runner.start()
    try:
        await asyncio.wait_for(started.wait(), timeout=5)
        async with runner.paused("restoring a backup"):
            assert runner.get("test.slow").running_since is None
            with pytest.raises(JobsPaused, match="paused while restoring a backup"):
                runner.run_now("test.often")
            with pytest.raises(JobsPaused, match="paused already"):
                async with runner.paused("something else"):
                    pass
            runner.scheduler.modify_job("test.often", next_run_time=datetime.now(UTC))
            await asyncio.sleep(1.5)  # at least one tick of test.often is due
            assert starts == ["slow"]
        runner.run_now("test.often")
        await runner.wait_idle()
    finally:
        await runner.stop()

    assert starts == ["slow", "often"]
    [cancelled] = await runs_of(app, "test.slow")
    assert (cancelled.outcome, cancelled.error) == (
        "cancelled",
        "cancelled while restoring a backup",
    )
