"""The title search index: what it is made of on each database, hidden from autogenerate.

Shows and movies are searched by title and alternate titles, as a case-insensitive substring.
A model cannot describe the index, so autogenerate must not see it (`include_object`):

- SQLite: an FTS5 table with the trigram tokenizer per library table (`shows_search`,
  `movies_search`) holding each item's titles, one per line. Its rowids come from a key table
  (`shows_search_keys`: INTEGER PRIMARY KEY -> item id), because the rowids of the library tables
  themselves are not stable (VACUUM and batch migrations renumber them). Triggers on the library
  tables keep both in sync. A migration that rebuilds `shows` or `movies` on SQLite (batch mode
  "recreate") drops those triggers and must create them again.
- PostgreSQL: a generated column, `search_text` = `lower(search_titles(name, alternate_titles))`
  (an immutable SQL function giving the same text), with a pg_trgm GIN index on it; nothing to
  keep in sync. Being generated, the column is never written: backups skip it.
"""

from typing import Any

# Each library table, its title column and its search objects.
SEARCHED = {"shows": "name", "movies": "title"}
FTS_SHADOW_SUFFIXES = ("", "_data", "_idx", "_content", "_docsize", "_config")
# FTS5 with the trigram tokenizer only indexes substrings of three characters or more.
MIN_INDEXED_LENGTH = 3


def search_table(table: str) -> str:
    return f"{table}_search"


def keys_table(table: str) -> str:
    return f"{table}_search_keys"


# PostgreSQL's generated column of lower-cased titles, one per line.
SEARCH_TEXT_COLUMN = "search_text"


def trigram_index(table: str) -> str:
    return f"ix_{table}_search_titles"


HIDDEN_TABLES = frozenset(
    {keys_table(t) for t in SEARCHED}
    | {search_table(t) + suffix for t in SEARCHED for suffix in FTS_SHADOW_SUFFIXES}
)
HIDDEN_INDEXES = frozenset(trigram_index(t) for t in SEARCHED)


def include_object(
    _object: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any
) -> bool:
    """Alembic's filter: the search index lives outside the models, so autogenerate skips it."""
    if reflected and type_ == "table" and name in HIDDEN_TABLES:
        return False
    if reflected and type_ == "column" and name == SEARCH_TEXT_COLUMN:
        return False
    return not (reflected and type_ == "index" and name in HIDDEN_INDEXES)
