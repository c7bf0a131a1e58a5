"""64-bit provider ids and seeder counts

Provider ids (TMDB, TVDB, ...) and indexer-reported seeder counts come from outside: nothing
promises they stay below 2**31, where PostgreSQL's INTEGER ends. SQLite stores 64-bit integers
in any INTEGER column; the batch mode rebuild only changes the declared type there.

Revision ID: 3b9e4c2a7d10
Revises: 3b8e5f0c2a71
Create Date: 2026-11-30 17:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "3b9e4c2a7d10"
down_revision: str | None = "3b8e5f0c2a71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "shows": ("external_id", "tmdb_id", "tvdb_id"),
    "movies": ("external_id", "tmdb_id", "tvdb_id"),
    "search_results": ("seeders",),
}


def _change(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=old, type_=new)


def upgrade() -> None:
    _change(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    # Fails on PostgreSQL if an id above 2**31 - 1 is stored: such rows cannot go back.
    _change(sa.BigInteger(), sa.Integer())
