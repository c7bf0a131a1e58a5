"""settings: entries, values and the change log of settings managed in the app

Revision ID: 5e77a1c9b2d4
Revises: 3b8e51c0d7a2
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "5e77a1c9b2d4"
down_revision: str | None = "34c7d2af6f6d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "settings_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("section", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settings_entries")),
        sa.UniqueConstraint("section", "name_key", name=op.f("uq_settings_entries_section")),
    )
    op.create_table(
        "settings_values",
        sa.Column("section", sa.String(length=50), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("section", name=op.f("pk_settings_values")),
    )
    op.create_table(
        "settings_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("user_email", sa.String(length=320), nullable=False),
        sa.Column("section", sa.String(length=50), nullable=False),
        sa.Column("entry_name", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_settings_changes_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settings_changes")),
    )
    with op.batch_alter_table("settings_changes", schema=None) as batch_op:
        batch_op.create_index("ix_settings_changes_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("settings_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_settings_changes_at")
    op.drop_table("settings_changes")
    op.drop_table("settings_values")
    op.drop_table("settings_entries")
