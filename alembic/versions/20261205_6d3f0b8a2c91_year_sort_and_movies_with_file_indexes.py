"""Year sort indexes with NULL years last, ascending and descending; movies with a file by title

Revision ID: 6d3f0b8a2c91
Revises: b3e8f1a2c6d7
Create Date: 2026-12-04 02:50:00

Plain CREATE/DROP INDEX: no table is rebuilt on SQLite, so the title search index's
triggers on shows and movies stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "6d3f0b8a2c91"
down_revision: str | None = "b3e8f1a2c6d7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("shows", "movies"):
        op.drop_index(f"ix_{table}_sort_year", table_name=table)
        op.create_index(
            f"ix_{table}_sort_year",
            table,
            [sa.literal_column("(year IS NULL)"), "year", "id"],
            unique=False,
        )
        op.create_index(
            f"ix_{table}_sort_year_desc",
            table,
            [sa.literal_column("(year IS NULL)"), sa.literal_column("(-year)"), "id"],
            unique=False,
        )

    op.create_index(
        "ix_movies_has_file_title",
        "movies",
        ["has_file", sa.literal_column("lower(title)"), "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_movies_has_file_title", table_name="movies")
    for table in ("shows", "movies"):
        op.drop_index(f"ix_{table}_sort_year_desc", table_name=table)
        op.drop_index(f"ix_{table}_sort_year", table_name=table)
        op.create_index(f"ix_{table}_sort_year", table, ["year", "id"], unique=False)
