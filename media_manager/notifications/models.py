"""In-app notifications, one row per recipient, and the keys of events already sent."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from media_manager.core.database import Base, UtcDateTime


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # A user's list, newest first, and their unread count.
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id", ondelete="CASCADE"))
    # A NotificationEvent, e.g. "download_failed".
    event: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    # What it is about, for links: "show", "movie", "download" (None for system events).
    item_kind: Mapped[str | None] = mapped_column(String(16))
    item_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class NotificationKey(Base):
    """An event already notified; the same key is not notified again within the window."""

    __tablename__ = "notification_keys"

    # "<event>:<subject key>", e.g. "download_failed:download:<id>".
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
