from typing import Annotated

from fastapi import APIRouter, Path, Query

from metadata_relay.dependencies import Cached, JSONObject
from metadata_relay.tmdb.dependencies import Language, PageNumber, SearchQuery, Tmdb
from metadata_relay.tmdb.service import ExternalSource, TimeWindow

router = APIRouter(prefix="/tmdb", tags=["tmdb"])

TmdbId = Annotated[int, Path(ge=1)]
# An IMDb id (`tt0133093`) or a TVDB id: letters and digits only, so it cannot change TMDB's path.
ExternalId = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9]+$")]
Window = Annotated[TimeWindow, Query(description="Trending over the last day or week")]


# The fixed paths come before `/tv/{tv_id}` and `/movie/{movie_id}` so they are matched first.
@router.get("/tv/search")
async def search_tv(
    tmdb: Tmdb, cached: Cached, query: SearchQuery, page: PageNumber = 1, language: Language = None
) -> JSONObject:
    """Search TMDB for TV shows (TMDB's `/search/tv` answer, unchanged)."""
    return await cached(lambda: tmdb.search_tv(query, page, language))


@router.get("/movie/search")
async def search_movies(
    tmdb: Tmdb,
    cached: Cached,
    query: SearchQuery,
    page: PageNumber = 1,
    language: Language = None,
    year: Annotated[int | None, Query(ge=1800, le=3000)] = None,
) -> JSONObject:
    """Search TMDB for movies (TMDB's `/search/movie` answer, unchanged)."""
    return await cached(lambda: tmdb.search_movies(query, page, language, year))


@router.get("/tv/trending")
async def trending_tv(
    tmdb: Tmdb,
    cached: Cached,
    time_window: Window = "week",
    page: PageNumber = 1,
    language: Language = None,
) -> JSONObject:
    """Trending TV shows on TMDB."""
    return await cached(lambda: tmdb.trending("tv", time_window, page, language))


@router.get("/movie/trending")
async def trending_movies(
    tmdb: Tmdb,
    cached: Cached,
    time_window: Window = "week",
    page: PageNumber = 1,
    language: Language = None,
) -> JSONObject:
    """Trending movies on TMDB."""
    return await cached(lambda: tmdb.trending("movie", time_window, page, language))


@router.get("/find/{external_id}")
async def find(
    tmdb: Tmdb,
    cached: Cached,
    external_id: ExternalId,
    external_source: Annotated[ExternalSource, Query(description="Which database the id is of")],
    language: Language = None,
) -> JSONObject:
    """Movies and shows known by an IMDb or TVDB id (TMDB's `/find` answer, unchanged)."""
    return await cached(lambda: tmdb.find(external_id, external_source, language))


@router.get("/tv/{tv_id}")
async def tv_details(
    tmdb: Tmdb, cached: Cached, tv_id: TmdbId, language: Language = None
) -> JSONObject:
    """A TV show's details with seasons and `external_ids` appended."""
    return await cached(lambda: tmdb.tv_details(tv_id, language))


@router.get("/tv/{tv_id}/season/{season_number}")
async def season_details(
    tmdb: Tmdb,
    cached: Cached,
    tv_id: TmdbId,
    season_number: Annotated[int, Path(ge=0)],
    language: Language = None,
) -> JSONObject:
    """One season with its episodes (number, title, overview, air date)."""
    return await cached(lambda: tmdb.season_details(tv_id, season_number, language))


@router.get("/movie/{movie_id}")
async def movie_details(
    tmdb: Tmdb, cached: Cached, movie_id: TmdbId, language: Language = None
) -> JSONObject:
    """A movie's details (runtime, release date) with `external_ids` and `release_dates`."""
    return await cached(lambda: tmdb.movie_details(movie_id, language))
