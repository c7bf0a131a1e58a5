"""automation: decisions made by automatic searches, and when each wanted unit was searched

Revision ID: 8c1d5e2f7a90
Revises: 5e77a1c9b2d4
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "8c1d5e2f7a90"
down_revision: str | None = "9c4d2e7f1a38"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "automation_search_state",
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("last_searched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_automation_search_state_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_automation_search_state")),
    )
    op.create_index(
        op.f("ix_automation_search_state_last_searched_at"),
        "automation_search_state",
        ["last_searched_at"],
    )
    op.create_index(
        op.f("ix_automation_search_state_requested_at"),
        "automation_search_state",
        ["requested_at"],
    )
    op.create_table(
        "automation_decisions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("show_id", sa.Uuid(), nullable=True),
        sa.Column("movie_id", sa.Uuid(), nullable=True),
        sa.Column("season_number", sa.Integer(), nullable=True),
        sa.Column("episode_number", sa.Integer(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("release_title", sa.Text(), nullable=True),
        sa.Column("indexer", sa.String(length=200), nullable=True),
        sa.Column("download_id", sa.Uuid(), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["download_id"],
            ["downloads.id"],
            name=op.f("fk_automation_decisions_download_id_downloads"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["movie_id"],
            ["movies.id"],
            name=op.f("fk_automation_decisions_movie_id_movies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_automation_decisions_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_automation_decisions_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_automation_decisions")),
    )
    op.create_index(
        "ix_automation_decisions_created_at", "automation_decisions", ["created_at", "id"]
    )
    for column in ("download_id", "movie_id", "outcome", "show_id"):
        op.create_index(op.f(f"ix_automation_decisions_{column}"), "automation_decisions", [column])


def downgrade() -> None:
    op.drop_table("automation_decisions")
    op.drop_table("automation_search_state")
