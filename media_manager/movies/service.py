"""Adding movies from metadata and keeping them up to date."""

from datetime import UTC, datetime, timedelta

from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.schemas import Page, PageParams
from media_manager.library.item_service import DueItem, ItemService
from media_manager.metadata.schemas import MetadataProviderName, MovieMetadata, SearchResult
from media_manager.metadata.service import MetadataService
from media_manager.movies.items import MovieItems
from media_manager.movies.models import Movie
from media_manager.movies.repository import MovieFilters
from media_manager.movies.schemas import (
    MovieCreate,
    MovieRead,
    MovieSearchResult,
    MovieSort,
    MovieUpdate,
    SortOrder,
)

MOVIE_LIST_ITEMS = TypeAdapter(list[MovieRead])


class MovieService(ItemService[Movie, MovieMetadata, MovieCreate]):
    def __init__(self, session: AsyncSession, settings: Settings, metadata: MetadataService):
        self.items: MovieItems = MovieItems(session)
        super().__init__(session, settings, metadata, self.items)
        self.movies = self.items.repository

    async def search(self, provider: MetadataProviderName, query: str) -> list[MovieSearchResult]:
        """Movies on the provider, each marked when it is in the library already."""
        return await self._mark(await self.metadata.search_movies(provider, query), provider)

    async def trending(self, provider: MetadataProviderName) -> list[MovieSearchResult]:
        """The provider's trending movies, each marked when it is in the library already."""
        return await self._mark(await self.metadata.trending_movies(provider), provider)

    async def _mark(
        self, results: list[SearchResult], provider: MetadataProviderName
    ) -> list[MovieSearchResult]:
        existing = await self.movies.find_existing(provider, (r.external_id for r in results))
        return [
            MovieSearchResult(
                metadata_provider=result.metadata_provider,
                external_id=result.external_id,
                title=result.name,
                year=result.year,
                overview=result.overview,
                original_language=result.original_language,
                poster_url=result.poster_url,
                in_library=result.external_id in existing,
                movie_id=existing.get(result.external_id),
            )
            for result in results
        ]

    async def fetch(
        self, provider: MetadataProviderName, external_id: int, *, fresh: bool = False
    ) -> MovieMetadata:
        return await self.metadata.movie(provider, external_id, fresh=fresh)

    def _new(self, data: MovieCreate, metadata: MovieMetadata, now: datetime) -> Movie:
        movie = Movie(
            metadata_provider=data.metadata_provider,
            external_id=metadata.external_id,
            library=data.library,
            quality_profile=data.quality_profile,
            monitored=data.monitored,
            has_file=False,
            added_at=now,
            last_refreshed_at=now,
        )
        self._apply_metadata(movie, metadata)
        return movie

    async def due_for_refresh(self) -> list[DueItem]:
        """Movies whose last refresh is older than scheduler.movie_refresh_days."""
        every = timedelta(days=self.settings.scheduler.movie_refresh_days)
        due = await self.movies.due_for_refresh(datetime.now(UTC) - every)
        return [DueItem(d.movie_id, d.title, d.metadata_provider, d.external_id) for d in due]

    async def _update(self, movie: Movie, metadata: MovieMetadata) -> Movie:
        self._apply_metadata(movie, metadata)
        movie.last_refreshed_at = datetime.now(UTC)
        await self.movies.flush()
        return movie

    async def list_movies(
        self, filters: MovieFilters, sort: MovieSort, order: SortOrder, page: PageParams
    ) -> Page[MovieRead]:
        """One page of the movie library."""
        movies, total = await self.movies.page(filters, sort, order, page.offset, page.page_size)
        items = MOVIE_LIST_ITEMS.validate_python(movies)
        return Page(items=items, total=total, page=page.page, page_size=page.page_size)

    async def update(self, movie: Movie, data: MovieUpdate) -> Movie:
        """Change a movie's library, quality profile or monitoring."""
        await self._update_library_and_profile(movie, data)
        if data.monitored is not None:
            movie.monitored = data.monitored
        await self.movies.flush()
        return movie

    @staticmethod
    def _apply_metadata(movie: Movie, metadata: MovieMetadata) -> None:
        movie.tmdb_id = metadata.tmdb_id
        movie.tvdb_id = metadata.tvdb_id
        movie.imdb_id = metadata.imdb_id
        movie.title = metadata.title
        movie.overview = metadata.overview
        movie.year = metadata.year
        movie.release_date = metadata.release_date
        movie.runtime = metadata.runtime
        movie.status = metadata.status
        movie.genres = metadata.genres
        movie.alternate_titles = metadata.alternate_titles
        movie.original_language = metadata.original_language
        movie.poster_url = metadata.poster_url
