import uuid
from datetime import datetime

from media_manager.core.schemas import Schema
from media_manager.notifications.config import NotificationEvent


class NotificationRead(Schema):
    id: uuid.UUID
    event: NotificationEvent
    subject: str
    body: str
    # "show", "movie" or "download"; None for system events (health).
    item_kind: str | None
    item_id: uuid.UUID | None
    created_at: datetime
    read_at: datetime | None


class UnreadCount(Schema):
    unread: int


class MarkedRead(Schema):
    marked: int
