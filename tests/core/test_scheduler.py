import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from media_manager.config import Settings
from media_manager.core.jobs import JobContext, TaskRunner
from media_manager.main import create_app
from tests.conftest import make_settings


async def test_lifespan_starts_the_scheduler_with_the_refresh_jobs_and_stops_it(
    settings: Settings,
):
    app = create_app(settings)

    async with app.router.lifespan_context(app):
        scheduler = app.state.scheduler
        running = scheduler.running
        jobs = {job.id: job for job in scheduler.get_jobs()}

    assert running
    assert not scheduler.running
    assert set(jobs) == {"refresh_shows", "refresh_movies", "purge_search_results"}
    for job in jobs.values():
        assert (job.max_instances, job.coalesce, job.misfire_grace_time) == (1, True, 900)
        assert isinstance(job.trigger, IntervalTrigger)
        assert job.trigger.interval == timedelta(hours=1)
        # Soon after start-up, not an hour later.
        assert job.next_run_time - datetime.now(UTC) <= timedelta(minutes=10)


async def test_disabled_scheduler_is_not_started(tmp_path: Path, database_url: str):
    app = create_app(make_settings(tmp_path, database_url, scheduler={"enabled": False}))

    async with app.router.lifespan_context(app):
        scheduler = app.state.scheduler

    assert scheduler is None


async def test_failing_job_does_not_stop_the_scheduler(settings: Settings):
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        await _failing_job_does_not_stop(app.state.scheduler)


async def _failing_job_does_not_stop(scheduler) -> None:
    ran = asyncio.Event()

    async def broken() -> None:
        raise RuntimeError("boom")

    async def working() -> None:
        ran.set()

    now = datetime.now(UTC)
    scheduler.add_job(broken, next_run_time=now)
    scheduler.add_job(working, next_run_time=now + timedelta(milliseconds=100))

    await asyncio.wait_for(ran.wait(), timeout=5)

    assert scheduler.running


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
