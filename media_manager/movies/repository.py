"""Every query about movies."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, func, select, update

from media_manager.library.items import MediaUnit
from media_manager.library.repository import LibraryItemRepository, page_window
from media_manager.metadata.schemas import MetadataProviderName
from media_manager.movies.models import Movie
from media_manager.movies.schemas import MovieSort, SortOrder


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


class MovieRepository(LibraryItemRepository[Movie]):
    model = Movie
    title_attribute = "title"

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
    ) -> tuple[Sequence[Movie], int]:
        """One page of movies and the number of matching movies."""
        conditions = []
        if filters.search:
            conditions.append(self.matches_title(filters.search))
        if filters.library is not None:
            conditions.append(Movie.library == filters.library)
        if filters.monitored is not None:
            conditions.append(Movie.monitored.is_(filters.monitored))
        if filters.has_file is not None:
            # "=" rather than "IS": PostgreSQL uses an index only for the former.
            conditions.append(Movie.has_file == filters.has_file)
        total_query = select(func.count()).select_from(Movie).where(*conditions)
        total = (await self.session.execute(total_query)).scalar_one()
        ordering = _ordering(sort, order)
        start, count, backwards = page_window(offset, limit, total)
        # Sorting only the ids and loading the page's rows afterwards keeps the sort in memory:
        # sorting whole rows of 10,000 movies spilled to disk and took three times as long.
        page = (
            select(Movie.id)
            .where(*conditions)
            .order_by(*_ordering(sort, order, backwards=backwards))
            .offset(start)
            .limit(count)
            .cte("page")
        )
        query = select(Movie).join(page, page.c.id == Movie.id).order_by(*ordering)
        return (await self.session.execute(query)).scalars().all(), total

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


def _ordering(
    sort: MovieSort, order: SortOrder, *, backwards: bool = False
) -> tuple[ColumnElement[Any], ...]:
    # Each matches an index (ix_movies_sort_*), the id last so that pages never overlap. Years
    # come with NULLs last in both orders, which neither database's index on the bare column
    # serves (SQLite puts NULLs first, and a descending scan reverses them too), hence the
    # "year IS NULL" key and the negated year for descending order.
    # Backwards (see page_window): every key in the opposite direction.
    if sort == "year":
        year = Movie.year if order == "asc" else -Movie.year
        keys: list[tuple[ColumnElement[Any], bool]] = [(Movie.year.is_(None), True), (year, True)]
    else:
        column = func.lower(Movie.title) if sort == "title" else Movie.added_at
        keys = [(column, order == "asc")]
    keys.append((Movie.id, True))
    return tuple(key.asc() if ascending != backwards else key.desc() for key, ascending in keys)
