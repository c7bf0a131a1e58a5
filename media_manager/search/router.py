import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from media_manager.auth.dependencies import CurrentUser
from media_manager.core.schemas import (
    SIGNED_IN_ERRORS,
    EpisodeNumber,
    SeasonNumber,
    Storable,
    error_responses,
)
from media_manager.search.dependencies import SearchServiceDep
from media_manager.search.schemas import TorrentSearchResponse

router = APIRouter(tags=["search"], responses=SIGNED_IN_ERRORS)

Text = Annotated[
    str | None,
    Query(min_length=1, max_length=300, description="Search this text instead of the name and ids"),
    Storable,
]


@router.get("/tv/torrents", responses=error_responses(404, 409, 503))
async def show_torrents(
    user: CurrentUser,
    service: SearchServiceDep,
    show_id: uuid.UUID,
    season_number: Annotated[SeasonNumber, Query()],
    episode_number: Annotated[EpisodeNumber | None, Query()] = None,
    query: Text = None,
) -> TorrentSearchResponse:
    """Search every indexer for a season or an episode; results are judged by the show's profile
    and, for one episode, against the quality of its file (an upgrade must be better)."""
    existing = None
    if episode_number is not None:
        existing = await service.present_quality_of_episode(show_id, season_number, episode_number)
    return await service.search_show(
        show_id,
        season_number,
        episode_number,
        query,
        include_download_links=user.is_superuser,
        existing_quality=existing,
    )


@router.get("/movies/{movie_id}/torrents", responses=error_responses(404, 409, 503))
async def movie_torrents(
    user: CurrentUser, service: SearchServiceDep, movie_id: uuid.UUID, query: Text = None
) -> TorrentSearchResponse:
    """Search every indexer for a movie; results are judged by the movie's profile and against
    the quality of its file (an upgrade must be better)."""
    existing = await service.present_quality_of_movie(movie_id)
    return await service.search_movie(
        movie_id, query, include_download_links=user.is_superuser, existing_quality=existing
    )
