"""Every query of the import domain: library files, subtitles, import state and history."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select, update

from media_manager.core.repository import Repository
from media_manager.downloads.models import Download
from media_manager.importer.models import (
    DownloadImport,
    ImportRecord,
    LibraryScanFolder,
    MediaFile,
    SubtitleFile,
    media_file_episodes,
)

# Import states the retry job picks up again.
RETRIED_STATUSES = ("pending", "blocked")


@dataclass
class StoredFile:
    file: MediaFile
    episode_ids: list[uuid.UUID] = field(default_factory=list)
    subtitles: list[SubtitleFile] = field(default_factory=list)


class MediaFileRepository(Repository[MediaFile]):
    async def of_item(self, kind: str, item_id: uuid.UUID) -> list[StoredFile]:
        """The item's files with their episodes and subtitles, by path."""
        owner = MediaFile.show_id if kind == "tv" else MediaFile.movie_id
        files = (
            (
                await self.session.execute(
                    select(MediaFile).where(owner == item_id).order_by(MediaFile.path)
                )
            )
            .scalars()
            .all()
        )
        return await self._with_links(files)

    async def of_episodes(self, episode_ids: Sequence[uuid.UUID]) -> list[StoredFile]:
        if not episode_ids:
            return []
        ids = select(media_file_episodes.c.media_file_id).where(
            media_file_episodes.c.episode_id.in_(episode_ids)
        )
        query = select(MediaFile).where(MediaFile.id.in_(ids)).order_by(MediaFile.path)
        return await self._with_links((await self.session.execute(query)).scalars().all())

    async def _with_links(self, files: Sequence[MediaFile]) -> list[StoredFile]:
        stored = {f.id: StoredFile(f) for f in files}
        if not stored:
            return []
        links = select(media_file_episodes).where(media_file_episodes.c.media_file_id.in_(stored))
        for file_id, episode_id in await self.session.execute(links):
            stored[file_id].episode_ids.append(episode_id)
        subtitles = (
            select(SubtitleFile)
            .where(SubtitleFile.media_file_id.in_(stored))
            .order_by(SubtitleFile.path)
        )
        for subtitle in (await self.session.execute(subtitles)).scalars():
            stored[subtitle.media_file_id].subtitles.append(subtitle)
        return list(stored.values())

    async def at_path(self, kind: str, library: str, path: str) -> MediaFile | None:
        query = select(MediaFile).where(
            MediaFile.kind == kind, MediaFile.library == library, MediaFile.path == path
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def folder_taken(self, kind: str, library: str, folder: str, item_id: uuid.UUID) -> bool:
        """Whether another show or movie has files in `folder` of the library."""
        owner = MediaFile.show_id if kind == "tv" else MediaFile.movie_id
        pattern = folder.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%"
        query = (
            select(MediaFile.id)
            .where(
                MediaFile.kind == kind,
                MediaFile.library == library,
                MediaFile.path.like(pattern, escape="!"),
                or_(owner.is_(None), owner != item_id),
            )
            .limit(1)
        )
        return (await self.session.execute(query)).first() is not None

    async def ids_at_paths(self, kind: str, library: str, paths: Sequence[str]) -> list[uuid.UUID]:
        if not paths:
            return []
        query = select(MediaFile.id).where(
            MediaFile.kind == kind, MediaFile.library == library, MediaFile.path.in_(paths)
        )
        return list((await self.session.execute(query)).scalars())

    async def add_files(
        self, files: Sequence[tuple[MediaFile, Iterable[uuid.UUID], Iterable[SubtitleFile]]]
    ) -> None:
        """Insert files with their episodes and subtitles, in a few statements for any number."""
        self.session.add_all([file for file, _, _ in files])
        await self.session.flush()
        rows = [
            {"media_file_id": file.id, "episode_id": e}
            for file, episode_ids, _ in files
            for e in dict.fromkeys(episode_ids)
        ]
        if rows:
            await self.session.execute(insert(media_file_episodes), rows)
        for file, _, subtitles in files:
            for subtitle in subtitles:
                subtitle.media_file_id = file.id
                self.session.add(subtitle)
        await self.session.flush()

    async def insert_rows(
        self,
        files: Sequence[dict[str, object]],
        links: Sequence[dict[str, object]],
        subtitles: Sequence[dict[str, object]],
    ) -> None:
        """Insert many files, their episode links and subtitles as plain rows (executemany):
        registering a library of thousands of files without building ORM objects."""
        for table, rows in (
            (MediaFile.__table__, files),
            (media_file_episodes, links),
            (SubtitleFile.__table__, subtitles),
        ):
            if rows:
                await self.session.execute(insert(table), list(rows))

    async def delete_ids(self, file_ids: Iterable[uuid.UUID]) -> None:
        ids = list(file_ids)
        if ids:
            # Explicitly, as SQLite enforces ON DELETE CASCADE only with foreign keys on.
            await self.session.execute(
                delete(SubtitleFile).where(SubtitleFile.media_file_id.in_(ids))
            )
            await self.session.execute(
                delete(media_file_episodes).where(media_file_episodes.c.media_file_id.in_(ids))
            )
            await self.session.execute(delete(MediaFile).where(MediaFile.id.in_(ids)))

    async def paths_in(self, kind: str, library: str, folder: str | None = None) -> list[str]:
        """Paths of the library's files (only those under `folder`, when given)."""
        query = select(MediaFile.path).where(MediaFile.kind == kind, MediaFile.library == library)
        if folder is not None:
            pattern = folder.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%"
            query = query.where(MediaFile.path.like(pattern, escape="!"))
        return list((await self.session.execute(query)).scalars())

    async def paths_of_item(self, kind: str, item_id: uuid.UUID) -> list[str]:
        owner = MediaFile.show_id if kind == "tv" else MediaFile.movie_id
        query = select(MediaFile.path).where(owner == item_id)
        return list((await self.session.execute(query)).scalars())

    async def located_paths_of_item(self, kind: str, item_id: uuid.UUID) -> list[tuple[str, str]]:
        """(library, path) of each of the item's files."""
        owner = MediaFile.show_id if kind == "tv" else MediaFile.movie_id
        query = select(MediaFile.library, MediaFile.path).where(owner == item_id)
        return [(row.library, row.path) for row in await self.session.execute(query)]

    async def set_paths(self, files: dict[uuid.UUID, str], subtitles: dict[uuid.UUID, str]) -> None:
        """Record renamed files and subtitles at their new paths."""
        for file_id, path in files.items():
            await self.session.execute(
                update(MediaFile).where(MediaFile.id == file_id).values(path=path)
            )
        for subtitle_id, path in subtitles.items():
            await self.session.execute(
                update(SubtitleFile).where(SubtitleFile.id == subtitle_id).values(path=path)
            )
        await self.session.flush()

    async def episodes_with_files(self, episode_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        ids = list(episode_ids)
        if not ids:
            return set()
        query = select(media_file_episodes.c.episode_id).where(
            media_file_episodes.c.episode_id.in_(ids)
        )
        return set((await self.session.execute(query)).scalars())


class ImportRepository(Repository[ImportRecord]):
    async def state(self, download_id: uuid.UUID) -> DownloadImport | None:
        return await self.session.get(DownloadImport, download_id, populate_existing=True)

    async def set_state(self, state: DownloadImport) -> None:
        await self.session.merge(state)
        await self.session.flush()

    async def add_record(self, record: ImportRecord) -> None:
        self.session.add(record)
        await self.session.flush()

    async def last_record(self, download_id: uuid.UUID) -> ImportRecord | None:
        query = (
            select(ImportRecord)
            .where(ImportRecord.download_id == download_id)
            .order_by(ImportRecord.at.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def due(self, limit: int) -> list[uuid.UUID]:
        """Completed downloads never imported, or pending or blocked: oldest completion first."""
        query = (
            select(Download.id)
            .outerjoin(DownloadImport, DownloadImport.download_id == Download.id)
            .where(
                Download.status == "completed",
                or_(
                    DownloadImport.download_id.is_(None),
                    DownloadImport.status.in_(RETRIED_STATUSES),
                ),
            )
            .order_by(Download.completed_at, Download.id)
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars())

    async def page(
        self,
        offset: int,
        limit: int,
        *,
        outcome: str | None = None,
        download_id: uuid.UUID | None = None,
        grabbed_by: uuid.UUID | None = None,
    ) -> tuple[Sequence[ImportRecord], int]:
        conditions: list[ColumnElement[bool]] = []
        if outcome is not None:
            conditions.append(ImportRecord.outcome == outcome)
        if download_id is not None:
            conditions.append(ImportRecord.download_id == download_id)
        if grabbed_by is not None:
            mine = select(Download.id).where(Download.grabbed_by == grabbed_by)
            conditions.append(ImportRecord.download_id.in_(mine))
        where = and_(*conditions) if conditions else and_(True)
        total = (
            await self.session.execute(select(func.count()).select_from(ImportRecord).where(where))
        ).scalar_one()
        query = (
            select(ImportRecord)
            .where(where)
            .order_by(ImportRecord.at.desc(), ImportRecord.id)
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all(), total

    async def blocked(
        self, offset: int, limit: int, grabbed_by: uuid.UUID | None = None
    ) -> tuple[Sequence[tuple[DownloadImport, Download]], int]:
        """Downloads whose import is blocked or failed, most recent first."""
        conditions: list[ColumnElement[bool]] = [DownloadImport.status.in_(("blocked", "failed"))]
        if grabbed_by is not None:
            conditions.append(Download.grabbed_by == grabbed_by)
        joined = select(DownloadImport, Download).join(
            Download, Download.id == DownloadImport.download_id
        )
        total_query = (
            select(func.count())
            .select_from(DownloadImport)
            .join(Download, Download.id == DownloadImport.download_id)
            .where(*conditions)
        )
        total = (await self.session.execute(total_query)).scalar_one()
        query = (
            joined.where(*conditions)
            .order_by(DownloadImport.updated_at.desc(), DownloadImport.download_id)
            .offset(offset)
            .limit(limit)
        )
        rows = [(row[0], row[1]) for row in await self.session.execute(query)]
        return rows, total


class LibraryScanRepository(Repository[LibraryScanFolder]):
    async def of_library(self, kind: str, library: str) -> dict[str, LibraryScanFolder]:
        query = select(LibraryScanFolder).where(
            LibraryScanFolder.kind == kind, LibraryScanFolder.library == library
        )
        return {row.folder: row for row in (await self.session.execute(query)).scalars()}

    async def delete_ids(self, ids: Sequence[uuid.UUID]) -> None:
        await self.session.execute(delete(LibraryScanFolder).where(LibraryScanFolder.id.in_(ids)))

    async def save(self, rows: Sequence[LibraryScanFolder]) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def by_ids(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, LibraryScanFolder]:
        if not ids:
            return {}
        query = select(LibraryScanFolder).where(LibraryScanFolder.id.in_(ids))
        return {row.id: row for row in (await self.session.execute(query)).scalars()}

    async def get_row(self, row_id: uuid.UUID) -> LibraryScanFolder | None:
        return await self.session.get(LibraryScanFolder, row_id, populate_existing=True)

    async def queued(self) -> list[uuid.UUID]:
        query = (
            select(LibraryScanFolder.id)
            .where(LibraryScanFolder.status == "queued")
            .order_by(LibraryScanFolder.updated_at, LibraryScanFolder.id)
        )
        return list((await self.session.execute(query)).scalars())

    async def page(
        self, offset: int, limit: int, *, status: str | None, kind: str | None
    ) -> tuple[Sequence[LibraryScanFolder], int]:
        conditions: list[ColumnElement[bool]] = []
        if status is not None:
            conditions.append(LibraryScanFolder.status == status)
        if kind is not None:
            conditions.append(LibraryScanFolder.kind == kind)
        where = and_(*conditions) if conditions else and_(True)
        total = (
            await self.session.execute(
                select(func.count()).select_from(LibraryScanFolder).where(where)
            )
        ).scalar_one()
        query = (
            select(LibraryScanFolder)
            .where(where)
            .order_by(LibraryScanFolder.kind, LibraryScanFolder.library, LibraryScanFolder.folder)
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all(), total
