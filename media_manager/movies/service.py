"""Adding movies from metadata and keeping them up to date."""

import asyncio
import shutil
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.database import release_transaction
from media_manager.core.schemas import Page, PageParams
from media_manager.images.service import PosterService, poster_folder
from media_manager.library.paths import FolderRemoval, check_inside, folder_for, library_root
from media_manager.library.service import check_library
from media_manager.metadata.schemas import MetadataProviderName, MovieMetadata, SearchResult
from media_manager.metadata.service import MetadataService
from media_manager.movies.exceptions import MovieAlreadyExists, MovieNotFound
from media_manager.movies.models import Movie
from media_manager.movies.repository import DueMovie, MovieFilters, MovieRepository
from media_manager.movies.schemas import (
    MovieCreate,
    MovieRead,
    MovieSearchResult,
    MovieSort,
    MovieUpdate,
    SortOrder,
)
from media_manager.profiles.service import ProfileService


class MovieService:
    def __init__(self, session: AsyncSession, settings: Settings, metadata: MetadataService):
        self.session = session
        self.settings = settings
        self.metadata = metadata
        self.profiles = ProfileService(session, settings)
        self.movies = MovieRepository(session)

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

    async def get(self, movie_id: uuid.UUID) -> Movie:
        movie = await self.movies.get(movie_id)
        if movie is None:
            raise MovieNotFound(f"There is no movie with id {movie_id}")
        return movie

    async def add(self, data: MovieCreate) -> Movie:
        """Look the movie up and store it."""
        check_library(self.settings, "movies", data.library)
        await self.profiles.check_assignable(data.quality_profile)
        if await self.movies.find_existing(data.metadata_provider, [data.external_id]):
            raise MovieAlreadyExists("This movie is already in the library")
        await release_transaction(self.session)  # the relay may take seconds
        metadata = await self.metadata.movie(data.metadata_provider, data.external_id)
        same = await self.movies.find_same(metadata.tmdb_id, metadata.tvdb_id)
        if same is not None:
            raise MovieAlreadyExists(f'"{same.title}" is already in the library')
        now = datetime.now(UTC)
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
        # Two requests adding the same movie at once: the unique constraint decides.
        await self.movies.add(
            movie, MovieAlreadyExists(f'"{movie.title}" is already in the library')
        )
        return movie

    async def refresh(self, movie: Movie) -> Movie:
        """Fetch the movie's metadata again."""
        await release_transaction(self.session)  # the relay may take seconds
        metadata = await self.metadata.movie(movie.metadata_provider, movie.external_id, fresh=True)
        return await self._update(movie, metadata)

    async def refresh_from(self, movie_id: uuid.UUID, metadata: MovieMetadata) -> Movie:
        """Update the movie from metadata fetched beforehand, outside any transaction."""
        return await self._update(await self.get(movie_id), metadata)

    async def due_for_refresh(self, every: timedelta) -> Sequence[DueMovie]:
        """Movies whose last refresh is older than `every`."""
        return await self.movies.due_for_refresh(datetime.now(UTC) - every)

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
        items = [MovieRead.model_validate(movie) for movie in movies]
        return Page(items=items, total=total, page=page.page, page_size=page.page_size)

    async def update(self, movie: Movie, data: MovieUpdate) -> Movie:
        """Change a movie's library, quality profile or monitoring."""
        if data.library is not None:
            movie.library = check_library(self.settings, "movies", data.library)
        if data.quality_profile is not None:
            await self.profiles.check_assignable(data.quality_profile)
            movie.quality_profile = data.quality_profile
        if data.monitored is not None:
            movie.monitored = data.monitored
        await self.movies.flush()
        return movie

    async def delete(self, movie: Movie, *, delete_files: bool = False) -> FolderRemoval:
        """Remove the movie; what to remove on disk once that is committed.

        That is always its poster images, and with `delete_files` its folder in the library,
        which must lie inside the library folder (checked now and again when removing).
        """
        removal = FolderRemoval(f'the movie "{movie.title}"')
        if delete_files:
            root = library_root(self.settings, "movies", movie.library)
            folder = folder_for(self.settings, "movies", movie.library, movie.title, movie.year)
            await asyncio.to_thread(check_inside, root, folder)
            removal.folders.append((root, folder))
        images = self.settings.paths.images
        assert images is not None  # filled in by Settings
        removal.folders.append((images, poster_folder(images, "movies", movie.id)))
        await self.movies.delete(movie)
        return removal

    async def store_poster(self, movie_id: uuid.UUID, url: str, posters: PosterService) -> None:
        """Download the movie's poster and record where it came from."""
        await posters.download("movies", movie_id, url)
        if not await self.movies.set_poster_source(movie_id, url):
            # Deleted while the poster was downloading: do not leave its images behind.
            await asyncio.to_thread(
                shutil.rmtree, posters.folder("movies", movie_id), ignore_errors=True
            )

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
