"""library scale: sort indexes and the title search index

Revision ID: 3b8e51c0d7a2
Revises: 3b6f1c2d9e4a
Create Date: 2026-11-24 17:40:00.000000

The sort indexes are models (autogenerate compares them). The title search index is not (see
media_manager/library/search_index.py): an FTS5 trigram table kept in sync by triggers on
SQLite, a pg_trgm GIN expression index on PostgreSQL. Its DDL is written out here, not imported,
so that this migration keeps doing what it did when the app changes.
"""

# Every name put into the SQL below is one of the constants in this file.
# ruff: noqa: S608

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "3b8e51c0d7a2"
down_revision: str | None = "3b6f1c2d9e4a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Library table -> its title column.
SEARCHED = {"shows": "name", "movies": "title"}


def _sqlite_titles(row: str, column: str) -> str:
    """An item's titles, one per line: the title, then each alternate title."""
    alternates = (
        f"CASE WHEN json_valid({row}.alternate_titles) THEN {row}.alternate_titles ELSE '[]' END"
    )
    return (
        f"{row}.{column} || coalesce((SELECT char(10) || group_concat(value, char(10))"
        f" FROM json_each({alternates}) WHERE type = 'text'), '')"
    )


def _sqlite_upgrade(table: str, column: str) -> None:
    search, keys = f"{table}_search", f"{table}_search_keys"
    # Stable rowids for the FTS table: those of `table` change on VACUUM and table rebuilds.
    op.execute(f"CREATE TABLE {keys} (id INTEGER PRIMARY KEY, item_id CHAR(32) NOT NULL UNIQUE)")
    op.execute(f"CREATE VIRTUAL TABLE {search} USING fts5(titles, tokenize='trigram')")
    op.execute(f"INSERT INTO {keys} (item_id) SELECT id FROM {table}")
    op.execute(
        f"INSERT INTO {search} (rowid, titles) SELECT k.id, {_sqlite_titles('t', column)}"
        f" FROM {keys} AS k JOIN {table} AS t ON t.id = k.item_id"
    )
    key_of = f"(SELECT id FROM {keys} WHERE item_id = {{row}}.id)"
    op.execute(
        f"CREATE TRIGGER {search}_insert AFTER INSERT ON {table} BEGIN"
        f" INSERT INTO {keys} (item_id) VALUES (new.id);"
        f" INSERT INTO {search} (rowid, titles)"
        f" VALUES ({key_of.format(row='new')}, {_sqlite_titles('new', column)});"
        " END"
    )
    op.execute(
        f"CREATE TRIGGER {search}_update AFTER UPDATE OF {column}, alternate_titles ON {table}"
        f" BEGIN UPDATE {search} SET titles = {_sqlite_titles('new', column)}"
        f" WHERE rowid = {key_of.format(row='new')}; END"
    )
    op.execute(
        f"CREATE TRIGGER {search}_delete AFTER DELETE ON {table} BEGIN"
        f" DELETE FROM {search} WHERE rowid = {key_of.format(row='old')};"
        f" DELETE FROM {keys} WHERE item_id = old.id;"
        " END"
    )


def _sqlite_downgrade(table: str) -> None:
    search, keys = f"{table}_search", f"{table}_search_keys"
    for trigger in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {search}_{trigger}")
    op.execute(f"DROP TABLE IF EXISTS {search}")
    op.execute(f"DROP TABLE IF EXISTS {keys}")


POSTGRES_TITLES_FUNCTION = """
CREATE OR REPLACE FUNCTION search_titles(title text, alternate_titles json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT title || coalesce(
        (SELECT E'\\n' || string_agg(value, E'\\n')
         FROM json_array_elements_text(
             CASE WHEN json_typeof(alternate_titles) = 'array' THEN alternate_titles
             ELSE '[]'::json END
         ) AS alternate(value)),
        ''
    )
$$
"""


def upgrade() -> None:
    with op.batch_alter_table("movies", schema=None) as batch_op:
        batch_op.create_index("ix_movies_release_date", ["release_date"], unique=False)
        batch_op.create_index("ix_movies_sort_added", ["added_at", "id"], unique=False)
        batch_op.create_index(
            "ix_movies_sort_title", [sa.literal_column("lower(title)"), "id"], unique=False
        )
        batch_op.create_index("ix_movies_sort_year", ["year", "id"], unique=False)

    with op.batch_alter_table("shows", schema=None) as batch_op:
        batch_op.create_index("ix_shows_sort_added", ["added_at", "id"], unique=False)
        batch_op.create_index(
            "ix_shows_sort_name", [sa.literal_column("lower(name)"), "id"], unique=False
        )
        batch_op.create_index("ix_shows_sort_year", ["year", "id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        for table, column in SEARCHED.items():
            _sqlite_upgrade(table, column)
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(POSTGRES_TITLES_FUNCTION)
    for table, column in SEARCHED.items():
        op.execute(
            f"CREATE INDEX ix_{table}_search_titles ON {table}"
            f" USING gin (search_titles({column}, alternate_titles) gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHED:
            _sqlite_downgrade(table)
    else:
        for table in SEARCHED:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_titles")
        op.execute("DROP FUNCTION IF EXISTS search_titles(text, json)")
        # pg_trgm stays: other objects may have come to use it.

    with op.batch_alter_table("shows", schema=None) as batch_op:
        batch_op.drop_index("ix_shows_sort_year")
        batch_op.drop_index("ix_shows_sort_name")
        batch_op.drop_index("ix_shows_sort_added")

    with op.batch_alter_table("movies", schema=None) as batch_op:
        batch_op.drop_index("ix_movies_sort_year")
        batch_op.drop_index("ix_movies_sort_title")
        batch_op.drop_index("ix_movies_sort_added")
        batch_op.drop_index("ix_movies_release_date")
