"""indexer failures: the back-off from failing indexers outlives a restart

Revision ID: b3e8f1a2c6d7
Revises: 4f2a9c7e1b55
Create Date: 2026-12-04 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "b3e8f1a2c6d7"
down_revision: str | None = "4f2a9c7e1b55"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indexer_failures",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_indexer_failures")),
    )


def downgrade() -> None:
    op.drop_table("indexer_failures")
