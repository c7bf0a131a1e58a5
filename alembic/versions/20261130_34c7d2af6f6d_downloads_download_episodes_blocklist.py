"""downloads, download episodes and blocklist

Revision ID: 34c7d2af6f6d
Revises: 3b8e51c0d7a2
Create Date: 2026-11-30 21:11:00.739865
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "34c7d2af6f6d"
down_revision: str | None = "3b8e51c0d7a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blocklist",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("guid", sa.Text(), nullable=True),
        sa.Column("info_hash", sa.String(length=64), nullable=True),
        sa.Column("indexer", sa.String(length=200), nullable=True),
        sa.Column("protocol", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("show_id", sa.Uuid(), nullable=True),
        sa.Column("movie_id", sa.Uuid(), nullable=True),
        sa.Column("added_by", sa.Uuid(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"],
            ["users.id"],
            name=op.f("fk_blocklist_added_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["movie_id"],
            ["movies.id"],
            name=op.f("fk_blocklist_movie_id_movies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_blocklist_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocklist")),
    )
    with op.batch_alter_table("blocklist", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blocklist_added_at"), ["added_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_blocklist_info_hash"), ["info_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_blocklist_movie_id"), ["movie_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_blocklist_show_id"), ["show_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_blocklist_title"), ["title"], unique=False)

    op.create_table(
        "downloads",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client", sa.String(length=100), nullable=False),
        sa.Column("client_item_id", sa.String(length=200), nullable=False),
        sa.Column("protocol", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("indexer", sa.String(length=200), nullable=True),
        sa.Column("guid", sa.Text(), nullable=True),
        sa.Column("info_url", sa.Text(), nullable=True),
        sa.Column("info_hash", sa.String(length=64), nullable=True),
        sa.Column("quality", sa.String(length=32), nullable=True),
        sa.Column("release", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("downloaded", sa.BigInteger(), nullable=True),
        sa.Column("download_speed", sa.BigInteger(), nullable=True),
        sa.Column("upload_speed", sa.BigInteger(), nullable=True),
        sa.Column("eta_seconds", sa.BigInteger(), nullable=True),
        sa.Column("ratio", sa.Float(), nullable=True),
        sa.Column("content_path", sa.Text(), nullable=True),
        sa.Column("local_path", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("show_id", sa.Uuid(), nullable=True),
        sa.Column("movie_id", sa.Uuid(), nullable=True),
        sa.Column("season_number", sa.Integer(), nullable=True),
        sa.Column("grabbed_by", sa.Uuid(), nullable=True),
        sa.Column("grabbed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("progressed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("release_file", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grabbed_by"],
            ["users.id"],
            name=op.f("fk_downloads_grabbed_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["movie_id"],
            ["movies.id"],
            name=op.f("fk_downloads_movie_id_movies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_downloads_show_id_shows"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_downloads")),
    )
    with op.batch_alter_table("downloads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_downloads_client_client_item_id", ["client", "client_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_downloads_grabbed_by"), ["grabbed_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_downloads_movie_id"), ["movie_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_downloads_show_id"), ["show_id"], unique=False)
        batch_op.create_index(
            "ix_downloads_status_grabbed_at", ["status", "grabbed_at"], unique=False
        )

    op.create_table(
        "download_episodes",
        sa.Column("download_id", sa.Uuid(), nullable=False),
        sa.Column("episode_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["download_id"],
            ["downloads.id"],
            name=op.f("fk_download_episodes_download_id_downloads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_download_episodes_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("download_id", "episode_id", name=op.f("pk_download_episodes")),
    )
    with op.batch_alter_table("download_episodes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_download_episodes_episode_id"), ["episode_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("download_episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_download_episodes_episode_id"))

    op.drop_table("download_episodes")
    with op.batch_alter_table("downloads", schema=None) as batch_op:
        batch_op.drop_index("ix_downloads_status_grabbed_at")
        batch_op.drop_index(batch_op.f("ix_downloads_show_id"))
        batch_op.drop_index(batch_op.f("ix_downloads_movie_id"))
        batch_op.drop_index(batch_op.f("ix_downloads_grabbed_by"))
        batch_op.drop_index("ix_downloads_client_client_item_id")

    op.drop_table("downloads")
    with op.batch_alter_table("blocklist", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blocklist_title"))
        batch_op.drop_index(batch_op.f("ix_blocklist_show_id"))
        batch_op.drop_index(batch_op.f("ix_blocklist_movie_id"))
        batch_op.drop_index(batch_op.f("ix_blocklist_info_hash"))
        batch_op.drop_index(batch_op.f("ix_blocklist_added_at"))

    op.drop_table("blocklist")
