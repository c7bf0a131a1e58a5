"""The job API: every scheduled job, its run history and run now, for administrators only.

Runs started here share the test's one database connection with the requests, so a request is
only sent while no run is recording itself (the runner is idle, or the run is held waiting).
"""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from media_manager.app_jobs import job_ids
from media_manager.core.jobs import JobContext, ScheduledJob
from media_manager.core.scheduler import InProcessJobRunner
from tests.core.test_scheduler import DECLARED_JOBS, INTERVALS, make_runner

JOBS = "/api/v1/system/jobs"
ROUTES = [
    ("GET", JOBS),
    ("GET", f"{JOBS}/tv.refresh_shows/runs"),
    ("POST", f"{JOBS}/tv.refresh_shows/run"),
]
# A real job that does nothing on an empty library but still reads the database.
QUICK_JOB = "search.purge_results"


class HeldJob:
    """A job that runs until the test releases it."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, _context: JobContext) -> None:
        self.started.set()
        await self.release.wait()


async def broken(_context: JobContext) -> None:
    """Fails as a job with a bug would."""
    raise RuntimeError("the indexer answered with nonsense")


@pytest.fixture
def held() -> HeldJob:
    return HeldJob()


@pytest.fixture
async def test_runner(app: FastAPI, held: HeldJob) -> AsyncIterator[InProcessJobRunner]:
    """The app's runner swapped for one of test jobs (the real jobs cannot be held or broken)."""
    runner = make_runner(
        app,
        [
            ScheduledJob(id="test.held", run=held, interval=timedelta(hours=1)),
            ScheduledJob(id="test.broken", run=broken, interval=timedelta(hours=1)),
        ],
        scheduling=False,
    )
    await runner.start()
    # Not monkeypatch: it restores what it finds in the instance's __dict__, and State keeps
    # its attributes elsewhere.
    real = app.state.job_runner
    app.state.job_runner = runner
    try:
        yield runner
    finally:
        app.state.job_runner = real
        held.release.set()
        await runner.stop()


async def ended_run(app: FastAPI, client: AsyncClient, headers: dict, job_id: str) -> dict:
    """The job's newest run once it has ended, as /runs shows it (the runs here take ms)."""
    async with asyncio.timeout(30):
        while True:
            await app.state.job_runner.wait_idle()
            response = await client.get(f"{JOBS}/{job_id}/runs", headers=headers)
            assert response.status_code == 200, response.text
            runs = response.json()["items"]
            if runs and runs[0]["outcome"] != "running":
                return runs[0]
            await asyncio.sleep(0.01)


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=["list", "runs", "run"])
async def test_only_administrators_may_use_the_job_api(
    app: FastAPI, client: AsyncClient, user_headers: dict, method: str, path: str
):
    as_user = await client.request(method, path, headers=user_headers)
    anonymous = await client.request(method, path)

    assert as_user.status_code == 403, as_user.text
    assert anonymous.status_code == 401, anonymous.text
    assert app.state.job_runner.get("tv.refresh_shows").running_since is None


async def test_list_shows_every_declared_job_with_its_interval(
    client: AsyncClient, admin_headers: dict
):
    response = await client.get(JOBS, headers=admin_headers)

    assert response.status_code == 200, response.text
    jobs = response.json()
    assert [job["id"] for job in jobs] == job_ids()
    assert set(job_ids()) == DECLARED_JOBS
    intervals = {job["id"]: job["interval_seconds"] for job in jobs}
    assert intervals == {
        job_id: INTERVALS.get(job_id, timedelta(hours=1)).total_seconds()
        for job_id in DECLARED_JOBS
    }
    refresh = next(job for job in jobs if job["id"] == "tv.refresh_shows")
    assert refresh["description"].startswith("Refresh the shows that are due")
    # Scheduling is off in tests: nothing is due, running or has run yet.
    assert all(job["next_run_at"] is None for job in jobs)
    assert not any(job["running"] for job in jobs)
    assert all(job["last_run"] is None for job in jobs)


async def test_run_now_starts_the_job_and_its_run_is_recorded(
    app: FastAPI, client: AsyncClient, admin_headers: dict
):
    before = datetime.now(UTC)

    response = await client.post(f"{JOBS}/{QUICK_JOB}/run", headers=admin_headers)

    assert response.status_code == 202, response.text
    assert response.json() == {"job_id": QUICK_JOB, "message": f"{QUICK_JOB} is starting"}
    run = await ended_run(app, client, admin_headers, QUICK_JOB)
    after = datetime.now(UTC)
    assert run["job_id"] == QUICK_JOB
    assert (run["outcome"], run["error"]) == ("success", None)
    started = datetime.fromisoformat(run["started_at"])
    finished = datetime.fromisoformat(run["finished_at"])
    assert before <= started <= finished <= after
    assert run["duration_seconds"] == pytest.approx((finished - started).total_seconds())
    jobs = (await client.get(JOBS, headers=admin_headers)).json()
    listed = next(job for job in jobs if job["id"] == QUICK_JOB)
    assert listed["last_run"] == run
    assert listed["running"] is False


async def test_run_now_of_an_unknown_job_is_404(client: AsyncClient, admin_headers: dict):
    response = await client.post(f"{JOBS}/tv.nothing/run", headers=admin_headers)

    assert response.status_code == 404, response.text
    body = response.json()
    assert body.keys() == {"detail", "error"}
    assert body["error"] == "UnknownJob"
    assert body["detail"].startswith("There is no job 'tv.nothing'; jobs are tv.refresh_shows")


async def test_runs_of_an_unknown_job_is_404(client: AsyncClient, admin_headers: dict):
    response = await client.get(f"{JOBS}/tv.nothing/runs", headers=admin_headers)

    assert response.status_code == 404, response.text
    assert response.json()["error"] == "UnknownJob"
    assert response.json()["detail"].startswith("There is no job 'tv.nothing'")


async def test_run_now_while_the_job_runs_is_409_and_starts_no_second_run(
    app: FastAPI,
    client: AsyncClient,
    admin_headers: dict,
    test_runner: InProcessJobRunner,
    held: HeldJob,
):
    first = await client.post(f"{JOBS}/test.held/run", headers=admin_headers)
    await asyncio.wait_for(held.started.wait(), timeout=30)

    second = await client.post(f"{JOBS}/test.held/run", headers=admin_headers)
    jobs = (await client.get(JOBS, headers=admin_headers)).json()
    runs = (await client.get(f"{JOBS}/test.held/runs", headers=admin_headers)).json()

    assert first.status_code == 202, first.text
    assert second.status_code == 409, second.text
    assert second.json()["error"] == "JobAlreadyRunning"
    assert "test.held is already running" in second.json()["detail"]
    listed = next(job for job in jobs if job["id"] == "test.held")
    assert listed["running"] is True
    assert listed["running_since"] is not None
    assert runs["total"] == 1
    [running] = runs["items"]
    assert (running["outcome"], running["finished_at"], running["duration_seconds"]) == (
        "running",
        None,
        None,
    )
    held.release.set()
    ended = await ended_run(app, client, admin_headers, "test.held")
    assert (ended["id"], ended["outcome"]) == (running["id"], "success")


async def test_failing_job_run_is_recorded_as_failed_with_its_error(
    app: FastAPI, client: AsyncClient, admin_headers: dict, test_runner: InProcessJobRunner
):
    response = await client.post(f"{JOBS}/test.broken/run", headers=admin_headers)

    assert response.status_code == 202, response.text
    run = await ended_run(app, client, admin_headers, "test.broken")
    assert run["outcome"] == "failed"
    assert run["error"] == "RuntimeError: the indexer answered with nonsense"
    assert run["finished_at"] is not None
    assert run["duration_seconds"] >= 0
    # The runner is free again: the job can be run once more.
    again = await client.post(f"{JOBS}/test.broken/run", headers=admin_headers)
    assert again.status_code == 202, again.text
    await app.state.job_runner.wait_idle()
