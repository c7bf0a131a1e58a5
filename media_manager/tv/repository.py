"""Every query about shows, seasons and episodes."""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    and_,
    bindparam,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from media_manager.library.items import MediaUnit
from media_manager.library.repository import (
    LibraryItemRepository,
    PageRead,
    item_columns,
    schema_columns,
)
from media_manager.metadata.schemas import MetadataProviderName
from media_manager.tv.models import Episode, Season, Show
from media_manager.tv.schemas import (
    EpisodeRead,
    SeasonSummary,
    ShowDetail,
    ShowListItem,
    ShowSort,
    SortOrder,
)


@dataclass
class ShowFilters:
    search: str | None = None
    library: str | None = None
    status: str | None = None
    monitored: bool | None = None


@dataclass
class DueShow:
    show_id: uuid.UUID
    name: str
    metadata_provider: MetadataProviderName
    external_id: int


@dataclass
class EpisodeAiring:
    episode_id: uuid.UUID
    show_id: uuid.UUID
    show_name: str
    season_number: int
    episode_number: int
    title: str
    overview: str
    air_date: date
    has_file: bool


# Which filters a list request has (search kind, library, status, monitored): what its
# statements are built for.
_ListShape = tuple[str | None, bool, bool, bool | None]


def _detail_query() -> Select[Any]:
    return select(*item_columns(Show, ShowDetail.model_fields)).where(
        Show.id == bindparam("show_id")
    )


def _seasons_query() -> Select[Any]:
    return (
        select(*schema_columns(Season, SeasonSummary.model_fields))
        .where(Season.show_id == bindparam("show_id"))
        .order_by(Season.number)
    )


def _episodes_query() -> Select[Any]:
    return (
        select(Episode.season_id, *schema_columns(Episode, EpisodeRead.model_fields))
        .join(Season, Season.id == Episode.season_id)
        .where(Season.show_id == bindparam("show_id"))
        .order_by(Episode.season_id, Episode.number)
    )


class ShowRepository(LibraryItemRepository[Show]):
    model = Show

    async def get(self, show_id: uuid.UUID, *, with_episodes: bool = False) -> Show | None:
        query = select(Show).where(Show.id == show_id)
        if with_episodes:
            query = query.options(selectinload(Show.seasons).selectinload(Season.episodes))
        return (await self.session.execute(query)).scalar_one_or_none()

    async def detail(self, show_id: uuid.UUID) -> dict[str, Any] | None:
        """The show, its seasons and their episodes: a dict of ShowDetail's fields, read as
        rows (building 250 episodes as ORM objects and validating from their attributes cost
        more CPU than the three statements)."""
        values = {"show_id": show_id}
        show = (await self.session.execute(self.statement("detail", _detail_query), values)).first()
        if show is None:
            return None
        seasons = await self.session.execute(
            self.statement("detail seasons", _seasons_query), values
        )
        episodes = await self.session.execute(
            self.statement("detail episodes", _episodes_query), values
        )
        by_season: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
        for episode in episodes:
            row = episode._asdict()
            by_season[row.pop("season_id")].append(row)
        detail = show._asdict()
        detail["seasons"] = [
            {**season._asdict(), "episodes": by_season[season.id]} for season in seasons
        ]
        return detail

    async def get_season(self, show_id: uuid.UUID, number: int) -> Season | None:
        query = (
            select(Season)
            .where(Season.show_id == show_id, Season.number == number)
            .options(selectinload(Season.episodes))
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def due_for_refresh(
        self, continuing_before: datetime, ended_before: datetime, now: datetime
    ) -> Sequence[DueShow]:
        """Shows last refreshed before the cutoff of their status, or whose failed seasons are
        to be retried by `now`; longest ago first."""
        query = (
            select(Show.id, Show.name, Show.metadata_provider, Show.external_id)
            .where(
                or_(
                    and_(Show.status != "ended", Show.last_refreshed_at < continuing_before),
                    and_(Show.status == "ended", Show.last_refreshed_at < ended_before),
                    Show.retry_failed_seasons_at <= now,
                )
            )
            .order_by(Show.last_refreshed_at, Show.id)
        )
        return [DueShow(*row) for row in await self.session.execute(query)]

    async def page(
        self,
        filters: ShowFilters,
        sort: ShowSort,
        order: SortOrder,
        offset: int,
        limit: int,
        today: date,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of shows with their episode counts (rows of ShowListItem's fields), and
        the number of matching shows."""
        values: dict[str, Any] = {"library": filters.library, "status": filters.status}
        search = None
        if filters.search:
            search, values["search"] = self.title_search(filters.search)
        shape = (search, filters.library is not None, filters.status is not None, filters.monitored)
        rows, total = await self.read_page(
            (shape, sort, order),
            lambda: self._total_query(shape),
            lambda read: self._page_query(shape, sort, order, read),
            offset,
            limit,
            values | {"today": today},
            searched=search is not None,
        )
        return rows, total

    def _conditions(self, shape: _ListShape) -> list[ColumnElement[bool]]:
        search, library, status, monitored = shape
        conditions = []
        if search is not None:
            conditions.append(self.matches_title(search))
        if library:
            conditions.append(Show.library == bindparam("library"))
        if status:
            conditions.append(Show.status == bindparam("status"))
        if monitored is not None:
            conditions.append(Show.monitor != "none" if monitored else Show.monitor == "none")
        return conditions

    def _total_query(self, shape: _ListShape) -> Select[tuple[int]]:
        return select(func.count()).select_from(Show).where(*self._conditions(shape))

    def _page_query(
        self, shape: _ListShape, sort: ShowSort, order: SortOrder, read: PageRead
    ) -> Select[Any]:
        # The page's ids first, so that episodes are counted for those 50 shows only and not
        # for the whole library (with 100,000 episodes that aggregate alone took 60 ms).
        page = self.page_ids(self._conditions(shape), sort, order, read)
        today = bindparam("today", type_=Date)
        counts = (
            select(
                Season.show_id.label("show_id"),
                func.count(Episode.id).label("episodes"),
                func.count(Episode.id).filter(Episode.air_date <= today).label("aired"),
                func.count(Episode.id).filter(Episode.has_file.is_(True)).label("with_file"),
            )
            .join(Episode, Episode.season_id == Season.id)
            .where(Season.number > 0, Season.show_id.in_(select(page.c.id)))
            .group_by(Season.show_id)
            .subquery()
        )
        return (
            select(
                *item_columns(Show, ShowListItem.model_fields),
                func.coalesce(counts.c.episodes, 0).label("episode_count"),
                func.coalesce(counts.c.aired, 0).label("aired_episode_count"),
                func.coalesce(counts.c.with_file, 0).label("episode_file_count"),
                *self.page_total(page, read),
            )
            .join(page, page.c.id == Show.id)
            .outerjoin(counts, counts.c.show_id == Show.id)
            .order_by(*self.page_ordering(page, sort, order))
        )


class EpisodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, show_id: uuid.UUID, episode_id: uuid.UUID) -> Episode | None:
        query = (
            select(Episode)
            .join(Season, Season.id == Episode.season_id)
            .where(Episode.id == episode_id, Season.show_id == show_id)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def airing(self, start: date, end: date) -> Sequence[EpisodeAiring]:
        """Monitored episodes airing from `start` to `end` (inclusive), by date and show."""
        query = (
            select(
                Episode.id,
                Show.id,
                Show.name,
                Season.number,
                Episode.number,
                Episode.title,
                Episode.overview,
                Episode.air_date,
                Episode.has_file,
            )
            .join(Season, Season.id == Episode.season_id)
            .join(Show, Show.id == Season.show_id)
            .where(Episode.monitored.is_(True), Episode.air_date.between(start, end))
            .order_by(
                Episode.air_date, func.lower(Show.name), Show.id, Season.number, Episode.number
            )
        )
        return [EpisodeAiring(*row) for row in await self.session.execute(query)]

    async def units(self, show_id: uuid.UUID) -> list[MediaUnit]:
        """Every episode of the show as a pipeline unit, by season and number."""
        return await self._units(Season.show_id == show_id)

    async def wanted_units(self, show_id: uuid.UUID, today: date) -> list[MediaUnit]:
        """Monitored episodes of the show aired by `today` and without a file."""
        return await self._units(
            Season.show_id == show_id,
            Episode.monitored.is_(True),
            Episode.has_file.is_(False),
            Episode.air_date <= today,
        )

    async def _units(self, *conditions: ColumnElement[bool]) -> list[MediaUnit]:
        query = (
            select(
                Episode.id,
                Season.show_id,
                Season.number,
                Episode.number,
                Episode.title,
                Episode.air_date,
                Episode.monitored,
                Episode.has_file,
            )
            .join(Season, Season.id == Episode.season_id)
            .where(*conditions)
            .order_by(Season.number, Episode.number)
        )
        return [MediaUnit(*row) for row in await self.session.execute(query)]

    async def ids_of_show(
        self, show_id: uuid.UUID, episode_ids: Iterable[uuid.UUID]
    ) -> set[uuid.UUID]:
        """Which of the ids are episodes of the show."""
        ids = list(episode_ids)
        if not ids:
            return set()
        query = (
            select(Episode.id)
            .join(Season, Season.id == Episode.season_id)
            .where(Season.show_id == show_id, Episode.id.in_(ids))
        )
        return set((await self.session.execute(query)).scalars())

    async def set_has_file(
        self, show_id: uuid.UUID, episode_ids: Iterable[uuid.UUID], has_file: bool
    ) -> None:
        """Set has_file on those of the episodes that belong to the show."""
        ids = list(episode_ids)
        if not ids:
            return
        seasons = select(Season.id).where(Season.show_id == show_id)
        query = (
            update(Episode)
            .where(Episode.id.in_(ids), Episode.season_id.in_(seasons))
            .values(has_file=has_file)
            .execution_options(synchronize_session="fetch")
        )
        await self.session.execute(query)
