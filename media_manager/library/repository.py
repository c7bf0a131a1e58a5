"""Queries shows and movies share: provider ids, poster bookkeeping and title search."""

import uuid
from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Integer,
    String,
    Uuid,
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
    keys_table,
    search_table,
)
from media_manager.metadata.schemas import MetadataProviderName
from media_manager.movies.models import Movie
from media_manager.tv.models import Show

Item = TypeVar("Item", Show, Movie)



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

class LibraryItemRepository(Repository[Item]):
    """Base of the show and movie repositories; `model` says which table."""

    model: type[Item]
    # The attribute holding the name of a show, the title of a movie.
    title_attribute: ClassVar[str]

    def matches_title(self, search: str) -> ColumnElement[bool]:
        """Items whose title or an alternate title contains `search`, ignoring case.

        Answered by the title search index (media_manager/library/search_index.py): FTS5
        trigrams on SQLite, a pg_trgm GIN index on a generated column on PostgreSQL.
        """
        name = self.model.__tablename__
        if self.session.get_bind().dialect.name != "sqlite":
            # The column is lower-cased; lower() of the pattern is folded into a constant when
            # the statement is planned, so the trigram index still applies.
            pattern = func.lower("%" + _escape_like(search) + "%")
            search_text = literal_column(f"{name}.{SEARCH_TEXT_COLUMN}", String)
            return search_text.like(pattern, escape="/")
        keys = table(keys_table(name), column("id", Integer), column("item_id", Uuid))
        fts = table(search_table(name), column("rowid", Integer), column("titles", String))
        if len(search) >= MIN_INDEXED_LENGTH:
            # A quoted phrase of trigrams is a case-insensitive substring match.
            condition = fts.c.titles.match('"' + search.replace('"', '""') + '"')
        else:
            # Too short for a trigram: read every row of the (narrow) search table instead.
            # SQLite's LIKE ignores ASCII case as its lower() does, without a lower() per row.
            condition = fts.c.titles.like("%" + _escape_like(search) + "%", escape="/")
        matching = select(keys.c.item_id).join(fts, fts.c.rowid == keys.c.id).where(condition)
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
