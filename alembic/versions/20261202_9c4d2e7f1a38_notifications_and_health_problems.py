"""notifications: in-app notifications, sent-event keys, health problems

Revision ID: 9c4d2e7f1a38
Revises: 5e77a1c9b2d4
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "9c4d2e7f1a38"
down_revision: str | None = "9c41d7e2a8b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("item_kind", sa.String(length=16), nullable=True),
        sa.Column("item_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notifications_user_id_created_at", ["user_id", "created_at"], unique=False
        )
    op.create_table(
        "notification_keys",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_notification_keys")),
    )
    with op.batch_alter_table("notification_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_keys_sent_at"), ["sent_at"], unique=False)
    op.create_table(
        "health_problems",
        sa.Column("id", sa.String(length=300), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_problems")),
    )


def downgrade() -> None:
    op.drop_table("health_problems")
    with op.batch_alter_table("notification_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_keys_sent_at"))
    op.drop_table("notification_keys")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_id_created_at")
    op.drop_table("notifications")
