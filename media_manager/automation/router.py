"""Wanted lists, automatic "search now", queued wanted searches, and automation's decisions."""

import logging
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Path, status

from media_manager.auth.dependencies import AdminUser, CurrentUser
from media_manager.auth.exceptions import AdminRequired
from media_manager.automation.dependencies import AutomationServiceDep
from media_manager.automation.repository import DecisionFilters, WantedFilters, WantedSort
from media_manager.automation.schemas import (
    DecisionRead,
    IndexerHealthRead,
    Outcome,
    SearchNowResult,
    Trigger,
    WantedKind,
    WantedRead,
    WantedSearchQueued,
    WantedSearchRequest,
)
from media_manager.automation.tasks import SEARCH_WANTED_JOB_ID
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.scheduler import JobAlreadyRunning, JobRunner, JobsPaused
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, SeasonNumber, error_responses
from media_manager.system.jobs.dependencies import JobRunnerDep

log = logging.getLogger(__name__)

router = APIRouter(tags=["automation"], responses=SIGNED_IN_ERRORS)

SortOrder = Literal["asc", "desc"]


@router.get("/wanted/missing")
async def wanted_missing(
    _user: CurrentUser,
    service: AutomationServiceDep,
    page: PageParamsDep,
    kind: WantedKind | None = None,
    show_id: uuid.UUID | None = None,
    movie_id: uuid.UUID | None = None,
    sort: WantedSort = "air_date",
    order: SortOrder = "desc",
) -> Page[WantedRead]:
    """Monitored episodes that aired and movies that are out, without a file."""
    filters = WantedFilters(kind=kind, show_id=show_id, movie_id=movie_id)
    return await service.missing(filters, sort, order == "desc", page)


@router.get("/wanted/cutoff")
async def wanted_cutoff(
    _user: CurrentUser,
    service: AutomationServiceDep,
    page: PageParamsDep,
    kind: WantedKind | None = None,
    show_id: uuid.UUID | None = None,
    movie_id: uuid.UUID | None = None,
    sort: WantedSort = "air_date",
    order: SortOrder = "desc",
) -> Page[WantedRead]:
    """Episodes and movies whose file is below their quality profile's cutoff."""
    filters = WantedFilters(kind=kind, show_id=show_id, movie_id=movie_id)
    return await service.cutoff_unmet(filters, sort, order == "desc", page)


@router.post("/wanted/search", status_code=status.HTTP_202_ACCEPTED)
async def search_wanted(
    user: CurrentUser,
    service: AutomationServiceDep,
    runner: JobRunnerDep,
    data: WantedSearchRequest,
    background: BackgroundTasks,
) -> WantedSearchQueued:
    """Queue automatic searches of wanted items (all of a list: administrators only)."""
    if data.all and not user.is_superuser:
        raise AdminRequired("Only administrators may search for every wanted item at once")
    queued = await service.request_searches(data, user)
    if queued:
        # After the response, hence after the commit: the job reads the queued requests.
        background.add_task(_start_wanted_search, runner)
    return WantedSearchQueued(
        queued=queued,
        job_id=SEARCH_WANTED_JOB_ID,
        message=f"{queued} item(s) queued; follow {SEARCH_WANTED_JOB_ID} in /api/v1/system/jobs",
    )


@router.post("/tv/shows/{show_id}/search", responses=error_responses(404))
async def search_show_now(
    user: CurrentUser, service: AutomationServiceDep, show_id: uuid.UUID
) -> SearchNowResult:
    """Search every wanted episode of the show now and grab the best releases."""
    return await service.search_now("tv", show_id, user)


@router.post("/tv/shows/{show_id}/seasons/{season_number}/search", responses=error_responses(404))
async def search_season_now(
    user: CurrentUser,
    service: AutomationServiceDep,
    show_id: uuid.UUID,
    season_number: Annotated[SeasonNumber, Path()],
) -> SearchNowResult:
    """Search the season's wanted episodes now (a pack when all are wanted) and grab the best."""
    return await service.search_now("tv", show_id, user, season=season_number)


@router.post("/tv/shows/{show_id}/episodes/{episode_id}/search", responses=error_responses(404))
async def search_episode_now(
    user: CurrentUser, service: AutomationServiceDep, show_id: uuid.UUID, episode_id: uuid.UUID
) -> SearchNowResult:
    """Search one episode now and grab the best release, unless it has a file meeting the cutoff."""
    return await service.search_now("tv", show_id, user, episode_id=episode_id)


@router.post("/movies/{movie_id}/search", responses=error_responses(404))
async def search_movie_now(
    user: CurrentUser, service: AutomationServiceDep, movie_id: uuid.UUID
) -> SearchNowResult:
    """Search the movie now and grab the best release, unless it has a file meeting the cutoff."""
    return await service.search_now("movie", movie_id, user)


@router.get("/automation/decisions")
async def list_decisions(
    _user: CurrentUser,
    service: AutomationServiceDep,
    page: PageParamsDep,
    show_id: uuid.UUID | None = None,
    movie_id: uuid.UUID | None = None,
    outcome: Outcome | None = None,
    trigger: Trigger | None = None,
) -> Page[DecisionRead]:
    """What automation searched, grabbed, skipped or rejected and why, newest first."""
    filters = DecisionFilters(show_id=show_id, movie_id=movie_id, outcome=outcome, trigger=trigger)
    return await service.decision_page(filters, page)


@router.get("/automation/indexers")
async def indexer_health(
    _admin: AdminUser, service: AutomationServiceDep
) -> list[IndexerHealthRead]:
    """Indexers' failures in a row and until when automation backs off from each."""
    return await service.indexer_health()


async def _start_wanted_search(runner: JobRunner) -> None:
    try:
        runner.run_now(SEARCH_WANTED_JOB_ID)
    except JobAlreadyRunning:
        # The running job takes queued requests until none are left.
        log.info("%s is running already; it takes the new requests too", SEARCH_WANTED_JOB_ID)
    except JobsPaused as exc:
        # The requests stay queued: the job's next turn takes them.
        log.info("%s not started now: %s", SEARCH_WANTED_JOB_ID, exc.message)
