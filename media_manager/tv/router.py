import uuid
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, Response, status
from fastapi.responses import FileResponse

from media_manager.auth.dependencies import AdminUser, CurrentUser
from media_manager.core.dependencies import AfterResponseDep, PageParamsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, Storable, error_responses
from media_manager.core.schemas import SeasonNumber as SeasonNumberValue
from media_manager.images.dependencies import PosterServiceDep
from media_manager.images.responses import poster_response
from media_manager.images.schemas import PosterSize
from media_manager.metadata.schemas import MetadataProviderName, ShowStatus
from media_manager.tv.dependencies import ShowDep, ShowServiceDep
from media_manager.tv.repository import ShowFilters
from media_manager.tv.schemas import (
    EpisodeRead,
    EpisodeUpdate,
    SeasonRead,
    SeasonUpdate,
    ShowCreate,
    ShowDetail,
    ShowListItem,
    ShowRead,
    ShowSearchResult,
    ShowSort,
    ShowUpdate,
    SortOrder,
)
from media_manager.tv.service import notify_new_episodes
from media_manager.tv.tasks import fetch_show_poster

router = APIRouter(prefix="/tv", tags=["tv"], responses=SIGNED_IN_ERRORS)

Provider = Annotated[MetadataProviderName, Query(description="Where to look")]
SeasonNumber = Annotated[SeasonNumberValue, Path()]


@router.get("/search", responses=error_responses(400, 404, 429, 502, 503, 504))
async def search_shows(
    _user: CurrentUser,
    service: ShowServiceDep,
    query: Annotated[str, Query(min_length=1, max_length=200), Storable],
    metadata_provider: Provider = "tmdb",
) -> list[ShowSearchResult]:
    """Search the metadata provider for shows; results say whether they are in the library."""
    return await service.search(metadata_provider, query)


@router.get("/trending", responses=error_responses(400, 404, 429, 502, 503, 504))
async def trending_shows(
    _user: CurrentUser, service: ShowServiceDep, metadata_provider: Provider = "tmdb"
) -> list[ShowSearchResult]:
    """Shows trending this week (TMDB only)."""
    return await service.trending(metadata_provider)


@router.post(
    "/shows",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 404, 409, 429, 502, 503, 504),
)
async def add_show(
    _user: CurrentUser, service: ShowServiceDep, data: ShowCreate, after: AfterResponseDep
) -> ShowDetail:
    """Add a show to the library with all its seasons and episodes; the poster follows."""
    show = await service.add(data)
    if show.needs_poster and show.poster_url:
        after.start(fetch_show_poster, show.id, show.name, show.poster_url)
    return ShowDetail.model_validate(show)


@router.get("/shows")
async def list_shows(
    _user: CurrentUser,
    service: ShowServiceDep,
    page: PageParamsDep,
    search: Annotated[
        str | None, Query(max_length=200, description="Part of the name"), Storable
    ] = None,
    library: Annotated[str | None, Query(max_length=100), Storable] = None,
    show_status: Annotated[ShowStatus | None, Query(alias="status")] = None,
    monitored: Annotated[bool | None, Query(description="Monitor setting is not none")] = None,
    sort: ShowSort = "name",
    order: SortOrder = "asc",
) -> Page[ShowListItem]:
    """The shows in the library, with episode counts."""
    filters = ShowFilters(search=search, library=library, status=show_status, monitored=monitored)
    return await service.list_shows(filters, sort, order, page)


@router.get("/shows/{show_id}", responses=error_responses(404))
async def get_show(_user: CurrentUser, service: ShowServiceDep, show_id: uuid.UUID) -> ShowDetail:
    """A show with its seasons and their episodes."""
    return await service.detail(show_id)


@router.patch("/shows/{show_id}", responses=error_responses(404))
async def update_show(
    _user: CurrentUser, show: ShowDep, service: ShowServiceDep, data: ShowUpdate
) -> ShowRead:
    """Change a show's library, quality profile or monitor setting."""
    return ShowRead.model_validate(await service.update(show, data))


@router.delete(
    "/shows/{show_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404, 409)
)
async def delete_show(
    _admin: AdminUser,
    show: ShowDep,
    service: ShowServiceDep,
    background: BackgroundTasks,
    delete_files: Annotated[
        bool, Query(description="Also delete the show's folder in its library")
    ] = False,
) -> None:
    """Remove a show from the library (administrators only), and its folder if asked to."""
    removal = await service.delete(show, delete_files=delete_files)
    # After the response, hence after the commit: a failed commit must not cost the files.
    background.add_task(removal.run)


@router.post("/shows/{show_id}/refresh", responses=error_responses(400, 404, 429, 502, 503, 504))
async def refresh_show(
    _user: CurrentUser, service: ShowServiceDep, show_id: uuid.UUID, after: AfterResponseDep
) -> ShowDetail:
    """Fetch the show's metadata again; new seasons and episodes are monitored per the show."""
    show = await service.refresh(show_id)
    if show.needs_poster and show.poster_url:
        after.start(fetch_show_poster, show.id, show.name, show.poster_url)
    if service.new_episodes is not None:
        after.start(notify_new_episodes, service.new_episodes)
    return ShowDetail.model_validate(show)


@router.get(
    "/shows/{show_id}/poster",
    response_class=FileResponse,
    responses={
        **error_responses(404, 502),
        200: {"content": {"image/webp": {}, "image/jpeg": {}, "image/png": {}}},
    },
)
async def get_show_poster(
    _user: CurrentUser,
    show: ShowDep,
    posters: PosterServiceDep,
    request: Request,
    size: PosterSize = "webp",
) -> Response:
    """The show's poster: a resized WebP, or the original as the provider sent it."""
    return poster_response(request, await posters.poster("shows", show.id, size))


@router.get("/shows/{show_id}/seasons/{season_number}", responses=error_responses(404))
async def get_season(
    _user: CurrentUser, service: ShowServiceDep, show_id: uuid.UUID, season_number: SeasonNumber
) -> SeasonRead:
    """One season with its episodes."""
    return SeasonRead.model_validate(await service.season(show_id, season_number))


@router.patch("/shows/{show_id}/seasons/{season_number}", responses=error_responses(404))
async def update_season(
    _user: CurrentUser,
    service: ShowServiceDep,
    show_id: uuid.UUID,
    season_number: SeasonNumber,
    data: SeasonUpdate,
) -> SeasonRead:
    """Monitor or unmonitor a season together with all of its episodes."""
    season = await service.set_season_monitored(show_id, season_number, data.monitored)
    return SeasonRead.model_validate(season)


@router.patch("/shows/{show_id}/episodes/{episode_id}", responses=error_responses(404))
async def update_episode(
    _user: CurrentUser,
    service: ShowServiceDep,
    show_id: uuid.UUID,
    episode_id: uuid.UUID,
    data: EpisodeUpdate,
) -> EpisodeRead:
    """Monitor or unmonitor one episode."""
    episode = await service.set_episode_monitored(show_id, episode_id, data.monitored)
    return EpisodeRead.model_validate(episode)
