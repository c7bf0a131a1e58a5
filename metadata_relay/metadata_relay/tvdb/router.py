from typing import Annotated

from fastapi import APIRouter, Path, Query

from metadata_relay.dependencies import Cached, JSONObject
from metadata_relay.tvdb.dependencies import Tvdb
from metadata_relay.tvdb.service import SearchType

router = APIRouter(prefix="/tvdb", tags=["tvdb"])

TvdbId = Annotated[int, Path(ge=1)]


@router.get("/search")
async def search(
    tvdb: Tvdb,
    cached: Cached,
    query: Annotated[str, Query(min_length=1, description="Words to search for")],
    search_type: Annotated[
        SearchType | None, Query(alias="type", description="Only series or only movies")
    ] = None,
    year: Annotated[int | None, Query(ge=1800, le=3000)] = None,
    language: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
) -> JSONObject:
    """Search TVDB for series or movies (TVDB's `/search` answer, unchanged)."""
    return await cached(lambda: tvdb.search(query, search_type, year, language))


@router.get("/series/{series_id}")
async def series(tvdb: Tvdb, cached: Cached, series_id: TvdbId) -> JSONObject:
    """A series' extended record."""
    return await cached(lambda: tvdb.series(series_id))


@router.get("/series/{series_id}/episodes")
async def series_episodes(
    tvdb: Tvdb,
    cached: Cached,
    series_id: TvdbId,
    season: Annotated[int | None, Query(ge=0, description="Only this season")] = None,
) -> JSONObject:
    """A series' episodes in aired order, all of TVDB's pages joined into `data.episodes`."""
    return await cached(lambda: tvdb.series_episodes(series_id, season))


@router.get("/movies/{movie_id}")
async def movie(tvdb: Tvdb, cached: Cached, movie_id: TvdbId) -> JSONObject:
    """A movie's extended record."""
    return await cached(lambda: tvdb.movie(movie_id))
