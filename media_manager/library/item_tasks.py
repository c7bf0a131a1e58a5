"""The jobs shows and movies share: poster downloads and refreshing what is due.

Each item gets its own session and transaction, so one failing item changes nothing for the
others; errors are logged with the item's title and never leave the job.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext, attempt
from media_manager.images.dependencies import job_poster_service
from media_manager.library.item_service import DueItem, ItemService
from media_manager.library.items import ItemAdapter

ServiceFactory = Callable[[JobContext, AsyncSession], ItemService]  # type: ignore[type-arg]


@dataclass(frozen=True)
class ItemJobs:
    """The jobs of one kind: `service` makes its service, `log` is the kind's tasks logger."""

    items: type[ItemAdapter]  # type: ignore[type-arg]
    service: ServiceFactory
    log: logging.Logger

    async def fetch_poster(
        self, context: JobContext, item_id: uuid.UUID, title: str, url: str
    ) -> None:
        """Download an item's poster; a failure is logged and the next refresh tries again."""
        await attempt(
            self._store_poster(context, item_id, url),
            f'No poster for the {self.items.noun} "{title}" from {url}',
            self.log,
        )

    async def _store_poster(self, context: JobContext, item_id: uuid.UUID, url: str) -> None:
        async with context.sessionmaker() as session, session.begin():
            await self.service(context, session).store_poster(
                item_id, url, job_poster_service(context)
            )

    async def refresh_due(self, context: JobContext) -> None:
        """Refresh the items that are due, each in its own transaction."""
        async with context.sessionmaker() as session, session.begin():
            due = await self.service(context, session).due_for_refresh()
        noun = self.items.noun
        done = [
            await attempt(
                self._refresh(context, item),
                f'Refreshing the {noun} "{item.title}" failed',
                self.log,
            )
            for item in due
        ]
        if due:
            self.log.info("Refreshed %d of %d due %ss", sum(done), len(due), noun)

    async def _refresh(self, context: JobContext, item: DueItem) -> None:
        async with context.sessionmaker() as session:
            service = self.service(context, session)
            # Fetched before the transaction begins: on SQLite a transaction holds the write
            # lock, and the relay may take seconds. fresh: past the relay's cache.
            metadata = await service.fetch(item.metadata_provider, item.external_id, fresh=True)
            async with session.begin():
                refreshed = await service.refresh_from(item.item_id, metadata)
                needs_poster, poster_url = refreshed.needs_poster, refreshed.poster_url
            # Committed: notifying calls out to Apprise.
            await service.after_refresh(context)
        if needs_poster and poster_url:
            await self.fetch_poster(context, item.item_id, item.title, poster_url)
