"""importer: folders of existing libraries found by the scan, with their suggested matches

Revision ID: 4f2a9c7e1b55
Revises: 8c1d5e2f7a90
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "4f2a9c7e1b55"
down_revision: str | None = "8c1d5e2f7a90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "library_scan_folders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("library", sa.String(length=100), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("provider", sa.String(length=8), nullable=True),
        sa.Column("external_id", sa.BigInteger(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("quality_profile", sa.String(length=100), nullable=True),
        sa.Column("monitored", sa.Boolean(), nullable=True),
        sa.Column("item_id", sa.Uuid(), nullable=True),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.JSON(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_scan_folders")),
        sa.UniqueConstraint("kind", "library", "folder", name=op.f("uq_library_scan_folders_kind")),
    )
    op.create_index(op.f("ix_library_scan_folders_status"), "library_scan_folders", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_library_scan_folders_status"), table_name="library_scan_folders")
    op.drop_table("library_scan_folders")
