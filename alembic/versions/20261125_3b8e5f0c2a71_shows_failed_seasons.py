"""shows: failed seasons and when to retry them

Revision ID: 3b8e5f0c2a71
Revises: 3b8e1f0c9a27
Create Date: 2026-11-25 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "3b8e5f0c2a71"
down_revision: str | None = "3b8e1f0c9a27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("shows", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_seasons", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(
            sa.Column("retry_failed_seasons_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("shows", schema=None) as batch_op:
        batch_op.drop_column("retry_failed_seasons_at")
        batch_op.drop_column("failed_seasons")
