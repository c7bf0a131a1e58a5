"""Queries shows and movies share: provider ids, poster bookkeeping and title search."""

import uuid
from collections.abc import Callable, Hashable, Iterable
from typing import Any, ClassVar, Literal, TypeVar, cast

from sqlalchemy import (
    CTE,
    ColumnElement,
    CursorResult,
    Integer,
    String,
    Uuid,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    update,
)

from media_manager.core.repository import Repository
from media_manager.library.search_index import (
    MIN_INDEXED_LENGTH,
    SEARCH_TEXT_COLUMN,
    SEARCHED,
    keys_table,
    search_table,
)
from media_manager.metadata.schemas import MetadataProviderName
from media_manager.movies.models import Movie
from media_manager.tv.models import Show

Item = TypeVar("Item", Show, Movie)
# How read_page reads a page: in sort order, from the end of it (see page_window), or in sort
# order with the number of matches beside each row.
PageRead = Literal["forwards", "backwards", "counted"]


def page_window(offset: int, limit: int, total: int) -> tuple[int, int, bool]:
    """Where to read a page of `total` sorted rows from: `(offset, limit, backwards)`.

    A page in the back half is read from the end of the list, in the opposite order, so the
    database skips fewer rows: the last page of 100,000 movies by year walked the whole sort
    index forwards (25 ms on PostgreSQL) and now walks 50 entries from its other end. The
    caller sorts the page's rows forwards again.
    """
    if total // 2 < offset < total:
        count = min(limit, total - offset)
        return total - offset - count, count, True
    return offset, limit, False


def schema_columns(model: type[Any], fields: Iterable[str]) -> list[Any]:
    """The mapped columns of `model` that a response schema's `fields` name, for reading
    rows that validate straight into the schema."""
    names = set(fields)
    return [
        getattr(model, attribute.key)
        for attribute in model.__mapper__.column_attrs
        if attribute.key in names
    ]


def item_columns(model: type[Any], fields: Iterable[str]) -> list[Any]:
    """A show's or movie's columns for a response schema's `fields`, and has_poster (a stored
    poster is served). Rows of columns rather than ORM objects: at 50 items a page, building
    (and then reading) the objects was the largest part of a list request's CPU."""
    has_poster = model.poster_source_url.is_not(None).label("has_poster")
    return [*schema_columns(model, fields), has_poster]


def _ordered(keys: list[tuple[Any, bool]], backwards: bool) -> tuple[ColumnElement[Any], ...]:
    return tuple(key.asc() if ascending != backwards else key.desc() for key, ascending in keys)


class LibraryItemRepository(Repository[Item]):
    """Base of the show and movie repositories; `model` says which table."""

    model: type[Item]

    # Statements by the shape of the request (which filters, sort, order, database), with
    # every value a bound parameter. Building the page statements cost about 1.5 ms of CPU
    # per list request (a third of SQLAlchemy's share), and an identical statement object
    # also skips regenerating its cache key. A few hundred shapes exist at most.
    _statements: ClassVar[dict[Hashable, Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._statements = {}

    def statement(self, shape: Hashable, build: Callable[[], Any]) -> Any:
        """The statement built by `build` for `shape`, built once per database kind."""
        key = (self.dialect, shape)
        statement = self._statements.get(key)
        if statement is None:
            statement = self._statements[key] = build()
        return statement

    async def read_page(
        self,
        shape: Hashable,
        count_query: Callable[[], Any],
        page_query: Callable[[PageRead], Any],
        offset: int,
        limit: int,
        values: dict[str, Any],
        *,
        searched: bool,
    ) -> tuple[list[dict[str, Any]], int]:
        """The rows of one page of a list request (as dicts), and the number of items it
        matches.

        `shape` says what the statements are built for (filters, sort, order): `count_query()`
        and `page_query(read)` build them once each (see `statement`). `values` are their
        bound parameters; "offset" and "limit" are added here.

        A search is read "counted": one statement finds the matches once and returns the page
        with their number (a window count), where a count and a page would have evaluated the
        match twice (on SQLite, 58 -> 12 ms for a common word with two filters at 20,000
        shows); only an empty page after the first needs the count apart. Other lists count
        first, and a page in the back half is read backwards (see page_window).
        """
        if searched:
            query = self.statement(("page", shape, "counted"), lambda: page_query("counted"))
            result = await self.session.execute(query, values | {"offset": offset, "limit": limit})
            rows = [row._asdict() for row in result]
            if rows:
                total = rows[0]["total"]
                for row in rows:
                    del row["total"]
                return rows, total
            if offset == 0:
                return [], 0
        total_query = self.statement(("total", shape), count_query)
        total = (await self.session.execute(total_query, values)).scalar_one()
        if searched:
            return [], total
        start, count, backwards = page_window(offset, limit, total)
        read: PageRead = "backwards" if backwards else "forwards"
        query = self.statement(("page", shape, read), lambda: page_query(read))
        result = await self.session.execute(query, values | {"offset": start, "limit": count})
        return [row._asdict() for row in result], total

    def page_ids(
        self, conditions: Iterable[ColumnElement[bool]], sort: str, order: str, read: PageRead
    ) -> CTE:
        """The ids of one page of a list sorted by `sort` ("year", "added", else the title),
        with their sort keys as columns k0, k1, …: a CTE "page" bound by "offset" and "limit".
        Read "counted", it also has the number of matching rows as column "total".

        Each key matches an index (ix_shows_sort_*, ix_movies_sort_*), the id last so that
        pages never overlap. Years come with NULLs last in both orders, which neither
        database's index on the bare column serves (SQLite puts NULLs first, and a descending
        scan reverses them too), hence the "year IS NULL" key and the negated year for
        descending order. Backwards (see page_window): every key in the opposite direction.
        """
        keys: list[tuple[Any, bool]] = self._sort_keys(sort, order)
        columns = [key.label(f"k{n}") for n, (key, _) in enumerate(keys)]
        if read == "counted":
            columns.append(func.count().over().label("total"))
        return (
            select(self.model.id, *columns)
            .where(*conditions)
            .order_by(*_ordered([*keys, (self.model.id, True)], read == "backwards"))
            .offset(bindparam("offset", type_=Integer))
            .limit(bindparam("limit", type_=Integer))
            .cte("page")
        )

    @staticmethod
    def page_total(page: CTE, read: PageRead) -> list[Any]:
        """The column to select last from `page` for read_page: its total when counted."""
        return [page.c.total] if read == "counted" else []

    def page_ordering(self, page: CTE, sort: str, order: str) -> tuple[ColumnElement[Any], ...]:
        """ORDER BY for the statement that reads the rows of `page` (see page_ids): its
        copies of the sort keys, not the table's columns. Ordered by the table's own columns,
        SQLite walked the whole sort index to join each entry to the page (20,000 shows for 50
        rows) instead of reading the 50 rows and sorting them."""
        keys: list[tuple[Any, bool]] = self._sort_keys(sort, order)
        columns: list[tuple[Any, bool]] = [
            (page.c[f"k{n}"], ascending) for n, (_, ascending) in enumerate(keys)
        ]
        return _ordered([*columns, (page.c.id, True)], backwards=False)

    def _sort_keys(self, sort: str, order: str) -> list[tuple[Any, bool]]:
        """The sort keys of a list before the id, each with whether it ascends."""
        model = self.model
        if sort == "year":
            year = model.year if order == "asc" else -model.year
            return [(model.year.is_(None), True), (year, True)]
        if sort == "added":
            return [(model.added_at, order == "asc")]
        title = getattr(model, SEARCHED[model.__tablename__])
        return [(func.lower(title), order == "asc")]

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def title_search(self, search: str) -> tuple[str, str]:
        """How `matches_title` looks for `search` (its shape) and the bound "search" value."""
        if self.dialect != "sqlite":
            return "pattern", "%" + _escape_like(search) + "%"
        if len(search) >= MIN_INDEXED_LENGTH:
            # A quoted phrase of trigrams is a case-insensitive substring match.
            return "phrase", '"' + search.replace('"', '""') + '"'
        return "pattern", "%" + _escape_like(search) + "%"

    def matches_title(self, kind: str) -> ColumnElement[bool]:
        """Items whose title or an alternate title contains the bound parameter "search",
        ignoring case; `kind` and the value come from `title_search`.

        Answered by the title search index (media_manager/library/search_index.py): FTS5
        trigrams on SQLite, a pg_trgm GIN index on a generated column on PostgreSQL.
        """
        name = self.model.__tablename__
        value = bindparam("search", type_=String)
        if self.dialect != "sqlite":
            # The column is lower-cased; lower() of the pattern is folded into a constant when
            # the statement is planned, so the trigram index still applies.
            search_text = literal_column(f"{name}.{SEARCH_TEXT_COLUMN}", String)
            return search_text.like(func.lower(value), escape="/")
        keys = table(keys_table(name), column("id", Integer), column("item_id", Uuid))
        fts = table(search_table(name), column("rowid", Integer), column("titles", String))
        if kind == "phrase":
            condition = fts.c.titles.match(value)
        else:
            # Too short for a trigram: read every row of the (narrow) search table instead.
            # SQLite's LIKE ignores ASCII case as its lower() does, without a lower() per row.
            condition = fts.c.titles.like(value, escape="/")
        # The FTS table is read once, its rowids first: joined to the keys, SQLite walked the
        # keys and looked each up in the FTS table (21 ms for a 2-letter search over 20,000
        # shows; 6 ms this way).
        matching = select(keys.c.item_id).where(keys.c.id.in_(select(fts.c.rowid).where(condition)))
        return self.model.id.in_(matching)

    async def get(self, item_id: uuid.UUID) -> Item | None:
        # populate_existing: after a slow call the session may still hold the item, loaded
        # before; the database says whether it still exists (deleted meanwhile -> None).
        return await self.session.get(self.model, item_id, populate_existing=True)

    async def find_existing(
        self, provider: MetadataProviderName, external_ids: Iterable[int]
    ) -> dict[int, uuid.UUID]:
        """Which of the provider's ids are in the library already, whoever added them."""
        ids = list(external_ids)
        if not ids:
            return {}
        provider_id = self.model.tmdb_id if provider == "tmdb" else self.model.tvdb_id
        query = select(provider_id, self.model.id).where(provider_id.in_(ids))
        return {external_id: item_id for external_id, item_id in await self.session.execute(query)}

    async def find_same(self, tmdb_id: int | None, tvdb_id: int | None) -> Item | None:
        """An item with either id, so one added through both providers is caught."""
        conditions = []
        if tmdb_id is not None:
            conditions.append(self.model.tmdb_id == tmdb_id)
        if tvdb_id is not None:
            conditions.append(self.model.tvdb_id == tvdb_id)
        if not conditions:
            return None
        query = select(self.model).where(or_(*conditions)).limit(1)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def set_poster_source(self, item_id: uuid.UUID, url: str) -> bool:
        """Record the URL the stored poster came from; False when the item is gone."""
        query = update(self.model).where(self.model.id == item_id).values(poster_source_url=url)
        result = cast(CursorResult[Any], await self.session.execute(query))
        return result.rowcount > 0


def _escape_like(text: str) -> str:
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")
