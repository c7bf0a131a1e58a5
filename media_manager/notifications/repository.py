"""Every query of notifications and of the sent-event keys."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from media_manager.auth.models import User
from media_manager.core.repository import Repository
from media_manager.notifications.models import Notification, NotificationKey


class NotificationRepository(Repository[Notification]):
    async def page(
        self, user_id: uuid.UUID, *, unread_only: bool, offset: int, limit: int
    ) -> tuple[list[Notification], int]:
        """The user's notifications, newest first, and how many there are."""
        where = [Notification.user_id == user_id]
        if unread_only:
            where.append(Notification.read_at.is_(None))
        total = (
            await self.session.execute(select(func.count()).select_from(Notification).where(*where))
        ).scalar_one()
        query = (
            select(Notification)
            .where(*where)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars()), total

    async def unread_count(self, user_id: uuid.UUID) -> int:
        query = (
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        return (await self.session.execute(query)).scalar_one()

    async def get_own(self, user_id: uuid.UUID, notification_id: uuid.UUID) -> Notification | None:
        query = select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user_id
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def mark_all_read(self, user_id: uuid.UUID, now: datetime) -> int:
        statement = (
            update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=now)
        )
        return (await self.session.execute(statement)).rowcount  # type: ignore[attr-defined]

    async def add_all(self, rows: Sequence[Notification]) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def active_admin_ids(self) -> list[uuid.UUID]:
        query = select(User.id).where(
            User.is_superuser.is_(True),  # type: ignore[attr-defined]
            User.is_active.is_(True),  # type: ignore[attr-defined]
        )
        return list((await self.session.execute(query)).scalars())

    async def active_user_ids(self, user_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
        """Those of the given accounts that still exist and are active."""
        if not user_ids:
            return []
        query = select(User.id).where(
            User.id.in_(user_ids),
            User.is_active.is_(True),  # type: ignore[attr-defined]
        )
        return list((await self.session.execute(query)).scalars())


class NotificationKeyRepository(Repository[NotificationKey]):
    async def claim(self, key: str, now: datetime, window_start: datetime) -> bool:
        """Record `key` as sent now, unless it was sent after `window_start`.

        The primary key decides between two claims made at once: only one insert succeeds.
        """
        await self.session.execute(
            delete(NotificationKey).where(
                NotificationKey.key == key, NotificationKey.sent_at <= window_start
            )
        )
        try:
            async with self.session.begin_nested():
                self.session.add(NotificationKey(key=key, sent_at=now))
        except IntegrityError:
            return False
        return True

    async def prune(self, before: datetime) -> int:
        statement = delete(NotificationKey).where(NotificationKey.sent_at < before)
        return (await self.session.execute(statement)).rowcount  # type: ignore[attr-defined]
