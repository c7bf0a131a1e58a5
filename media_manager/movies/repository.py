"""Every query about movies."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Select, bindparam, func, select, update

from media_manager.library.items import MediaUnit
from media_manager.library.repository import LibraryItemRepository, PageRead, item_columns
from media_manager.metadata.schemas import MetadataProviderName
from media_manager.movies.models import Movie
from media_manager.movies.schemas import MovieRead, MovieSort, SortOrder


@dataclass
class DueMovie:
    movie_id: uuid.UUID
    title: str
    metadata_provider: MetadataProviderName
    external_id: int


@dataclass
class MovieFilters:
    search: str | None = None
    library: str | None = None
    monitored: bool | None = None
    has_file: bool | None = None


# Which filters a list request has (search kind, library, monitored, has_file): what its
# statements are built for.
_ListShape = tuple[str | None, bool, bool | None, bool | None]


class MovieRepository(LibraryItemRepository[Movie]):
    model = Movie

    async def due_for_refresh(self, refreshed_before: datetime) -> Sequence[DueMovie]:
        """The movies last refreshed before the cutoff, longest ago first."""
        query = (
            select(Movie.id, Movie.title, Movie.metadata_provider, Movie.external_id)
            .where(Movie.last_refreshed_at < refreshed_before)
            .order_by(Movie.last_refreshed_at, Movie.id)
        )
        return [DueMovie(*row) for row in await self.session.execute(query)]

    async def releasing(self, start: date, end: date) -> Sequence[Movie]:
        """Monitored movies released from `start` to `end` (inclusive), by date and title."""
        query = (
            select(Movie)
            .where(Movie.monitored.is_(True), Movie.release_date.between(start, end))
            .order_by(Movie.release_date, func.lower(Movie.title), Movie.id)
        )
        return (await self.session.execute(query)).scalars().all()

    async def page(
        self, filters: MovieFilters, sort: MovieSort, order: SortOrder, offset: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of movies (rows of MovieRead's fields) and the number of matching movies."""
        values: dict[str, Any] = {"library": filters.library}
        search = None
        if filters.search:
            search, values["search"] = self.title_search(filters.search)
        shape = (search, filters.library is not None, filters.monitored, filters.has_file)
        rows, total = await self.read_page(
            (shape, sort, order),
            lambda: self._total_query(shape),
            lambda read: self._page_query(shape, sort, order, read),
            offset,
            limit,
            values,
            searched=search is not None,
        )
        return rows, total

    def _conditions(self, shape: _ListShape) -> list[ColumnElement[bool]]:
        search, library, monitored, has_file = shape
        conditions = []
        if search is not None:
            conditions.append(self.matches_title(search))
        if library:
            conditions.append(Movie.library == bindparam("library"))
        if monitored is not None:
            conditions.append(Movie.monitored.is_(monitored))
        if has_file is not None:
            # "=" rather than "IS": PostgreSQL uses an index only for the former.
            conditions.append(Movie.has_file == has_file)
        return conditions

    def _total_query(self, shape: _ListShape) -> Select[tuple[int]]:
        return select(func.count()).select_from(Movie).where(*self._conditions(shape))

    def _page_query(
        self, shape: _ListShape, sort: MovieSort, order: SortOrder, read: PageRead
    ) -> Select[Any]:
        # Sorting only the ids and loading the page's rows afterwards keeps the sort in memory:
        # sorting whole rows of 10,000 movies spilled to disk and took three times as long.
        page = self.page_ids(self._conditions(shape), sort, order, read)
        return (
            select(*item_columns(Movie, MovieRead.model_fields), *self.page_total(page, read))
            .join(page, page.c.id == Movie.id)
            .order_by(*self.page_ordering(page, sort, order))
        )

    async def unit(self, movie_id: uuid.UUID, today: date | None = None) -> MediaUnit | None:
        """The movie as a pipeline unit; with `today`, only when it is wanted then (monitored,
        released by `today` and without a file)."""
        query = select(
            Movie.id,
            Movie.id,
            Movie.title,
            Movie.release_date,
            Movie.monitored,
            Movie.has_file,
        ).where(Movie.id == movie_id)
        if today is not None:
            query = query.where(
                Movie.monitored.is_(True),
                Movie.has_file.is_(False),
                Movie.release_date <= today,
            )
        row = (await self.session.execute(query)).one_or_none()
        if row is None:
            return None
        unit_id, item_id, title, released, monitored, has_file = row
        return MediaUnit(unit_id, item_id, None, None, title, released, monitored, has_file)

    async def set_has_file(self, movie_id: uuid.UUID, has_file: bool) -> bool:
        """Set the movie's has_file; False when it is gone."""
        query = (
            update(Movie)
            .where(Movie.id == movie_id)
            .values(has_file=has_file)
            .execution_options(synchronize_session="fetch")
        )
        result = cast(CursorResult[Any], await self.session.execute(query))
        return result.rowcount > 0
