"""Existing libraries: scanning library roots for folders no item owns, adding them in bulk with
their files registered where they are, and renaming files already in the library.

Files are never copied or moved by a scan or a bulk import; only a rename apply moves files,
inside their library root, and it records each new path only after the file is there (a re-run
after a crash finds the file at its new path and records it).
"""

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import PurePosixPath

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.core.database import end_transaction
from media_manager.core.errors import AppError
from media_manager.core.schemas import Page, PageParams
from media_manager.importer import naming, scan
from media_manager.importer.config import ImportSettings
from media_manager.importer.exceptions import ScanFolderNotFound, ScanFolderUnmatched
from media_manager.importer.models import LibraryScanFolder
from media_manager.importer.repository import (
    LibraryScanRepository,
    MediaFileRepository,
    StoredFile,
)
from media_manager.importer.scan import FolderFiles
from media_manager.importer.schemas import (
    RenameRead,
    RenameRefusedRead,
    RenameResult,
    ScanFolderRead,
    ScanImportRequest,
)
from media_manager.importer.subtitles import SubtitleInfo
from media_manager.library.items import MediaItem, MediaKind, MediaUnit, item_columns
from media_manager.library.media import MediaItems
from media_manager.library.paths import library_root
from media_manager.library.service import LibraryKind, libraries
from media_manager.metadata.schemas import MetadataProviderName, SearchResult
from media_manager.metadata.service import MetadataService
from media_manager.movies.schemas import MovieCreate
from media_manager.movies.service import MovieService
from media_manager.parsing import ReleaseInfo, normalize_title
from media_manager.profiles.qualities import BY_ID, quality_of
from media_manager.tv.schemas import ShowCreate
from media_manager.tv.service import ShowService

log = logging.getLogger(__name__)

KINDS: tuple[tuple[MediaKind, LibraryKind], ...] = (("tv", "tv"), ("movie", "movies"))
# Metadata lookups of one scan in flight at once: enough to hide latency, gentle on the relay.
LOOKUP_CONCURRENCY = 4
# Statuses a scan leaves alone: the user's or an import's word on the folder.
SETTLED = frozenset({"queued", "added", "ignored"})

Progress = Callable[[int, int], None]


def _no_progress(_done: int, _total: int) -> None:
    return None


@dataclass
class Suggestion:
    provider: MetadataProviderName | None
    external_id: int | None
    title: str | None
    year: int | None
    confidence: str
    reason: str
    error: str | None = None


@dataclass
class PlannedRename:
    file: StoredFile
    new_path: str
    subtitles: dict[uuid.UUID, str] = field(default_factory=dict)


class ExistingLibraryService:
    def __init__(
        self, session: AsyncSession, settings: Settings, metadata: MetadataService | None = None
    ) -> None:
        self.session = session
        self.settings = settings
        self.config: ImportSettings = settings.importer
        self.metadata = metadata
        self.files = MediaFileRepository(session)
        self.scans = LibraryScanRepository(session)
        self.items = MediaItems(session)
        # Folders being read ahead by the bulk import, by (kind, library, folder).
        self._reads: dict[tuple[str, str, str], asyncio.Future[FolderFiles]] = {}

    async def scan(self, progress: Progress = _no_progress) -> int:
        """Record every library folder no item owns, with a suggested match; the number new."""
        found: list[tuple[MediaKind, str, str, LibraryScanFolder | None]] = []
        gone: list[uuid.UUID] = []
        skip = {self.config.recycle_folder}
        for kind, library_kind in KINDS:
            for library in libraries(self.settings, library_kind):
                folders = await asyncio.to_thread(scan.top_folders, library.path, skip)
                owned = {
                    PurePosixPath(path).parts[0]
                    for path in await self.files.paths_in(kind, library.name)
                }
                rows = await self.scans.of_library(kind, library.name)
                present = set(folders)
                # A folder deleted or renamed since an earlier scan: its row suggests nothing any
                # more. A queued one is left to the bulk import, which reports it missing.
                gone += [
                    row.id
                    for name, row in rows.items()
                    if name not in present and row.status != "queued"
                ]
                for folder in folders:
                    row = rows.get(folder)
                    if folder in owned or (row is not None and row.status in SETTLED):
                        continue
                    if row is not None and row.status == "pending" and row.external_id:
                        continue  # suggested by an earlier scan; nothing new to learn
                    found.append((kind, library.name, folder, row))
        if gone:
            await self.scans.delete_ids(gone)
            log.info("Library scan: %d folder(s) scanned before are gone", len(gone))
        await end_transaction(self.session)
        total = len(found)
        progress(0, total)
        done = 0
        limit = asyncio.Semaphore(LOOKUP_CONCURRENCY)

        async def suggest(kind: MediaKind, folder: str) -> Suggestion:
            nonlocal done
            async with limit:
                suggestion = await self._suggest(kind, folder)
            done += 1
            progress(done, total)
            return suggestion

        suggestions = await asyncio.gather(*(suggest(kind, folder) for kind, _, folder, _ in found))
        now = datetime.now(UTC)
        rows_to_save: list[LibraryScanFolder] = []
        for (kind, library, folder, row), suggestion in zip(found, suggestions, strict=True):
            if row is None:
                row = LibraryScanFolder(
                    id=uuid.uuid4(), kind=kind, library=library, folder=folder, scanned_at=now
                )
            row.provider = suggestion.provider
            row.external_id = suggestion.external_id
            row.title = suggestion.title
            row.year = suggestion.year
            row.confidence = suggestion.confidence
            row.reason = suggestion.reason
            row.error = suggestion.error
            row.status = "failed" if suggestion.error else "pending"
            row.registered = 0
            row.unmatched = []
            row.scanned_at = row.updated_at = now
            rows_to_save.append(row)
        await self.scans.save(rows_to_save)
        await end_transaction(self.session)
        log.info("Library scan: %d folder(s) not in the library yet", total)
        return total

    async def _suggest(self, kind: MediaKind, folder: str) -> Suggestion:
        """The match of one folder: its id tag, else one metadata search by title and year."""
        name = scan.read_folder_name(folder)
        if name.tmdb_id is not None:
            return Suggestion("tmdb", name.tmdb_id, name.title, name.year, "id tag", "tmdbid tag")
        if name.tvdb_id is not None:
            return Suggestion("tvdb", name.tvdb_id, name.title, name.year, "id tag", "tvdbid tag")
        if self.metadata is None:
            return Suggestion(None, None, name.title, name.year, "none", "no metadata source")
        metadata = self.metadata
        try:
            if name.imdb_id is not None:
                # TMDB resolves IMDb ids; the title search is only for an id it does not know.
                found = await metadata.find_by_imdb("tmdb", kind, name.imdb_id)
                if found:
                    best = found[0]
                    return Suggestion(
                        best.metadata_provider,
                        best.external_id,
                        best.name,
                        best.year,
                        "id tag",
                        f"imdbid tag ({name.imdb_id})",
                    )
            if kind == "tv":
                results = await metadata.search_shows("tmdb", name.title)
            else:
                results = await metadata.search_movies("tmdb", name.title)
        except AppError as exc:
            log.warning("Library scan: looking up %r failed: %s", folder, exc.message)
            return Suggestion(
                None, None, name.title, name.year, "none", "lookup failed", exc.message
            )
        except Exception as exc:
            log.exception("Library scan: looking up %r failed", folder)
            error = f"{type(exc).__name__}: {exc}"
            return Suggestion(None, None, name.title, name.year, "none", "lookup failed", error)
        suggestion = _best(results, name)
        if name.imdb_id is not None:
            suggestion.reason = f"TMDB does not know {name.imdb_id}; {suggestion.reason}"
        return suggestion

    async def page(
        self, params: PageParams, status: str | None, kind: str | None
    ) -> Page[ScanFolderRead]:
        """Scanned folders, by kind, library and folder name."""
        rows, total = await self.scans.page(
            params.offset, params.page_size, status=status, kind=kind
        )
        return Page(
            items=[ScanFolderRead.model_validate(row) for row in rows],
            total=total,
            page=params.page,
            page_size=params.page_size,
        )

    async def queue_import(self, data: ScanImportRequest) -> int:
        """Mark scanned folders for the bulk import job, each with the item it holds."""
        rows = await self.scans.by_ids([f.id for f in data.folders])
        now = datetime.now(UTC)
        for choice in data.folders:
            row = rows.get(choice.id)
            if row is None:
                raise ScanFolderNotFound(f"There is no scanned folder with id {choice.id}")
            if choice.external_id is not None:
                row.provider = choice.provider or "tmdb"
                row.external_id = choice.external_id
            if row.external_id is None or row.provider is None:
                raise ScanFolderUnmatched(
                    f'The folder "{row.folder}" has no suggested match; give provider and '
                    "external_id"
                )
            if row.status == "added":
                continue
            row.status = "queued"
            row.error = None
            row.quality_profile = data.quality_profile or "default"
            row.monitored = data.monitored
            row.updated_at = now
        await self.scans.save(list(rows.values()))
        return len(rows)

    async def import_queued(self, progress: Progress = _no_progress) -> int:
        """Add each queued folder's item and register its files in place; the number added.

        Folders queued while this runs are taken too, until none is left.
        """
        added = done = 0
        seen: set[uuid.UUID] = set()
        try:
            while ids := [i for i in await self.scans.queued() if i not in seen]:
                rows = await self.scans.by_ids(ids)
                await end_transaction(self.session)
                seen.update(ids)
                for number, row_id in enumerate(ids):
                    # The next folder is read (a thread) while this one is recorded.
                    if number + 1 < len(ids) and (following := rows.get(ids[number + 1])):
                        self._prefetch(following.kind, following.library, following.folder)
                    progress(done, len(seen))
                    if await self.import_folder(row_id):
                        added += 1
                    done += 1
        finally:
            left = list(self._reads.values())
            self._reads.clear()
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)
        progress(done, len(seen))
        return added

    def _prefetch(self, kind: str, library: str, folder: str) -> None:
        key = (kind, library, folder)
        if key not in self._reads:
            library_kind: LibraryKind = "tv" if kind == "tv" else "movies"
            root = library_root(self.settings, library_kind, library)
            sample_max = self.config.sample_max_mb * 1024 * 1024
            self._reads[key] = asyncio.ensure_future(
                asyncio.to_thread(scan.read_folder, root, folder, sample_max)
            )

    async def _read_folder(self, kind: str, library: str, folder: str) -> FolderFiles:
        self._prefetch(kind, library, folder)
        return await self._reads.pop((kind, library, folder))

    async def import_folder(self, row_id: uuid.UUID) -> bool:
        """One queued folder: add its show or movie (or find it), then register its files."""
        row = await self.scans.get_row(row_id)
        if row is None or row.status != "queued":
            return False
        kind: MediaKind = "tv" if row.kind == "tv" else "movie"
        library, folder = row.library, row.folder
        # The folder is read (usually read ahead already) outside any transaction; then one
        # transaction records its files and settles the row.
        await end_transaction(self.session)
        try:
            try:
                found = await self._read_folder(kind, library, folder)
            except scan.FolderGone as exc:
                # Removed since the scan: adding the item would register nothing.
                return await self._settle(row_id, "failed", error=str(exc))
            item_id = await self._add(row)
            registered, unmatched = await self._record(kind, item_id, folder, library, found)
        except AppError as exc:
            await self.session.rollback()
            return await self._settle(row_id, "failed", error=exc.message)
        except Exception as exc:
            log.exception("Importing the library folder %r failed", folder)
            await self.session.rollback()
            return await self._settle(row_id, "failed", error=f"{type(exc).__name__}: {exc}")
        return await self._settle(
            row_id, "added", item_id=item_id, registered=registered, unmatched=unmatched
        )

    async def _settle(self, row_id: uuid.UUID, status: str, **values: object) -> bool:
        row = await self.scans.get_row(row_id)
        if row is None:
            return False
        row.status = status
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = datetime.now(UTC)
        await self.scans.save([row])
        await end_transaction(self.session)
        return status == "added"

    async def _add(self, row: LibraryScanFolder) -> uuid.UUID:
        provider: MetadataProviderName = "tvdb" if row.provider == "tvdb" else "tmdb"
        assert row.external_id is not None
        adapter = self.items.adapter("tv" if row.kind == "tv" else "movie")
        existing = await adapter.repository.find_existing(provider, [row.external_id])
        if row.external_id in existing:
            return existing[row.external_id]
        if self.metadata is None:
            raise RuntimeError("adding items needs the metadata service")
        profile = row.quality_profile or "default"
        monitored = row.monitored if row.monitored is not None else True
        if row.kind == "tv":
            show = await ShowService(self.session, self.settings, self.metadata).add(
                ShowCreate(
                    metadata_provider=provider,
                    external_id=row.external_id,
                    library=row.library,
                    quality_profile=profile,
                    monitor="all" if monitored else "none",
                )
            )
            item_id = show.id
        else:
            movie = await MovieService(self.session, self.settings, self.metadata).add(
                MovieCreate(
                    metadata_provider=provider,
                    external_id=row.external_id,
                    library=row.library,
                    quality_profile=profile,
                    monitored=monitored,
                )
            )
            item_id = movie.id
        await end_transaction(self.session)
        return item_id

    async def register(
        self, kind: MediaKind, item_id: uuid.UUID, library: str, folder: str
    ) -> tuple[int, list[str]]:
        """Record the videos (and their subtitles) of an item's folder where they are.

        Returns how many files the item has in the folder now, and the videos that matched none
        of its episodes (or not the movie). Files recorded before are left as they are.
        """
        await end_transaction(self.session)
        found = await self._read_folder(kind, library, folder)
        result = await self._record(kind, item_id, folder, library, found)
        await end_transaction(self.session)
        return result

    async def _record(
        self, kind: MediaKind, item_id: uuid.UUID, folder: str, library: str, found: FolderFiles
    ) -> tuple[int, list[str]]:
        """`register` after the folder is read, in the caller's transaction."""
        adapter = self.items.adapter(kind)
        item = await adapter.load(item_id)
        units = await adapter.units(item_id)
        match = adapter.matcher(item, units)
        # By owner, not by path prefix: the owner column is indexed, a LIKE on paths is not.
        prefix = f"{folder}/"
        known = {p for p in await self.files.paths_of_item(kind, item_id) if p.startswith(prefix)}
        now = datetime.now(UTC)
        files: list[dict[str, object]] = []
        links: list[dict[str, object]] = []
        subtitles: list[dict[str, object]] = []
        unmatched: list[str] = []
        filled: list[uuid.UUID] = []
        for video in found.videos:
            if video.path in known:
                continue
            matched = _match(item, match, video.info)
            if not matched:
                unmatched.append(video.path)
                continue
            info = video.info
            file_id = uuid.uuid4()
            files.append(
                {
                    "id": file_id,
                    "kind": kind,
                    **item_columns(kind, item_id),
                    "library": library,
                    "path": video.path,
                    "size": video.size,
                    "quality": quality_of(info.source, info.resolution).id,
                    "source": info.source,
                    "resolution": info.resolution,
                    "modifier": "repack" if info.repack else "proper" if info.proper else None,
                    "release_group": info.release_group,
                    "edition": info.edition,
                    "version_tag": "",
                    "languages": list(info.languages),
                    "original_name": PurePosixPath(video.path).name,
                    "download_id": None,
                    "added_at": now,
                }
            )
            subtitles += [
                {
                    "id": uuid.uuid4(),
                    "media_file_id": file_id,
                    "path": s.path,
                    "language": s.info.language,
                    "forced": s.info.forced,
                    "sdh": s.info.sdh,
                    "cc": s.info.cc,
                }
                for s in video.subtitles
            ]
            unit_ids = list(dict.fromkeys(u.id for u in matched))
            filled += unit_ids
            if kind == "tv":
                links += [{"media_file_id": file_id, "episode_id": u} for u in unit_ids]
        await self.files.insert_rows(files, links, subtitles)
        await adapter.mark_has_file(item_id, list(dict.fromkeys(filled)))
        if unmatched:
            log.info("%d file(s) in %s matched nothing of %r", len(unmatched), folder, item.title)
        return len(known) + len(files), unmatched

    async def rename_preview(self, kind: MediaKind, item_id: uuid.UUID) -> list[RenameRead]:
        """The item's files whose names the current naming templates would change."""
        _, plans = await self._rename_plans(kind, item_id)
        return [
            RenameRead(file_id=p.file.file.id, old_path=p.file.file.path, new_path=p.new_path)
            for p in plans
        ]

    async def rename_apply(self, kind: MediaKind, item_id: uuid.UUID) -> RenameResult:
        """Rename the item's files (subtitles follow) as the templates say; never overwrite."""
        item, plans = await self._rename_plans(kind, item_id)
        await end_transaction(self.session)
        renamed, refused, emptied = await asyncio.to_thread(self._move_all, plans)
        moved = {p.file.file.id: p.new_path for p in renamed}
        subtitles = {sid: path for p in renamed for sid, path in p.subtitles.items()}
        await self.files.set_paths(moved, subtitles)
        await end_transaction(self.session)
        for library, folders in emptied.items():
            root = library_root(self.settings, self.items.adapter(kind).library_kind, library)
            await asyncio.to_thread(scan.remove_empty_folders, root, folders)
        if renamed:
            log.info("Renamed %d file(s) of %r", len(renamed), item.title)
        return RenameResult(
            renamed=[
                RenameRead(file_id=p.file.file.id, old_path=p.file.file.path, new_path=p.new_path)
                for p in renamed
            ],
            refused=[
                RenameRefusedRead(
                    file_id=p.file.file.id,
                    old_path=p.file.file.path,
                    new_path=p.new_path,
                    reason=reason,
                )
                for p, reason in refused
            ],
        )

    def _move_all(
        self, plans: list[PlannedRename]
    ) -> tuple[list[PlannedRename], list[tuple[PlannedRename, str]], dict[str, set[str]]]:
        renamed: list[PlannedRename] = []
        refused: list[tuple[PlannedRename, str]] = []
        emptied: dict[str, set[str]] = {}
        for plan in plans:
            file = plan.file.file
            root = library_root(
                self.settings, "tv" if file.kind == "tv" else "movies", file.library
            )
            try:
                scan.move_in_library(root, file.path, plan.new_path)
            except (scan.RenameRefused, ValueError, OSError) as exc:
                refused.append((plan, str(exc)))
                continue
            for subtitle in plan.file.subtitles:
                new = plan.subtitles.get(subtitle.id)
                if new is None:
                    continue
                try:
                    scan.move_in_library(root, subtitle.path, new)
                except (scan.RenameRefused, ValueError, OSError) as exc:
                    log.warning("Subtitle %s not renamed: %s", subtitle.path, exc)
                    del plan.subtitles[subtitle.id]
            renamed.append(plan)
            old_folders = {str(PurePosixPath(file.path).parent)}
            old_folders |= {str(PurePosixPath(s.path).parent) for s in plan.file.subtitles}
            emptied.setdefault(file.library, set()).update(old_folders)
        return renamed, refused, emptied

    async def _rename_plans(
        self, kind: MediaKind, item_id: uuid.UUID
    ) -> tuple[MediaItem, list[PlannedRename]]:
        adapter = self.items.adapter(kind)
        item = await adapter.load(item_id)
        units = {unit.id: unit for unit in await adapter.units(item_id)}
        stored = await self.files.of_item(kind, item_id)
        facts = naming.NameFacts(
            title=item.title,
            year=item.year,
            tmdb_id=item.tmdb_id,
            tvdb_id=item.tvdb_id,
            imdb_id=item.imdb_id,
        )
        template = self.config.show_folder if kind == "tv" else self.config.movie_folder
        folder = naming.folder(template, facts)
        if await self.files.folder_taken(kind, item.library, folder, item.id):
            folder = naming.cut(f"{folder} [{item.id.hex[:8]}]")
        plans: list[PlannedRename] = []
        for entry in stored:
            file = entry.file
            file_units = sorted(
                (units[u] for u in entry.episode_ids if u in units),
                key=lambda u: (u.season or 0, u.episode or 0),
            )
            file_facts = replace(
                facts,
                quality=(BY_ID.get(file.quality) or BY_ID["unknown"]).label,
                release_group=file.release_group,
                edition=file.edition,
                version=file.version_tag or None,
            )
            if kind == "tv":
                if not file_units:
                    continue  # episodes gone from the show: nothing to name it by
                file_facts = replace(
                    file_facts,
                    season=file_units[0].season,
                    episodes=tuple(u.episode for u in file_units if u.episode is not None),
                    episode_title=" + ".join(dict.fromkeys(u.title for u in file_units if u.title)),
                )
                components = [folder, naming.folder(self.config.season_folder, file_facts)]
                stem = naming.file_stem(self.config.episode_file, file_facts)
            else:
                components = [folder]
                stem = naming.file_stem(self.config.movie_file, file_facts)
            new_path = "/".join([*components, stem + naming.extension(file.path)])
            plan = PlannedRename(entry, new_path)
            for subtitle in entry.subtitles:
                info = SubtitleInfo(subtitle.language, subtitle.forced, subtitle.sdh, subtitle.cc)
                suffix = info.suffix(naming.extension(subtitle.path))
                new = "/".join([*components, naming.cut(stem, suffix)])
                if new != subtitle.path:
                    plan.subtitles[subtitle.id] = new
            if new_path != file.path or plan.subtitles:
                plans.append(plan)
        return item, plans


def _match(
    item: MediaItem, match: Callable[[ReleaseInfo], list[MediaUnit]], info: ReleaseInfo
) -> list[MediaUnit]:
    if item.kind == "tv" and not (info.episodes or info.absolute_episodes or info.air_date):
        return []  # a season's worth from one file is not a library layout
    return list(match(info))


def _best(results: list[SearchResult], name: scan.FolderName) -> Suggestion:
    """The search result a folder most likely holds, and how sure that is."""
    if not results:
        return Suggestion(None, None, name.title, name.year, "none", f'no match for "{name.title}"')
    wanted = normalize_title(name.title)
    same_title = [r for r in results if normalize_title(r.name) == wanted]
    same_year = [r for r in same_title if name.year is not None and r.year == name.year]
    if same_year:
        best, confidence, reason = same_year[0], "title and year", "title and year match"
    elif same_title:
        best, confidence, reason = same_title[0], "title", "title matches"
    else:
        best, confidence, reason = results[0], "guess", "first search result"
    return Suggestion(
        best.metadata_provider, best.external_id, best.name, best.year, confidence, reason
    )
