"""Every query of automation: wanted units, search state, decisions.

Two predicates decide what is wanted, each in one function below: `without_file` (missing) and
`below_cutoff` (upgrades), both over the media files the importer records.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    cast,
    delete,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.automation.models import AutomationDecision, SearchState
from media_manager.core.repository import Repository
from media_manager.downloads.models import ACTIVE_STATUSES, Download, download_episodes
from media_manager.importer.models import DownloadImport, MediaFile, media_file_episodes
from media_manager.library.items import MediaKind
from media_manager.movies.models import Movie
from media_manager.tv.models import Episode, Season, Show

# A completed download whose import has not finished (no import row yet, pending or blocked):
# its files are on their way, so the unit is not searched again meanwhile.
IMPORT_UNFINISHED = ("pending", "blocked")
WantedSort = Literal["air_date", "title", "last_searched"]
# Kind -> profile name -> the qualities meeting its cutoff (the cutoff and every better one).
Cutoffs = Mapping[MediaKind, Mapping[str, Sequence[str]]]


def _import_unfinished() -> ColumnElement[bool]:
    state = select(DownloadImport.status).where(DownloadImport.download_id == Download.id)
    return (Download.status == "completed") & (
        ~state.exists() | state.scalar_subquery().in_(IMPORT_UNFINISHED)
    )


def without_file(kind: MediaKind) -> ColumnElement[bool]:
    """THE test of "this unit has no file", for an episode (kind "tv") or a movie.

    No media file is recorded for it, no file was registered by hand (`has_file`), and no
    completed download of it is still being imported. Every wanted query, job and endpoint of
    automation goes through here.
    """
    if kind == "tv":
        has_media_file = exists().where(media_file_episodes.c.episode_id == Episode.id)
        importing = exists().where(
            download_episodes.c.episode_id == Episode.id,
            Download.id == download_episodes.c.download_id,
            _import_unfinished(),
        )
        return Episode.has_file.is_(False) & ~has_media_file & ~importing
    has_media_file = exists().where(MediaFile.movie_id == Movie.id)
    importing = exists().where(Download.movie_id == Movie.id, _import_unfinished())
    return Movie.has_file.is_(False) & ~has_media_file & ~importing


def current_quality(kind: MediaKind) -> Any:
    """The quality of a unit's newest main-version file (None without one)."""
    if kind == "tv":
        query = (
            select(MediaFile.quality)
            .join(media_file_episodes, media_file_episodes.c.media_file_id == MediaFile.id)
            .where(media_file_episodes.c.episode_id == Episode.id)
        )
    else:
        query = select(MediaFile.quality).where(MediaFile.movie_id == Movie.id)
    query = query.where(MediaFile.version_tag == "")
    query = query.order_by(MediaFile.added_at.desc(), MediaFile.id.desc()).limit(1)
    return query.correlate(Episode if kind == "tv" else Movie).scalar_subquery()


def below_cutoff(kind: MediaKind, cutoffs: Mapping[str, Sequence[str]]) -> ColumnElement[bool]:
    """THE test of "this unit's file is below its profile's cutoff" (an upgrade is wanted).

    `cutoffs` maps each profile name in use to the qualities meeting its cutoff; a profile
    without a cutoff is left out (it never asks for upgrades). A file whose quality is unknown
    is never below: there is nothing to compare.
    """
    profile = Show.quality_profile if kind == "tv" else Movie.quality_profile
    quality = current_quality(kind)
    conditions = [
        (profile == name) & quality.is_not(None) & quality.not_in(list(meeting))
        for name, meeting in cutoffs.items()
    ]
    return or_(*conditions) if conditions else false()


def not_downloading(kind: MediaKind) -> ColumnElement[bool]:
    """No download of the unit is in progress: grabbing it again would be a duplicate."""
    if kind == "tv":
        return ~exists().where(
            download_episodes.c.episode_id == Episode.id,
            Download.id == download_episodes.c.download_id,
            Download.status.in_(ACTIVE_STATUSES),
        )
    return ~exists().where(Download.movie_id == Movie.id, Download.status.in_(ACTIVE_STATUSES))


def _out(kind: MediaKind, by: date) -> ColumnElement[bool]:
    """Monitored, and aired (an episode) or released (a movie) by the date."""
    if kind == "tv":
        return and_(Episode.monitored.is_(True), Show.monitor != "none", Episode.air_date <= by)
    return and_(Movie.monitored.is_(True), Movie.release_date <= by)


@dataclass(frozen=True)
class WantedFilters:
    kind: MediaKind | None = None
    show_id: uuid.UUID | None = None
    movie_id: uuid.UUID | None = None


@dataclass(frozen=True)
class WantedUnit:
    """A unit that automation may search for: missing, or with a file below the cutoff."""

    kind: MediaKind
    unit_id: uuid.UUID
    item_id: uuid.UUID
    title: str
    year: int | None
    season: int | None
    episode: int | None
    unit_title: str | None
    air_date: date | None
    last_searched_at: datetime | None
    # The file's quality when an upgrade is wanted; None when the unit is missing.
    current_quality: str | None = None

    @property
    def label(self) -> str:
        if self.kind == "movie":
            return f"{self.title} ({self.year})" if self.year else self.title
        return f"{self.title} S{self.season:02d}E{self.episode:02d}"


def _episode_rows(by: date, *conditions: ColumnElement[bool], quality: Any = None) -> Select:
    return (
        select(
            literal("tv", String).label("kind"),
            Episode.id.label("unit_id"),
            Show.id.label("item_id"),
            Show.name.label("title"),
            Show.year.label("year"),
            Season.number.label("season"),
            Episode.number.label("episode"),
            Episode.title.label("unit_title"),
            Episode.air_date.label("air_date"),
            SearchState.last_searched_at.label("last_searched_at"),
            (quality if quality is not None else cast(null(), String)).label("current_quality"),
        )
        .join(Season, Season.id == Episode.season_id)
        .join(Show, Show.id == Season.show_id)
        .outerjoin(SearchState, SearchState.unit_id == Episode.id)
        .where(_out("tv", by), *conditions)
    )


def _movie_rows(by: date, *conditions: ColumnElement[bool], quality: Any = None) -> Select:
    return (
        select(
            literal("movie", String).label("kind"),
            Movie.id.label("unit_id"),
            Movie.id.label("item_id"),
            Movie.title.label("title"),
            Movie.year.label("year"),
            cast(null(), Integer).label("season"),
            cast(null(), Integer).label("episode"),
            cast(null(), String).label("unit_title"),
            Movie.release_date.label("air_date"),
            SearchState.last_searched_at.label("last_searched_at"),
            (quality if quality is not None else cast(null(), String)).label("current_quality"),
        )
        .outerjoin(SearchState, SearchState.unit_id == Movie.id)
        .where(_out("movie", by), *conditions)
    )


class WantedRepository:
    """Wanted units: missing ones and upgrades, for the lists, the jobs and RSS sync."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _union(
        self,
        by: date,
        filters: WantedFilters,
        cutoffs: Cutoffs | None,
        extra: Mapping[MediaKind, Sequence[ColumnElement[bool]]] | None = None,
    ) -> Any:
        """Missing units (cutoffs None) or units below their cutoff, of both kinds."""
        parts = []
        extra = extra or {}
        for kind in ("tv", "movie"):
            if filters.kind not in (None, kind):
                continue
            conditions: list[ColumnElement[bool]] = list(extra.get(kind, ()))  # type: ignore[call-overload]
            if kind == "tv":
                if filters.movie_id is not None:
                    continue
                if filters.show_id is not None:
                    conditions.append(Show.id == filters.show_id)
            else:
                if filters.show_id is not None:
                    continue
                if filters.movie_id is not None:
                    conditions.append(Movie.id == filters.movie_id)
            if cutoffs is None:
                conditions.append(without_file(kind))  # type: ignore[arg-type]
                quality = None
            else:
                conditions.append(below_cutoff(kind, cutoffs.get(kind, {})))  # type: ignore[arg-type, call-overload]
                quality = current_quality(kind)  # type: ignore[arg-type]
            rows = _episode_rows if kind == "tv" else _movie_rows
            parts.append(rows(by, *conditions, quality=quality))
        if not parts:
            # A filter for a show and a movie at once: nothing can match.
            return _movie_rows(by, false()).subquery()
        return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()

    async def page(
        self,
        by: date,
        filters: WantedFilters,
        sort: WantedSort,
        descending: bool,
        offset: int,
        limit: int,
        cutoffs: Cutoffs | None = None,
    ) -> tuple[list[WantedUnit], int]:
        rows = self._union(by, filters, cutoffs)
        total = (await self.session.execute(select(func.count()).select_from(rows))).scalar_one()
        column = {
            "air_date": rows.c.air_date,
            "title": func.lower(rows.c.title),
            "last_searched": rows.c.last_searched_at,
        }[sort]
        order = [column.desc() if descending else column.asc()]
        order.extend((rows.c.season, rows.c.episode, rows.c.unit_id))
        query = select(rows).order_by(*order).offset(offset).limit(limit)
        return [_unit(row) for row in await self.session.execute(query)], total

    async def to_search(
        self,
        by: date,
        limit: int,
        *,
        cutoffs: Cutoffs | None = None,
        aired_since: date | None = None,
        never_searched: bool = False,
        searched_before: datetime | None = None,
        unit_ids: Sequence[uuid.UUID] | None = None,
        item_ids: Sequence[uuid.UUID] | None = None,
    ) -> list[WantedUnit]:
        """Wanted units nothing is downloading, never searched ones first, newest first."""
        extra: dict[MediaKind, list[ColumnElement[bool]]] = {"tv": [], "movie": []}
        for kind in ("tv", "movie"):
            conditions = extra[kind]  # type: ignore[index]
            conditions.append(not_downloading(kind))  # type: ignore[arg-type]
            date_column = Episode.air_date if kind == "tv" else Movie.release_date
            unit_column = Episode.id if kind == "tv" else Movie.id
            item_column = Season.show_id if kind == "tv" else Movie.id
            if aired_since is not None:
                conditions.append(date_column >= aired_since)
            if never_searched:
                conditions.append(SearchState.last_searched_at.is_(None))
            if searched_before is not None:
                conditions.append(
                    or_(
                        SearchState.last_searched_at.is_(None),
                        SearchState.last_searched_at < searched_before,
                    )
                )
            if unit_ids is not None:
                conditions.append(unit_column.in_(unit_ids))
            if item_ids is not None:
                conditions.append(item_column.in_(item_ids))
        rows = self._union(by, WantedFilters(), cutoffs, extra)
        query = (
            select(rows)
            .order_by(
                rows.c.last_searched_at.asc().nulls_first(),
                rows.c.air_date.desc(),
                rows.c.title,
                rows.c.season,
                rows.c.episode,
            )
            .limit(limit)
        )
        return [_unit(row) for row in await self.session.execute(query)]

    async def season_counts(
        self, by: date, seasons: Iterable[tuple[uuid.UUID, int]]
    ) -> dict[tuple[uuid.UUID, int], tuple[int, int]]:
        """(show, season) -> (episodes in the season, missing ones nothing is downloading)."""
        keys = set(seasons)
        if not keys:
            return {}
        counts = await self._season_counts(by, {show for show, _ in keys})
        return {key: value for key, value in counts.items() if key in keys}

    async def whole_seasons_wanted(
        self, by: date, show_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, frozenset[int]]:
        """Per show, the regular seasons of which every episode is out and missing, with
        nothing downloading: what a season pack, or a pack spanning seasons, may fill."""
        found: dict[uuid.UUID, set[int]] = defaultdict(set)
        for (show, number), (total, missing) in (
            await self._season_counts(by, set(show_ids))
        ).items():
            if number > 0 and total and missing == total:
                found[show].add(number)
        return {show: frozenset(numbers) for show, numbers in found.items()}

    async def _season_counts(
        self, by: date, show_ids: set[uuid.UUID]
    ) -> dict[tuple[uuid.UUID, int], tuple[int, int]]:
        if not show_ids:
            return {}

        def counted(*where: ColumnElement[bool]) -> Any:
            return (
                select(Season.show_id, Season.number, func.count(Episode.id))
                .join(Episode, Episode.season_id == Season.id)
                .join(Show, Show.id == Season.show_id)
                .where(Season.show_id.in_(show_ids), *where)
                .group_by(Season.show_id, Season.number)
            )

        # Two queries, not one with the test inside SUM(CASE ...): as a WHERE, PostgreSQL turns
        # the NOT EXISTS tests into anti-joins instead of running them once per episode.
        wanted = _out("tv", by) & without_file("tv") & not_downloading("tv")
        missing = {
            (show, number): count
            for show, number, count in await self.session.execute(counted(wanted))
        }
        return {
            (show, number): (total, missing.get((show, number), 0))
            for show, number, total in await self.session.execute(counted())
        }

    async def profile_names(self) -> set[tuple[MediaKind, str]]:
        """The quality profiles shows and movies name, with their kind."""
        shows = select(Show.quality_profile).distinct()
        movies = select(Movie.quality_profile).distinct()
        found: set[tuple[MediaKind, str]] = {
            ("tv", name) for name in (await self.session.execute(shows)).scalars()
        }
        found |= {("movie", name) for name in (await self.session.execute(movies)).scalars()}
        return found

    async def monitored_titles(
        self,
    ) -> list[tuple[MediaKind, uuid.UUID, str, int | None, list[str]]]:
        """(kind, id, title, year, alternate titles) of every monitored show and movie."""
        shows = select(Show.id, Show.name, Show.year, Show.alternate_titles).where(
            Show.monitor != "none"
        )
        movies = select(Movie.id, Movie.title, Movie.year, Movie.alternate_titles).where(
            Movie.monitored.is_(True)
        )
        found: list[tuple[MediaKind, uuid.UUID, str, int | None, list[str]]] = [
            ("tv", *row) for row in await self.session.execute(shows)
        ]
        found.extend(("movie", *row) for row in await self.session.execute(movies))
        return found


def _unit(row: Any) -> WantedUnit:
    return WantedUnit(
        kind=row.kind,
        unit_id=row.unit_id,
        item_id=row.item_id,
        title=row.title,
        year=row.year,
        season=row.season,
        episode=row.episode,
        unit_title=row.unit_title,
        air_date=row.air_date,
        last_searched_at=row.last_searched_at,
        current_quality=row.current_quality,
    )


class SearchStateRepository:
    """When each unit was last searched, and which searches were asked for."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def searched(self, units: Iterable[tuple[MediaKind, uuid.UUID]], now: datetime) -> None:
        await self._upsert(
            [{"unit_id": u, "kind": k, "last_searched_at": now} for k, u in units],
            ("last_searched_at",),
        )

    async def request(
        self, units: Iterable[tuple[MediaKind, uuid.UUID]], user_id: uuid.UUID, now: datetime
    ) -> None:
        rows = [
            {"unit_id": u, "kind": k, "requested_at": now, "requested_by": user_id}
            for k, u in units
        ]
        await self._upsert(rows, ("requested_at", "requested_by"))

    async def requested(self, limit: int) -> list[tuple[uuid.UUID, uuid.UUID | None]]:
        """(unit id, who asked) of the oldest requests."""
        query = (
            select(SearchState.unit_id, SearchState.requested_by)
            .where(SearchState.requested_at.is_not(None))
            .order_by(SearchState.requested_at, SearchState.unit_id)
            .limit(limit)
        )
        return [(unit, user) for unit, user in await self.session.execute(query)]

    async def count_requested(self) -> int:
        query = select(func.count()).where(SearchState.requested_at.is_not(None))
        return (await self.session.execute(query)).scalar_one()

    async def clear_requests(self, unit_ids: Sequence[uuid.UUID]) -> None:
        await self.session.execute(
            update(SearchState)
            .where(SearchState.unit_id.in_(unit_ids))
            .values(requested_at=None, requested_by=None)
        )

    async def _upsert(self, rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
        if not rows:
            return
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        # Bound parameters per statement stay well below both databases' limits.
        for start in range(0, len(rows), 500):
            statement = insert(SearchState).values(rows[start : start + 500])
            statement = statement.on_conflict_do_update(
                index_elements=[SearchState.unit_id],
                set_={column: statement.excluded[column] for column in columns},
            )
            await self.session.execute(statement)


@dataclass(frozen=True)
class DecisionFilters:
    show_id: uuid.UUID | None = None
    movie_id: uuid.UUID | None = None
    outcome: str | None = None
    trigger: str | None = None


class DecisionRepository(Repository[AutomationDecision]):
    async def add_all(self, decisions: Sequence[AutomationDecision]) -> None:
        self.session.add_all(decisions)
        await self.session.flush()

    async def page(
        self, filters: DecisionFilters, offset: int, limit: int
    ) -> tuple[Sequence[AutomationDecision], int]:
        conditions: list[ColumnElement[bool]] = []
        if filters.show_id is not None:
            conditions.append(AutomationDecision.show_id == filters.show_id)
        if filters.movie_id is not None:
            conditions.append(AutomationDecision.movie_id == filters.movie_id)
        if filters.outcome is not None:
            conditions.append(AutomationDecision.outcome == filters.outcome)
        if filters.trigger is not None:
            conditions.append(AutomationDecision.trigger == filters.trigger)
        total_query = select(func.count()).select_from(AutomationDecision).where(*conditions)
        total = (await self.session.execute(total_query)).scalar_one()
        query = (
            select(AutomationDecision)
            .where(*conditions)
            .order_by(AutomationDecision.created_at.desc(), AutomationDecision.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all(), total

    async def handled_downloads(self, download_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Of these failed downloads, those automation already blocklisted."""
        query = select(AutomationDecision.download_id).where(
            AutomationDecision.download_id.in_(download_ids),
            AutomationDecision.trigger == "failed_download",
        )
        return {found for found in (await self.session.execute(query)).scalars() if found}

    async def delete_older(self, before: datetime) -> int:
        result = await self.session.execute(
            delete(AutomationDecision).where(AutomationDecision.created_at < before)
        )
        return result.rowcount  # type: ignore[attr-defined]


async def imported_completions(
    session: AsyncSession, download_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, datetime | None]:
    """When each of these downloads completed, for those whose import finished."""
    query = (
        select(Download.id, Download.completed_at)
        .join(DownloadImport, DownloadImport.download_id == Download.id)
        .where(Download.id.in_(download_ids), DownloadImport.status == "imported")
    )
    return {row.id: row.completed_at for row in await session.execute(query)}
