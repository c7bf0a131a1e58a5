"""Importing a completed download: read the files, match them, name them, place them, record.

The pipeline is written once for shows and movies: the item's adapter (library/media.py) gives
its units and matches a parsed name to them; only the naming templates differ by kind.

Order of work, so that a crash at any point loses nothing and duplicates nothing:
1. read the download, the item and its files (one short unit of work);
2. outside any transaction: list, extract, classify, match and name;
3. place each file (no-clobber: a hardlink or a finished copy appears atomically), then move
   replaced files to the recycle folder;
4. record the files, the episodes' has_file and the history in one transaction;
5. only then remove what a move left behind and the extraction folder.
A re-run after a crash finds placed files "already" there (same inode, or same size and hash)
and records them.
"""

import asyncio
import logging
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.auth.models import User
from media_manager.config import Settings
from media_manager.core.database import end_transaction
from media_manager.core.errors import AppError
from media_manager.core.schemas import Page, PageParams
from media_manager.downloads.exceptions import DownloadNotFound
from media_manager.downloads.models import Download
from media_manager.downloads.repository import DownloadRepository
from media_manager.importer import archives, naming, placement
from media_manager.importer.classify import FoundFile, classify, list_files
from media_manager.importer.config import ImportSettings
from media_manager.importer.exceptions import ImportFileNotFound, ImportInProgress, ImportNotReady
from media_manager.importer.models import DownloadImport, ImportRecord, MediaFile, SubtitleFile
from media_manager.importer.repository import ImportRepository, MediaFileRepository, StoredFile
from media_manager.importer.schemas import (
    BlockedImportRead,
    FileSuggestion,
    ImportChoice,
    ImportedFile,
    ImportFileRead,
    ImportRecordRead,
    MediaFileRead,
    NamingPreview,
    NamingPreviewRequest,
    SubtitleRead,
)
from media_manager.importer.subtitles import SubtitleInfo, owner, read_subtitle, stems
from media_manager.library.items import MediaItem, MediaKind, MediaUnit, item_columns
from media_manager.library.media import MediaItems
from media_manager.notifications.config import NotificationEvent
from media_manager.notifications.media_servers import refresh_media_servers
from media_manager.notifications.service import ItemRef, notify
from media_manager.parsing import ReleaseInfo, parse_release
from media_manager.profiles.qualities import BY_ID, QUALITY_IDS, Quality, quality_of

log = logging.getLogger(__name__)

EXTRACT_PREFIX = ".mm-extract-"
# One import of a download at a time in this process (the poll hook and the retry job).
_running: set[uuid.UUID] = set()


class Blocked(Exception):
    """The whole import stops here; `reason` goes to the history and the activity."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail or reason


@dataclass
class Context:
    """What the import knows before touching files (read in the first unit of work)."""

    download_id: uuid.UUID
    title: str
    content: Path
    item: MediaItem
    units: list[MediaUnit]
    stored: list[StoredFile]
    root: Path
    folder: str


@dataclass
class SubtitlePlan:
    source: Path
    target: Path
    info: SubtitleInfo


@dataclass
class Plan:
    """One video: where it goes, what it replaces, which subtitles follow it."""

    found: FoundFile
    info: ReleaseInfo
    units: list[MediaUnit]
    quality: Quality
    languages: list[str]
    version_tag: str = ""
    target: Path | None = None
    subtitles: list[SubtitlePlan] = field(default_factory=list)
    replaces: list[StoredFile] = field(default_factory=list)
    # Why it is not imported; None for a file to import.
    problem: str | None = None
    outcome: str | None = None
    # Files of ours (extracted) are moved whatever the placement setting.
    ours: bool = False


class ImportService:
    def __init__(
        self, session: AsyncSession, settings: Settings, notify_context: Any | None = None
    ) -> None:
        self.session = session
        self.settings = settings
        # Where import notifications and media-server refreshes go from (a JobContext, which
        # has the HTTP client too); None: neither happens.
        self.notify_context = notify_context
        self.config: ImportSettings = settings.importer
        self.downloads = DownloadRepository(session)
        self.files = MediaFileRepository(session)
        self.imports = ImportRepository(session)
        self.items = MediaItems(session)

    def preview_names(self, templates: NamingPreviewRequest) -> NamingPreview:
        """Where sample files would go with these templates (the saved ones fill the gaps),
        named by the same code as the import."""
        config = self.config.model_copy(update=templates.model_dump(exclude_none=True))
        show = naming.NameFacts(
            title="Northern Lights: The Story",
            year=2019,
            tmdb_id=81234,
            tvdb_id=361234,
            imdb_id="tt9912345",
        )
        movie = naming.NameFacts(
            title="A Quiet Harbour", year=2021, tmdb_id=612345, imdb_id="tt1234567"
        )

        def name(field: str, facts: naming.NameFacts, *, stem: bool = False) -> str:
            template = getattr(config, field)
            if stem:
                return naming.file_stem(template, facts) + ".mkv"
            return naming.folder(template, facts)

        def episode_path(*episodes: int, episode_title: str) -> str:
            facts = replace(
                show,
                season=1,
                episodes=episodes,
                episode_title=episode_title,
                quality=BY_ID["web-1080p"].label,
                release_group="NTb",
            )
            return "/".join(
                (
                    name("show_folder", show),
                    name("season_folder", facts),
                    name("episode_file", facts, stem=True),
                )
            )

        movie_file = replace(
            movie, quality=BY_ID["bluray-2160p"].label, edition="Director's Cut", version="Proper"
        )
        return NamingPreview(
            episode=episode_path(3, episode_title="The Long Night"),
            multi_episode=episode_path(4, 5, episode_title="Crossing (1)"),
            movie="/".join(
                (name("movie_folder", movie), name("movie_file", movie_file, stem=True))
            ),
        )

    async def import_download(
        self,
        download_id: uuid.UUID,
        user: User | None = None,
        choices: Sequence[ImportChoice] | None = None,
    ) -> ImportRecordRead:
        """Import a completed download automatically, or the files a user chose."""
        if download_id in _running:
            raise ImportInProgress("This download is being imported right now; try again soon")
        _running.add(download_id)
        try:
            return await self._import(download_id, user, choices)
        finally:
            _running.discard(download_id)

    async def _import(
        self,
        download_id: uuid.UUID,
        user: User | None,
        choices: Sequence[ImportChoice] | None,
    ) -> ImportRecordRead:
        download = await self._download(download_id, user)
        try:
            context = await self._context(download)
        except Blocked as blocked:
            return await self._record(download, "blocked", blocked.detail, [])
        await end_transaction(self.session)
        try:
            plans = await self._plans(context, choices)
            await asyncio.to_thread(self._place_all, context, plans)
        except Blocked as blocked:
            log.warning("Import of %r blocked: %s", download.title, blocked.detail)
            return await self._record(download, "blocked", blocked.detail, _report(context, [], []))
        except Exception as exc:
            log.exception("Import of %r failed", download.title)
            return await self._record(download, "failed", f"{type(exc).__name__}: {exc}", [])
        return await self._finish(download, context, plans)

    async def suggestions(self, download_id: uuid.UUID, user: User) -> list[ImportFileRead]:
        """The download's files with what the importer would do with each (nothing is moved)."""
        download = await self._download(download_id, user)
        try:
            context = await self._context(download)
        except Blocked as blocked:
            raise ImportNotReady(blocked.detail) from None
        await end_transaction(self.session)
        try:
            found, _ = await asyncio.to_thread(self._scan, context, extract=False)
        except Blocked as blocked:
            raise ImportNotReady(blocked.detail) from None
        videos = [f for f in found if f.kind == "video"]
        plans = {p.found.relative: p for p in self._match(context, videos, found)}
        self._name(context, list(plans.values()))
        read: list[ImportFileRead] = []
        for file in found:
            plan = plans.get(file.relative)
            suggestion = None
            if plan is not None:
                suggestion = FileSuggestion(
                    unit_ids=[u.id for u in plan.units],
                    season=plan.units[0].season if plan.units else plan.info.season,
                    episodes=[u.episode for u in plan.units if u.episode is not None],
                    quality=plan.quality.id,
                    languages=plan.languages,
                    target=_relative(context.root, plan.target) if plan.target else None,
                )
            read.append(
                ImportFileRead(
                    path=str(file.relative),
                    size=file.size,
                    kind=file.kind,
                    reason=plan.problem if plan else file.reason,
                    suggestion=suggestion,
                )
            )
        return read

    async def history(
        self, user: User, params: PageParams, outcome: str | None, download_id: uuid.UUID | None
    ) -> Page[ImportRecordRead]:
        """Imports, newest first."""
        rows, total = await self.imports.page(
            params.offset,
            params.page_size,
            outcome=outcome,
            download_id=download_id,
            grabbed_by=None if user.is_superuser else user.id,
        )
        return Page(
            items=[ImportRecordRead.model_validate(row) for row in rows],
            total=total,
            page=params.page,
            page_size=params.page_size,
        )

    async def blocked(self, user: User, params: PageParams) -> Page[BlockedImportRead]:
        """Downloads whose import is blocked or failed, with the reason."""
        rows, total = await self.imports.blocked(
            params.offset, params.page_size, None if user.is_superuser else user.id
        )
        return Page(
            items=[
                BlockedImportRead(
                    download_id=state.download_id,
                    title=download.title,
                    kind=download.kind,  # type: ignore[arg-type]
                    status=state.status,  # type: ignore[arg-type]
                    reason=state.reason,
                    attempts=state.attempts,
                    updated_at=state.updated_at,
                )
                for state, download in rows
            ],
            total=total,
            page=params.page,
            page_size=params.page_size,
        )

    async def files_of(self, kind: MediaKind, item_id: uuid.UUID) -> list[MediaFileRead]:
        """The files of a show or movie in its library."""
        await self.items.adapter(kind).get(item_id)
        return [_file_read(stored) for stored in await self.files.of_item(kind, item_id)]

    async def _download(self, download_id: uuid.UUID, user: User | None) -> Download:
        download = await self.downloads.get(download_id)
        if download is None or not (
            user is None or user.is_superuser or download.grabbed_by == user.id
        ):
            raise DownloadNotFound(f"There is no download with id {download_id}")
        if download.status != "completed":
            raise ImportNotReady(
                f'"{download.title}" is {download.status}: only completed downloads are imported'
            )
        return download

    async def _context(self, download: Download) -> Context:
        item_id = download.item_id
        if item_id is None:
            raise Blocked(
                "not in library",
                f"the {'show' if download.kind == 'tv' else 'movie'} this download was for is "
                "no longer in the library",
            )
        kind: MediaKind = "tv" if download.kind == "tv" else "movie"
        adapter = self.items.adapter(kind)
        try:
            item = await adapter.load(item_id)
            units = await adapter.units(item_id)
            root = item.library_root(self.settings)
        except AppError as exc:
            raise Blocked("not in library", exc.message) from None
        if not download.local_path:
            raise Blocked("no content path", "the download client reported no content path")
        stored = await self.files.of_item(kind, item_id)
        return Context(
            download_id=download.id,
            title=download.title,
            content=Path(download.local_path),
            item=item,
            units=units,
            stored=stored,
            root=root,
            folder=await self._folder(item, stored),
        )

    async def _folder(self, item: MediaItem, stored: list[StoredFile]) -> str:
        """The item's folder: where its files already are, else named by the template; never
        one that another item's files use (two titles that sanitise alike)."""
        if stored:
            return PurePosixPath(stored[0].file.path).parts[0]
        template = self.config.show_folder if item.kind == "tv" else self.config.movie_folder
        name = naming.folder(template, _facts(item))
        if await self.files.folder_taken(item.kind, item.library, name, item.id):
            name = naming.cut(f"{name} [{item.id.hex[:8]}]")
        return name

    def _scan(
        self, context: Context, *, extract: bool = True
    ) -> tuple[list[FoundFile], Path | None]:
        """List the download's files (extracting archives when asked) and classify them."""
        content = context.content
        if not content.exists():
            raise Blocked("content missing", f"{content} does not exist (check path mappings)")
        listed = list_files(content)
        sample_max = self.config.sample_max_mb * 1024 * 1024
        found = classify(listed, sample_max)
        extracted_root: Path | None = None
        firsts = [f for f in found if f.kind == "archive" and archives.is_archive(f.path.name)]
        if firsts and extract:
            extracted_root = _extract_root(content, context.download_id)
            needed = sum(archives.unpacked_size(f.path) for f in firsts)
            if not extracted_root.exists():
                placement.check_space(
                    extracted_root.parent,
                    needed,
                    self.config.min_free_mb * 1024 * 1024,
                    f"extracting the archives of {content}",
                )
            extracted_root.mkdir(exist_ok=True)
            more: list[tuple[Path, PurePosixPath, int]] = []
            for number, first in enumerate(firsts):
                destination = extracted_root / str(number)
                try:
                    archives.extract(first.path, destination)
                except archives.ArchiveError as exc:
                    raise Blocked("archive cannot be extracted", str(exc)) from None
                for path, relative, size in list_files(destination):
                    # Named as if in the archive's folder, so folder names still help to match.
                    more.append((path, first.relative.parent / relative, size))
            found = classify(listed + more, sample_max)
        return found, extracted_root

    async def _plans(self, context: Context, choices: Sequence[ImportChoice] | None) -> list[Plan]:
        found, extracted = await asyncio.to_thread(self._scan, context)
        videos = [f for f in found if f.kind == "video"]
        if not videos:
            raise Blocked("no video files", f"no video files in {context.content}")
        if choices is None:
            plans = self._match(context, videos, found)
        else:
            plans = self._chosen(context, videos, found, choices)
        for plan in plans:
            plan.ours = extracted is not None and plan.found.path.is_relative_to(extracted)
        self._name(context, plans)
        self._decide_upgrades(context, plans)
        if not any(plan.problem is None for plan in plans):
            first = next(p.problem for p in plans if p.problem)
            raise Blocked(first or "nothing to import", _problems(plans))
        return plans

    def _match(
        self, context: Context, videos: list[FoundFile], found: list[FoundFile]
    ) -> list[Plan]:
        item = context.item
        adapter = self.items.adapter(item.kind)
        outer = parse_release(context.title)
        match = adapter.matcher(item, context.units)
        plans: list[Plan] = []
        for video in videos:
            info = _read_name(video.relative, outer, item)
            units: list[MediaUnit] = []
            problem: str | None = None
            if not item.is_named_by(info):
                problem = f'the name does not name "{item.title}"'
            else:
                units = match(info)
                if not units:
                    problem = (
                        "no episode numbers in the name"
                        if item.kind == "tv" and not info.has_episode_info
                        else f"{_numbers(info)} not in library"
                    )
            plans.append(
                Plan(
                    found=video,
                    info=info,
                    units=units,
                    quality=quality_of(info.source, info.resolution),
                    languages=list(info.languages),
                    version_tag="",
                    problem=problem,
                )
            )
        self._attach_subtitles(plans, found)
        return plans

    def _chosen(
        self,
        context: Context,
        videos: list[FoundFile],
        found: list[FoundFile],
        choices: Sequence[ImportChoice],
    ) -> list[Plan]:
        by_path = {str(v.relative): v for v in found if v.kind in ("video", "skipped")}
        units = {unit.id: unit for unit in context.units}
        outer = parse_release(context.title)
        plans: list[Plan] = []
        for choice in choices:
            video = by_path.get(choice.path)
            if video is None:
                raise ImportFileNotFound(f'The download has no video file "{choice.path}"')
            unknown = [u for u in choice.unit_ids if u not in units]
            if unknown:
                raise self.items.adapter(context.item.kind).unknown_unit(unknown[0])
            info = _read_name(video.relative, outer, context.item)
            quality = (
                BY_ID[choice.quality]
                if choice.quality
                else quality_of(info.source, info.resolution)
            )
            plans.append(
                Plan(
                    found=replace(video, kind="video", reason=None),
                    info=info,
                    units=[units[u] for u in dict.fromkeys(choice.unit_ids)],
                    quality=quality,
                    languages=choice.languages
                    if choice.languages is not None
                    else list(info.languages),
                    version_tag=choice.version_tag or "",
                )
            )
        self._attach_subtitles(plans, found)
        return plans

    def _attach_subtitles(self, plans: list[Plan], found: list[FoundFile]) -> None:
        videos = {plan.found.relative: plan for plan in plans}
        # Once for all subtitles: a complete-series pack has a thousand videos.
        relatives = list(videos)
        by_stem = stems(relatives)
        for subtitle in (f for f in found if f.kind == "subtitle"):
            video = owner(subtitle.relative, relatives, by_stem)
            if video is not None:
                videos[video].subtitles.append(
                    SubtitlePlan(subtitle.path, Path(), read_subtitle(subtitle.path.name))
                )

    def _name(self, context: Context, plans: list[Plan]) -> None:
        item = context.item
        taken: dict[Path, Plan] = {}
        for plan in plans:
            if plan.problem is not None or not plan.units:
                continue
            first = plan.units[0]
            facts = replace(
                _facts(item),
                season=first.season,
                episodes=tuple(u.episode for u in plan.units if u.episode is not None),
                episode_title=_episode_title(plan.units) if item.kind == "tv" else None,
                quality=plan.quality.label,
                release_group=plan.info.release_group,
                edition=plan.info.edition,
                version=plan.version_tag or None,
            )
            if item.kind == "tv":
                components = [
                    context.folder,
                    naming.folder(self.config.season_folder, facts),
                ]
                stem = naming.file_stem(self.config.episode_file, facts)
            else:
                components = [context.folder]
                stem = naming.file_stem(self.config.movie_file, facts)
            extension = naming.extension(plan.found.path.name)
            try:
                plan.target = naming.safe_path(context.root, *components, stem + extension)
            except ValueError as exc:
                plan.problem = f"unsafe target: {exc}"
                continue
            if plan.target in taken:
                plan.problem = f"another file of this download goes to {plan.target.name}"
                continue
            taken[plan.target] = plan
            seen: set[Path] = set()
            for subtitle in plan.subtitles:
                suffix = subtitle.info.suffix(naming.extension(subtitle.source.name))
                target = plan.target.with_name(naming.cut(stem, suffix))
                if target in seen:  # two English subtitles: keep the first
                    continue
                seen.add(target)
                subtitle.target = target
            plan.subtitles = [s for s in plan.subtitles if s.target != Path()]

    def _decide_upgrades(self, context: Context, plans: list[Plan]) -> None:
        # Movies: each edition is a version of its own when keep_editions is on (a Director's
        # Cut sits beside the theatrical file, and only a better Director's Cut replaces it).
        editions = context.item.kind == "movie" and self.config.keep_editions
        for plan in plans:
            if plan.problem is not None or plan.target is None:
                continue
            unit_ids = {u.id for u in plan.units}
            target = _relative(context.root, plan.target)
            same_units = [
                s
                for s in context.stored
                if s.file.version_tag == plan.version_tag
                and (context.item.kind == "movie" or unit_ids & set(s.episode_ids))
            ]
            if editions:
                other = [s for s in same_units if _edition(s.file.edition) != _edition(plan.info)]
                if clash := next((s for s in other if s.file.path == target), None):
                    plan.problem = (
                        f"{clash.file.path} is the {_edition(clash.file.edition) or 'plain'} "
                        f"edition and this file, the {_edition(plan.info) or 'plain'} one, would "
                        "take its name: add {edition} to importer.movie_file to keep both, or "
                        "turn importer.keep_editions off to replace it"
                    )
                    continue
                same_units = [s for s in same_units if s not in other]
            existing = [s for s in same_units if s.file.path != target]
            for stored in existing:
                if context.item.kind == "tv" and not set(stored.episode_ids) <= unit_ids:
                    plan.problem = (
                        f"{stored.file.path} also holds other episodes; import it by hand "
                        "with a version tag to keep both"
                    )
                    break
                if _rank(plan) <= _stored_rank(stored.file):
                    plan.problem = (
                        f"not an upgrade: {stored.file.path} is {stored.file.quality}, "
                        f"this file is {plan.quality.id}"
                    )
                    break
            else:
                plan.replaces = existing

    def _place_all(self, context: Context, plans: list[Plan]) -> None:
        """Place every planned file; blocking, run in a thread."""
        recycle_root = context.root / self.config.recycle_folder
        min_free = self.config.min_free_mb * 1024 * 1024
        folders: set[Path] = set()
        for plan in plans:
            if plan.problem is not None or plan.target is None:
                continue
            folders.add(plan.target.parent)
            mode = "move" if plan.ours else self.config.placement
            try:
                plan.outcome = placement.place(
                    plan.found.path,
                    plan.target,
                    mode,
                    copy_fallback=self.config.copy_when_hardlink_fails,
                    min_free=min_free,
                    sync=False,
                )
                for subtitle in plan.subtitles:
                    placement.place(
                        subtitle.source,
                        subtitle.target,
                        mode,
                        copy_fallback=self.config.copy_when_hardlink_fails,
                        min_free=min_free,
                        sync=False,
                    )
            except (placement.HardlinkAcrossFilesystems, placement.NotEnoughSpace) as exc:
                raise Blocked(exc.reason, str(exc)) from None
            except placement.TargetTaken as exc:
                plan.problem = str(exc)
                continue
            # The new file is in place: only now do the ones it replaces leave.
            for stored in plan.replaces:
                for path in [stored.file.path, *(s.path for s in stored.subtitles)]:
                    placement.recycle(context.root / path, context.root, recycle_root)
        for folder in folders:
            placement.sync_folder(folder)
        if not any(plan.outcome for plan in plans):
            raise Blocked(next(p.problem for p in plans if p.problem) or "", _problems(plans))

    async def _finish(
        self, download: Download, context: Context, plans: list[Plan]
    ) -> ImportRecordRead:
        now = datetime.now(UTC)
        item = context.item
        adapter = self.items.adapter(item.kind)
        imported = [plan for plan in plans if plan.outcome is not None and plan.target]
        paths = [_relative(context.root, plan.target) for plan in imported if plan.target]
        # Rows of the files replaced, and of files recorded at these paths before (a re-import).
        replaced = [s.file.id for plan in imported for s in plan.replaces]
        replaced += await self.files.ids_at_paths(item.kind, item.library, paths)
        await self.files.delete_ids(replaced)
        rows = []
        for plan, path in zip(imported, paths, strict=True):
            file = MediaFile(
                id=uuid.uuid4(),
                kind=item.kind,
                **item_columns(item.kind, item.id),
                library=item.library,
                path=path,
                size=plan.found.size,
                quality=plan.quality.id,
                source=plan.info.source,
                resolution=plan.info.resolution,
                modifier="repack" if plan.info.repack else "proper" if plan.info.proper else None,
                release_group=plan.info.release_group,
                edition=plan.info.edition,
                version_tag=plan.version_tag,
                languages=plan.languages,
                original_name=str(plan.found.relative),
                download_id=download.id,
                added_at=now,
            )
            subtitles = [
                SubtitleFile(
                    id=uuid.uuid4(),
                    path=_relative(context.root, s.target),
                    language=s.info.language,
                    forced=s.info.forced,
                    sdh=s.info.sdh,
                    cc=s.info.cc,
                )
                for s in plan.subtitles
            ]
            unit_ids = [u.id for u in plan.units] if item.kind == "tv" else []
            rows.append((file, unit_ids, subtitles))
        await self.files.add_files(rows)
        await adapter.mark_has_file(
            item.id, list(dict.fromkeys(u.id for plan in imported for u in plan.units))
        )
        left = [p for p in plans if p.outcome is None]
        reason = f"not imported: {_problems(left)}" if left else None
        record = await self._record(download, "imported", reason, _report(context, plans, left))
        await asyncio.to_thread(self._clean_up, context, imported)
        log.info("Imported %d file(s) of %r into %s", len(imported), download.title, context.folder)
        upgraded = any(plan.replaces for plan in imported)
        await self._announce(
            download,
            "upgraded" if upgraded else "imported",
            f"{len(imported)} file(s) of {download.title} are in {context.folder}"
            + (" (replacing older files, which are in the recycle folder)" if upgraded else ""),
            folder=context.root / context.folder,
        )
        return record

    def _clean_up(self, context: Context, imported: list[Plan]) -> None:
        """After the record is committed: sources of moves, and the extraction folder."""
        for plan in imported:
            if plan.ours or self.config.placement == "move":
                for source in [plan.found.path, *(s.source for s in plan.subtitles)]:
                    source.unlink(missing_ok=True)
        shutil.rmtree(_extract_root(context.content, context.download_id), ignore_errors=True)

    async def _record(
        self,
        download: Download,
        outcome: str,
        reason: str | None,
        files: list[dict[str, Any]],
    ) -> ImportRecordRead:
        now = datetime.now(UTC)
        state = await self.imports.state(download.id)
        attempts = (state.attempts if state else 0) + 1
        record = ImportRecord(
            id=uuid.uuid4(),
            download_id=download.id,
            title=download.title,
            kind=download.kind,
            show_id=download.show_id,
            movie_id=download.movie_id,
            outcome=outcome,
            reason=reason,
            files=files,
            at=now,
        )
        # A retry that ends as the last one did is not news: the history keeps the first.
        repeated = state is not None and state.status == outcome and state.reason == reason
        if repeated and outcome != "imported":
            last = await self.imports.last_record(download.id)
            record = last or record
        else:
            await self.imports.add_record(record)
        await self.imports.set_state(
            DownloadImport(
                download_id=download.id,
                status=outcome,
                reason=reason,
                attempts=attempts,
                updated_at=now,
            )
        )
        await end_transaction(self.session)
        if outcome != "imported":
            event: NotificationEvent = "import_blocked" if outcome == "blocked" else "import_failed"
            await self._announce(download, event, f"{download.title}: {reason}")
        return ImportRecordRead.model_validate(record)

    async def _announce(
        self,
        download: Download,
        event: NotificationEvent,
        body: str,
        folder: Path | None = None,
    ) -> None:
        """Notify once per download and event (retries pass the same key); after an import,
        have the media servers rescan the item's folder. Called after the commit."""
        if self.notify_context is None:
            return
        item_id = download.item_id
        await notify(
            self.notify_context,
            event,
            f"{event.replace('_', ' ').capitalize()}: {download.title}",
            body,
            item=ItemRef("show" if download.kind == "tv" else "movie", item_id)
            if item_id
            else None,
            users=[download.grabbed_by] if download.grabbed_by else (),
            key=f"import:{download.id}",
        )
        if folder is not None:
            await refresh_media_servers(self.notify_context, str(folder))


def _extract_root(content: Path, download_id: uuid.UUID) -> Path:
    folder = content if content.is_dir() else content.parent
    return folder / f"{EXTRACT_PREFIX}{download_id.hex}"


def _facts(item: MediaItem) -> naming.NameFacts:
    return naming.NameFacts(
        title=item.title,
        year=item.year,
        tmdb_id=item.tmdb_id,
        tvdb_id=item.tvdb_id,
        imdb_id=item.imdb_id,
    )


def _read_name(relative: PurePosixPath, outer: ReleaseInfo, item: MediaItem) -> ReleaseInfo:
    """The file's name parsed; what it lacks (the title, the quality) from its folders or the
    release name. Numbers only ever come from the file's own name."""
    info = parse_release(PurePosixPath(relative.name).stem)
    if not item.is_named_by(info):
        for name in [*reversed(relative.parts[:-1]), None]:
            other = parse_release(name) if name else outer
            if item.is_named_by(other):
                info = replace(info, title=other.title, year=info.year or other.year)
                break
    if info.source is None and info.resolution is None:
        info = replace(info, source=outer.source, resolution=outer.resolution)
    if info.release_group is None:
        info = replace(info, release_group=outer.release_group)
    if info.edition is None:
        info = replace(info, edition=outer.edition)
    if not info.languages:
        info = replace(info, languages=outer.languages)
    return info


def _numbers(info: ReleaseInfo) -> str:
    if info.air_date:
        return f"the episode of {info.air_date.isoformat()} is"
    if info.episodes:
        season = info.season if info.season is not None else 1
        return "episode " + ", ".join(f"S{season:02}E{e:02}" for e in info.episodes) + " is"
    if info.absolute_episodes:
        return "absolute episode " + ", ".join(str(e) for e in info.absolute_episodes) + " is"
    if info.seasons:
        return "season " + ", ".join(str(s) for s in info.seasons) + " is"
    return "it is"


def _episode_title(units: list[MediaUnit]) -> str:
    titles = list(dict.fromkeys(u.title for u in units if u.title))
    return " + ".join(titles)


def _edition(value: ReleaseInfo | str | None) -> str:
    """An edition as compared between files ("" for none): the parser's names, any case."""
    edition = value.edition if isinstance(value, ReleaseInfo) else value
    return (edition or "").strip().casefold()


def _rank(plan: Plan) -> tuple[int, int, int]:
    modifier = 1 if plan.info.proper or plan.info.repack else 0
    return (QUALITY_IDS.index(plan.quality.id), modifier, plan.info.version or 1)


def _stored_rank(file: MediaFile) -> tuple[int, int, int]:
    index = QUALITY_IDS.index(file.quality) if file.quality in QUALITY_IDS else 0
    return (index, 1 if file.modifier else 0, 1)


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _problems(plans: list[Plan]) -> str:
    problems = [f"{p.found.relative}: {p.problem}" for p in plans if p.problem]
    shown = "; ".join(problems[:5])
    return shown + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")


def _report(context: Context, plans: list[Plan], left: list[Plan]) -> list[dict[str, Any]]:
    return [
        ImportedFile(
            source=str(plan.found.relative),
            target=_relative(context.root, plan.target) if plan.target and plan.outcome else None,
            outcome="imported"
            if plan.outcome in ("placed", "copied")
            else "already"
            if plan.outcome == "already"
            else "skipped",
            reason=plan.problem,
        ).model_dump()
        for plan in plans
    ]


def _file_read(stored: StoredFile) -> MediaFileRead:
    file = stored.file
    return MediaFileRead(
        id=file.id,
        library=file.library,
        path=file.path,
        size=file.size,
        quality=file.quality,
        source=file.source,
        resolution=file.resolution,
        modifier=file.modifier,
        release_group=file.release_group,
        edition=file.edition,
        version_tag=file.version_tag,
        languages=list(file.languages),
        original_name=file.original_name,
        download_id=file.download_id,
        episode_ids=sorted(stored.episode_ids),
        subtitles=[SubtitleRead.model_validate(s) for s in stored.subtitles],
        added_at=file.added_at,
    )
