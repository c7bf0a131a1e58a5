"""Notifications: the one `notify()` other domains call, the in-app list, and Apprise.

`notify()` decides once per event and subject key (the dedup window), writes one in-app row
per recipient in a short transaction of its own, and only then sends to the Apprise targets
that subscribe to the event: Apprise is blocking, so it runs in a thread, with a timeout,
outside any transaction.
"""

import asyncio
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from media_manager.auth.models import User
from media_manager.core.checks import CheckResult
from media_manager.core.database import check_no_transaction
from media_manager.core.schemas import Page, PageParams
from media_manager.notifications.config import (
    NotificationEvent,
    NotificationSettings,
    NotificationTarget,
    split_urls,
)
from media_manager.notifications.exceptions import NotificationNotFound
from media_manager.notifications.models import Notification
from media_manager.notifications.repository import (
    NotificationKeyRepository,
    NotificationRepository,
)
from media_manager.notifications.schemas import MarkedRead, NotificationRead, UnreadCount

log = logging.getLogger(__name__)

TEST_SUBJECT = "MediaManager test notification"
TEST_BODY = "If you can read this, MediaManager can reach this notification target."


class NotifyContext(Protocol):
    """What notify() needs: a JobContext, or anything else with these two."""

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]: ...

    @property
    def settings(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class ItemRef:
    """What a notification is about: ("show" | "movie" | "download", id)."""

    kind: str
    id: uuid.UUID


@dataclass(frozen=True, slots=True)
class SendResult:
    target: str
    ok: bool
    # What went wrong, in Apprise's words, when not ok.
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class NotifyOutcome:
    """What one notify() call did (tests, logs)."""

    sent: bool
    recipients: int = 0
    targets: tuple[SendResult, ...] = ()


async def notify(
    context: NotifyContext,
    event: NotificationEvent,
    subject: str,
    body: str,
    *,
    item: ItemRef | None = None,
    users: Sequence[uuid.UUID] = (),
    key: str | None = None,
) -> NotifyOutcome:
    """Tell the users concerned and the Apprise targets of `event`, once per key and window.

    `users` are the accounts the item concerns (who added or grabbed it); without any, the
    event is a system event and goes to the admins. `key` names the subject for the dedup
    (default: the subject): one failing import retried ten times, or a season pack with ten
    episodes, passes one key and notifies once. Call it outside any transaction.
    """
    settings: NotificationSettings = context.settings.notifications
    now = datetime.now(UTC)
    dedup_key = f"{event}:{key or subject}"[:300]
    async with context.sessionmaker() as session, session.begin():
        keys = NotificationKeyRepository(session)
        window_start = now - timedelta(minutes=settings.dedup_minutes)
        if not await keys.claim(dedup_key, now, window_start):
            log.debug("Not notifying %s again within the dedup window", dedup_key)
            return NotifyOutcome(sent=False)
        repository = NotificationRepository(session)
        recipients = (
            await repository.active_user_ids(list(dict.fromkeys(users)))
            if users
            else await repository.active_admin_ids()
        )
        await repository.add_all(
            [
                Notification(
                    id=uuid.uuid4(),
                    user_id=user_id,
                    event=event,
                    subject=subject,
                    body=body,
                    item_kind=item.kind if item else None,
                    item_id=item.id if item else None,
                    created_at=now,
                )
                for user_id in recipients
            ]
        )
        # Old keys are useless once their window has passed.
        await keys.prune(now - timedelta(minutes=settings.dedup_minutes) - timedelta(days=1))
    targets = [t for t in settings.targets if t.enabled and event in t.events]
    results = await asyncio.gather(
        *(send(target, subject, body, settings.send_timeout_seconds) for target in targets)
    )
    for result in results:
        if not result.ok:
            log.warning(
                "Notification target %s did not accept the %s notification: %s",
                result.target,
                event,
                result.problem,
            )
    return NotifyOutcome(sent=True, recipients=len(recipients), targets=tuple(results))


async def send(
    target: NotificationTarget, subject: str, body: str, timeout_seconds: float
) -> SendResult:
    """Send through Apprise in a thread; never raises."""
    check_no_transaction(f"The notification to {target.name}")
    # Loading Apprise takes seconds on a busy machine: not counted against the target.
    await asyncio.to_thread(_apprise)
    try:
        async with asyncio.timeout(timeout_seconds):
            problem = await asyncio.to_thread(
                _send_blocking, target.urls.get_secret_value(), subject, body, timeout_seconds
            )
    except TimeoutError:
        # The thread finishes on its own; Apprise's own timeout ends it soon after.
        problem = f"no answer within {timeout_seconds:g} s"
    return SendResult(target=target.name, ok=problem is None, problem=problem)


def _apprise() -> Any:
    # Imported on first use: Apprise and its plugins take megabytes and seconds that a
    # server without notification targets never needs.
    import apprise

    return apprise


def _send_blocking(urls: str, subject: str, body: str, timeout_seconds: float) -> str | None:
    """None when every URL accepted the notification, else what went wrong."""
    client = _apprise().Apprise()
    bad = [url for url in split_urls(urls) if not client.add(url)]
    if bad:
        # The URL itself is never shown: it carries the target's token.
        schemes = ", ".join(sorted({url.split("://", 1)[0] + "://" for url in bad}))
        return (
            f"Apprise does not understand {len(bad)} of the URLs ({schemes}); check them "
            "against https://github.com/caronc/apprise/wiki"
        )
    problems: list[str] = []

    def collect(entry: Any, _plugin: Any) -> None:
        if entry.level in ("WARNING", "ERROR", "CRITICAL"):
            problems.append(str(entry.message))

    result = client.notify(
        body=body,
        title=subject,
        timeout=timeout_seconds,
        log_callback=collect,
        log_level=logging.WARNING,
    )
    if result:
        return None
    return "; ".join(dict.fromkeys(problems)) or "the service refused the notification"


async def check_target(target: NotificationTarget, context: Any) -> CheckResult:
    """Sends a test message to every URL of the target."""
    timeout = context.settings.notifications.send_timeout_seconds
    result = await send(target, TEST_SUBJECT, TEST_BODY, timeout)
    count = len(split_urls(target.urls.get_secret_value()))
    if result.ok:
        return CheckResult.passed(
            f"The test notification was accepted by {count} URL(s)", urls=count
        )
    return CheckResult.failed(
        f"The test notification was not delivered: {result.problem}. Check the URL, that the "
        "service is reachable from this machine, and its token",
        urls=count,
    )


class NotificationService:
    """A user's own notifications."""

    def __init__(self, session: AsyncSession) -> None:
        self.notifications = NotificationRepository(session)

    async def page(
        self, user: User, page: PageParams, *, unread_only: bool
    ) -> Page[NotificationRead]:
        """The user's notifications, newest first."""
        rows, total = await self.notifications.page(
            user.id, unread_only=unread_only, offset=page.offset, limit=page.page_size
        )
        return Page(
            items=[NotificationRead.model_validate(row) for row in rows],
            total=total,
            page=page.page,
            page_size=page.page_size,
        )

    async def unread(self, user: User) -> UnreadCount:
        return UnreadCount(unread=await self.notifications.unread_count(user.id))

    async def mark_read(self, user: User, notification_id: uuid.UUID) -> NotificationRead:
        """Mark one of the user's notifications read (again: no change)."""
        row = await self._own(user, notification_id)
        if row.read_at is None:
            row.read_at = datetime.now(UTC)
            await self.notifications.flush()
        return NotificationRead.model_validate(row)

    async def mark_all_read(self, user: User) -> MarkedRead:
        return MarkedRead(marked=await self.notifications.mark_all_read(user.id, datetime.now(UTC)))

    async def delete(self, user: User, notification_id: uuid.UUID) -> None:
        await self.notifications.delete(await self._own(user, notification_id))

    async def _own(self, user: User, notification_id: uuid.UUID) -> Notification:
        row = await self.notifications.get_own(user.id, notification_id)
        if row is None:
            # Another user's notification is "not found" too: its existence is not shown.
            raise NotificationNotFound(f"You have no notification with id {notification_id}")
        return row
