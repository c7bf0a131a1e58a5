from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response, status
from fastapi.responses import FileResponse

from media_manager.auth.dependencies import AdminUser, CurrentUser
from media_manager.core.dependencies import AfterResponseDep, PageParamsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, Storable, error_responses
from media_manager.images.dependencies import PosterServiceDep
from media_manager.images.responses import poster_response
from media_manager.images.schemas import PosterSize
from media_manager.metadata.schemas import MetadataProviderName
from media_manager.movies.dependencies import MovieDep, MovieServiceDep
from media_manager.movies.repository import MovieFilters
from media_manager.movies.schemas import (
    MovieCreate,
    MovieRead,
    MovieSearchResult,
    MovieSort,
    MovieUpdate,
    SortOrder,
)
from media_manager.movies.tasks import fetch_movie_poster

router = APIRouter(prefix="/movies", tags=["movies"], responses=SIGNED_IN_ERRORS)

Provider = Annotated[MetadataProviderName, Query(description="Where to look")]


@router.get("/search", responses=error_responses(400, 404, 429, 502, 503, 504))
async def search_movies(
    _user: CurrentUser,
    service: MovieServiceDep,
    query: Annotated[str, Query(min_length=1, max_length=200), Storable],
    metadata_provider: Provider = "tmdb",
) -> list[MovieSearchResult]:
    """Search the metadata provider for movies; results say whether they are in the library."""
    return await service.search(metadata_provider, query)


@router.get("/trending", responses=error_responses(400, 404, 429, 502, 503, 504))
async def trending_movies(
    _user: CurrentUser, service: MovieServiceDep, metadata_provider: Provider = "tmdb"
) -> list[MovieSearchResult]:
    """Movies trending this week (TMDB only)."""
    return await service.trending(metadata_provider)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(400, 404, 409, 429, 502, 503, 504),
)
async def add_movie(
    _user: CurrentUser, service: MovieServiceDep, data: MovieCreate, after: AfterResponseDep
) -> MovieRead:
    """Add a movie to the library; the poster follows."""
    movie = await service.add(data)
    if movie.needs_poster and movie.poster_url:
        after.start(fetch_movie_poster, movie.id, movie.title, movie.poster_url)
    return MovieRead.model_validate(movie)


@router.get("")
async def list_movies(
    _user: CurrentUser,
    service: MovieServiceDep,
    page: PageParamsDep,
    search: Annotated[
        str | None, Query(max_length=200, description="Part of the title"), Storable
    ] = None,
    library: Annotated[str | None, Query(max_length=100), Storable] = None,
    monitored: bool | None = None,
    has_file: bool | None = None,
    sort: MovieSort = "title",
    order: SortOrder = "asc",
) -> Page[MovieRead]:
    """The movies in the library."""
    filters = MovieFilters(search=search, library=library, monitored=monitored, has_file=has_file)
    return await service.list_movies(filters, sort, order, page)


@router.get("/{movie_id}", responses=error_responses(404))
async def get_movie(_user: CurrentUser, movie: MovieDep) -> MovieRead:
    """One movie."""
    return MovieRead.model_validate(movie)


@router.patch("/{movie_id}", responses=error_responses(404))
async def update_movie(
    _user: CurrentUser, movie: MovieDep, service: MovieServiceDep, data: MovieUpdate
) -> MovieRead:
    """Change a movie's library, quality profile or monitoring."""
    return MovieRead.model_validate(await service.update(movie, data))


@router.delete(
    "/{movie_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(404, 409)
)
async def delete_movie(
    _admin: AdminUser,
    movie: MovieDep,
    service: MovieServiceDep,
    background: BackgroundTasks,
    delete_files: Annotated[
        bool, Query(description="Also delete the movie's folder in its library")
    ] = False,
) -> None:
    """Remove a movie from the library (administrators only), and its folder if asked to."""
    removal = await service.delete(movie, delete_files=delete_files)
    # After the response, hence after the commit: a failed commit must not cost the files.
    background.add_task(removal.run)


@router.post("/{movie_id}/refresh", responses=error_responses(400, 404, 429, 502, 503, 504))
async def refresh_movie(
    _user: CurrentUser, movie: MovieDep, service: MovieServiceDep, after: AfterResponseDep
) -> MovieRead:
    """Fetch the movie's metadata again."""
    movie = await service.refresh(movie.id)
    if movie.needs_poster and movie.poster_url:
        after.start(fetch_movie_poster, movie.id, movie.title, movie.poster_url)
    return MovieRead.model_validate(movie)


@router.get(
    "/{movie_id}/poster",
    response_class=FileResponse,
    responses={
        **error_responses(404, 502),
        200: {"content": {"image/webp": {}, "image/jpeg": {}, "image/png": {}}},
    },
)
async def get_movie_poster(
    _user: CurrentUser,
    movie: MovieDep,
    posters: PosterServiceDep,
    request: Request,
    size: PosterSize = "webp",
) -> Response:
    """The movie's poster: a resized WebP, or the original as the provider sent it."""
    return poster_response(request, await posters.poster("movies", movie.id, size))
