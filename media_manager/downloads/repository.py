"""Every query of the downloads domain: downloads, their episodes, and the blocklist."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, insert, or_, select

from media_manager.core.repository import Repository
from media_manager.downloads.models import (
    ACTIVE_STATUSES,
    BlocklistEntry,
    Download,
    download_episodes,
)


@dataclass(frozen=True)
class DownloadFilters:
    statuses: Sequence[str]
    show_id: uuid.UUID | None = None
    movie_id: uuid.UUID | None = None
    client: str | None = None
    # Set for ordinary users: only the downloads they grabbed.
    grabbed_by: uuid.UUID | None = None


class DownloadRepository(Repository[Download]):
    async def add_with_episodes(self, download: Download, episode_ids: Iterable[uuid.UUID]) -> None:
        self.session.add(download)
        await self.session.flush()
        rows = [{"download_id": download.id, "episode_id": e} for e in dict.fromkeys(episode_ids)]
        if rows:
            await self.session.execute(insert(download_episodes), rows)

    async def get(self, download_id: uuid.UUID) -> Download | None:
        return await self.session.get(Download, download_id, populate_existing=True)

    async def episode_ids(
        self, download_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[uuid.UUID]]:
        """Download id -> the ids of the episodes it is for."""
        found: dict[uuid.UUID, list[uuid.UUID]] = {d: [] for d in download_ids}
        if not download_ids:
            return found
        query = (
            select(download_episodes.c.download_id, download_episodes.c.episode_id)
            .where(download_episodes.c.download_id.in_(download_ids))
            .order_by(download_episodes.c.download_id, download_episodes.c.episode_id)
        )
        for download_id, episode_id in await self.session.execute(query):
            found[download_id].append(episode_id)
        return found

    async def page(
        self, filters: DownloadFilters, offset: int, limit: int
    ) -> tuple[Sequence[Download], int]:
        conditions: list[ColumnElement[bool]] = [Download.status.in_(filters.statuses)]
        if filters.show_id is not None:
            conditions.append(Download.show_id == filters.show_id)
        if filters.movie_id is not None:
            conditions.append(Download.movie_id == filters.movie_id)
        if filters.client is not None:
            conditions.append(Download.client == filters.client)
        if filters.grabbed_by is not None:
            conditions.append(Download.grabbed_by == filters.grabbed_by)
        total_query = select(func.count()).select_from(Download).where(*conditions)
        total = (await self.session.execute(total_query)).scalar_one()
        query = (
            select(Download)
            .where(*conditions)
            .order_by(Download.grabbed_at.desc(), Download.id)
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all(), total

    async def active_with_item(self, client: str, client_item_id: str) -> Download | None:
        """A download in progress of this client item (grabbing it again would be a duplicate)."""
        query = (
            select(Download)
            .where(
                Download.client == client,
                Download.client_item_id == client_item_id,
                Download.status.in_(ACTIVE_STATUSES),
            )
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def active_with_hash(self, info_hash: str) -> Download | None:
        query = (
            select(Download)
            .where(Download.info_hash == info_hash, Download.status.in_(ACTIVE_STATUSES))
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def followed(self, client: str) -> Sequence[Download]:
        """One client's downloads the poller keeps up to date: in progress, and completed ones
        (still seeding: ratio and speeds change)."""
        query = select(Download).where(
            Download.client == client,
            Download.status.in_((*ACTIVE_STATUSES, "completed")),
        )
        return (await self.session.execute(query)).scalars().all()


class BlocklistRepository(Repository[BlocklistEntry]):
    async def get(self, entry_id: uuid.UUID) -> BlocklistEntry | None:
        return await self.session.get(BlocklistEntry, entry_id)

    async def matching(
        self,
        *,
        title: str,
        guid: str | None,
        info_hash: str | None,
        show_id: uuid.UUID | None,
        movie_id: uuid.UUID | None,
    ) -> BlocklistEntry | None:
        """An entry that refuses this release: same info hash or guid anywhere, or the same
        release name for the same show or movie."""
        same_item = (
            BlocklistEntry.show_id == show_id
            if show_id is not None
            else BlocklistEntry.movie_id == movie_id
        )
        conditions: list[ColumnElement[bool]] = [(BlocklistEntry.title == title) & same_item]
        if guid:
            conditions.append(BlocklistEntry.guid == guid)
        if info_hash:
            conditions.append(BlocklistEntry.info_hash == info_hash.lower())
        query = select(BlocklistEntry).where(or_(*conditions)).limit(1)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def page(
        self,
        show_id: uuid.UUID | None,
        movie_id: uuid.UUID | None,
        offset: int,
        limit: int,
    ) -> tuple[Sequence[BlocklistEntry], int]:
        conditions: list[ColumnElement[bool]] = []
        if show_id is not None:
            conditions.append(BlocklistEntry.show_id == show_id)
        if movie_id is not None:
            conditions.append(BlocklistEntry.movie_id == movie_id)
        total_query = select(func.count()).select_from(BlocklistEntry).where(*conditions)
        total = (await self.session.execute(total_query)).scalar_one()
        query = (
            select(BlocklistEntry)
            .where(*conditions)
            .order_by(BlocklistEntry.added_at.desc(), BlocklistEntry.id)
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all(), total

    async def remove(self, entry: BlocklistEntry) -> None:
        await self.session.execute(delete(BlocklistEntry).where(BlocklistEntry.id == entry.id))
