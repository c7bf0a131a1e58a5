"""Work outside requests: what jobs need, how a scheduled job is declared, and the runner for
work started by a request.

Scheduled jobs (each domain's `tasks.py`) and background work after a request (a poster download
after adding a show) both take a `JobContext` and open their own sessions. The context holds
only plumbing (settings, sessions, the HTTP client); each domain builds its own services from it.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

import httpx
from fastapi import BackgroundTasks
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import State

from media_manager.core.errors import AppError

log = logging.getLogger(__name__)

P = ParamSpec("P")
# The app's root settings type. Core never names it: the settings compose every domain's section,
# so knowing them would make core depend on the domains. Jobs write JobContext[Settings].
SettingsT = TypeVar("SettingsT", covariant=True)
Job = Callable[Concatenate["JobContext[Any]", P], Awaitable[None]]
# How long shutdown waits for cancelled background work to finish its cleanup.
SHUTDOWN_GRACE_SECONDS = 5.0


async def attempt(work: Awaitable[object], failure: str, logger: logging.Logger) -> bool:
    """Await one item's work in a job; on failure log `failure` (why, too) and return False.

    Jobs go through many shows or movies; one failing item must never end the run. The
    caller's logger is used so that log lines name the domain they come from.
    """
    try:
        await work
    except AppError as exc:
        logger.warning("%s: %s", failure, exc.message)
        return False
    except Exception:
        logger.exception("%s", failure)
        return False
    return True


class JobContext(Generic[SettingsT]):
    """The app's shared resources, read from its state when a job runs (tests swap them)."""

    def __init__(self, state: State) -> None:
        self._state = state

    @property
    def settings(self) -> SettingsT:
        return self._state.settings

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        return self._state.sessionmaker

    @property
    def http_client(self) -> httpx.AsyncClient:
        return self._state.http_client

    @property
    def state(self) -> State:
        """The app state, for what a domain keeps there itself (the metadata source)."""
        return self._state


@dataclass(frozen=True, slots=True)
class ScheduledJob:
    """A job that runs on a schedule, declared in its domain's `tasks.py` (list `JOBS`).

    `id` is "<domain>.<name>"; it names the job in the API, in the run history and in
    `[scheduler.intervals]`, so it must not change once released. The job must be safe to run
    twice and to kill at any point: the runner never overlaps two runs of one job, but a run
    killed with the app is simply run again later.
    """

    id: str
    run: Callable[[JobContext[Any]], Awaitable[None]]
    interval: timedelta
    # The first run after start-up; staggered so that jobs do not all start together.
    first_run_after: timedelta = timedelta(0)
    description: str = ""

    def __post_init__(self) -> None:
        if self.interval <= timedelta(0):
            raise ValueError(f"job {self.id}: the interval must be positive")
        if not self.description:
            doc = (self.run.__doc__ or self.id).strip().splitlines()[0]
            object.__setattr__(self, "description", doc)


class TaskRunner:
    """Runs jobs as tasks of the app, so that shutdown can cancel and wait for them."""

    def __init__(self, context: JobContext) -> None:
        self.context = context
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    def start(self, job: Job[P], *args: P.args, **kwargs: P.kwargs) -> None:
        if self._closed:
            log.warning("Not starting %s: the app is shutting down", job.__qualname__)
            return
        coroutine = self._run(job, *args, **kwargs)
        task = asyncio.get_running_loop().create_task(coroutine, name=job.__qualname__)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Job[P], *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await job(self.context, *args, **kwargs)
        except Exception:
            # Jobs log their own expected failures; this is the last line for bugs.
            log.exception("The background job %s failed", job.__qualname__)

    async def drain(self) -> None:
        """Wait until every started job has finished (tests, and graceful shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        """Cancel what is still running; it is retried later (a refresh fetches posters again)."""
        self._closed = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=SHUTDOWN_GRACE_SECONDS)


class AfterResponse:
    """Starts jobs once the response is sent, hence after the request's transaction committed.

    The request's session commits before the response (SessionDep has scope="function"), so a
    job started here finds the show it was given in the database.
    """

    def __init__(self, runner: TaskRunner, background: BackgroundTasks) -> None:
        self.runner = runner
        self.background = background

    def start(self, job: Job[P], *args: P.args, **kwargs: P.kwargs) -> None:
        # async: Starlette would run a plain function in a worker thread, away from the loop.
        async def start_job() -> None:
            self.runner.start(job, *args, **kwargs)

        self.background.add_task(start_job)
