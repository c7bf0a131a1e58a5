from typing import Annotated

from fastapi import APIRouter, Query, status

from media_manager.auth.dependencies import AdminUser, CurrentUser
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.schemas import Page
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

router = APIRouter(prefix="/movies", tags=["movies"])

Provider = Annotated[MetadataProviderName, Query(description="Where to look")]


@router.get("/search")
async def search_movies(
    _user: CurrentUser,
    service: MovieServiceDep,
    query: Annotated[str, Query(min_length=1, max_length=200)],
    metadata_provider: Provider = "tmdb",
) -> list[MovieSearchResult]:
    """Search the metadata provider for movies; results say whether they are in the library."""
    return await service.search(metadata_provider, query)


@router.get("/trending")
async def trending_movies(
    _user: CurrentUser, service: MovieServiceDep, metadata_provider: Provider = "tmdb"
) -> list[MovieSearchResult]:
    """Movies trending this week (TMDB only)."""
    return await service.trending(metadata_provider)


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_movie(_user: CurrentUser, service: MovieServiceDep, data: MovieCreate) -> MovieRead:
    """Add a movie to the library."""
    return MovieRead.model_validate(await service.add(data))


@router.get("")
async def list_movies(
    _user: CurrentUser,
    service: MovieServiceDep,
    page: PageParamsDep,
    search: Annotated[str | None, Query(max_length=200, description="Part of the title")] = None,
    library: str | None = None,
    monitored: bool | None = None,
    has_file: bool | None = None,
    sort: MovieSort = "title",
    order: SortOrder = "asc",
) -> Page[MovieRead]:
    """The movies in the library."""
    filters = MovieFilters(search=search, library=library, monitored=monitored, has_file=has_file)
    return await service.list_movies(filters, sort, order, page)


@router.get("/{movie_id}")
async def get_movie(_user: CurrentUser, movie: MovieDep) -> MovieRead:
    """One movie."""
    return MovieRead.model_validate(movie)


@router.patch("/{movie_id}")
async def update_movie(
    _user: CurrentUser, movie: MovieDep, service: MovieServiceDep, data: MovieUpdate
) -> MovieRead:
    """Change a movie's library, quality profile or monitoring."""
    return MovieRead.model_validate(await service.update(movie, data))


@router.delete("/{movie_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_movie(_admin: AdminUser, movie: MovieDep, service: MovieServiceDep) -> None:
    """Remove a movie from the library (administrators only; its file is kept)."""
    await service.delete(movie)


@router.post("/{movie_id}/refresh")
async def refresh_movie(_user: CurrentUser, movie: MovieDep, service: MovieServiceDep) -> MovieRead:
    """Fetch the movie's metadata again."""
    return MovieRead.model_validate(await service.refresh(movie))
