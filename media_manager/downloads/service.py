"""Grabbing releases, following them in the download clients, and the activity they make.

Every client call and every fetch from an indexer happens outside a database transaction: the
service reads what it needs, ends the unit of work, calls out, and records in a new one.
"""

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from media_manager.auth.models import User
from media_manager.config import Settings
from media_manager.core.database import check_no_transaction, end_transaction
from media_manager.core.filesystem import create_private_directory
from media_manager.core.jobs import attempt
from media_manager.core.schemas import Page, PageParams
from media_manager.downloads import releasefile
from media_manager.downloads.clients.base import (
    ClientError,
    ClientItem,
    ClientUnavailable,
    DownloadClient,
    DownloadStatus,
    ReleaseFile,
)
from media_manager.downloads.config import DownloadProtocol, map_client_path
from media_manager.downloads.exceptions import (
    AlreadyDownloading,
    BlocklistEntryNotFound,
    DownloadClientUnavailable,
    DownloadNotActive,
    DownloadNotFound,
    ReleaseBlocklisted,
    ReleaseFileError,
    client_error,
)
from media_manager.downloads.models import (
    ACTIVE_STATUSES,
    FINISHED_STATUSES,
    BlocklistEntry,
    Download,
)
from media_manager.downloads.registry import DownloadClients
from media_manager.downloads.repository import (
    BlocklistRepository,
    DownloadFilters,
    DownloadRepository,
)
from media_manager.downloads.schemas import BlocklistRead, DownloadRead
from media_manager.indexer.service import redact_url
from media_manager.library.items import MediaItem, MediaTarget, item_columns
from media_manager.library.media import MediaItems
from media_manager.notifications.service import ItemRef, NotifyContext, notify
from media_manager.parsing import parse_release
from media_manager.search.exceptions import SearchResultNotFound
from media_manager.search.models import SearchResult
from media_manager.search.repository import SearchResultRepository

log = logging.getLogger(__name__)

RELEASES_DIR = "releases"
T = TypeVar("T")


@dataclass(frozen=True)
class Release:
    """A release to grab, as a search (or automation's feed reading) found it."""

    title: str
    protocol: DownloadProtocol
    indexer: str | None = None
    download_url: str | None = None
    magnet_url: str | None = None
    info_hash: str | None = None
    guid: str | None = None
    info_url: str | None = None
    quality: str | None = None
    # What the search knew (size, seeders, score, flags, the parser's reading), kept as is.
    summary: dict[str, Any] = field(default_factory=dict)


class DownloadService:
    def __init__(
        self,
        session: AsyncSession,
        settings: Settings,
        http_client: httpx.AsyncClient,
        clients: DownloadClients,
        notify_context: NotifyContext | None = None,
    ) -> None:
        self.session = session
        self.settings = settings
        self.http_client = http_client
        self.clients = clients
        # Where "grabbed" notifications go from (the app state or a job); None: none are sent.
        self.notify_context = notify_context
        self.downloads = DownloadRepository(session)
        self.blocklist = BlocklistRepository(session)
        self.items = MediaItems(session)

    async def grab_result(
        self, result_id: uuid.UUID, episode_ids: list[uuid.UUID] | None, user: User | None
    ) -> DownloadRead:
        """Grab a kept search result for the season, episode or movie it was searched for
        (by a user, or by automation when `user` is None)."""
        found = await SearchResultRepository(self.session).get_unexpired(
            result_id, datetime.now(UTC)
        )
        if found is None:
            hours = self.settings.search.results_ttl_hours
            raise SearchResultNotFound(
                f"There is no search result with id {result_id}; results are kept for "
                f"{hours:g} hours, search again"
            )
        target = await self._target_of(found, episode_ids)
        grabbed_by = user.id if user is not None else None
        download = await self.grab(_release_of(found), target, grabbed_by=grabbed_by)
        await self._notify_grabbed(download)
        return await self._read(download)

    async def grab(
        self, release: Release, target: MediaTarget, *, grabbed_by: uuid.UUID | None
    ) -> Download:
        """Fetch the release once, hand it to a client and record the download.

        The one way to grab, for requests and automation alike. The session must not be inside
        `session.begin()`: units of work are ended around the slow calls.
        """
        item = await self.items.load(target)
        units = await self.items.units(target, datetime.now(UTC).date())
        await self._refuse_blocklisted(release, release.info_hash, item)
        candidates = self.clients.for_release(release.protocol, self._library_client(item))
        await end_transaction(self.session)

        fetched = await self._fetch(release)
        await self._refuse_blocklisted(release, fetched.info_hash, item)
        if fetched.info_hash and await self.downloads.active_with_hash(fetched.info_hash):
            raise AlreadyDownloading(f'"{release.title}" is being downloaded already')
        await end_transaction(self.session)

        download_id = uuid.uuid4()
        stored = await asyncio.to_thread(self._store, download_id, fetched)
        to_add = ReleaseFile(
            kind=fetched.kind,
            name=release.title,
            content=fetched.content,
            magnet=fetched.magnet,
            info_hash=fetched.info_hash,
        )
        try:
            client, client_item_id = await self._add(candidates, to_add)
        except BaseException:
            await asyncio.to_thread(self._data_path(stored).unlink, missing_ok=True)
            raise

        now = datetime.now(UTC)
        download = Download(
            id=download_id,
            client=client.name,
            client_item_id=client_item_id,
            protocol=release.protocol,
            title=release.title,
            indexer=release.indexer,
            guid=release.guid,
            info_url=release.info_url,
            info_hash=fetched.info_hash,
            quality=release.quality,
            release=release.summary,
            status=DownloadStatus.QUEUED.value,
            progress=0.0,
            kind=item.kind,
            **item_columns(item.kind, item.id),
            season_number=_season_of(units),
            grabbed_by=grabbed_by,
            grabbed_at=now,
            updated_at=now,
            progressed_at=now,
            release_file=stored,
        )
        episode_ids = [unit.id for unit in units] if item.kind == "tv" else []
        await self.downloads.add_with_episodes(download, episode_ids)
        log.info(
            "Grabbed %r from %s for %s %r with %s",
            release.title,
            release.indexer or "a link",
            item.kind,
            item.title,
            client.name,
        )
        return download

    async def _notify_grabbed(self, download: Download) -> None:
        if self.notify_context is None:
            return
        # The grab is committed first: notify() writes in a session of its own and calls out.
        await end_transaction(self.session)
        await notify(
            self.notify_context,
            "grabbed",
            f"Grabbed: {download.title}",
            f"{download.title} was grabbed from {download.indexer or 'a link'} and handed to "
            f"{download.client}",
            item=ItemRef("show" if download.kind == "tv" else "movie", _item_id(download)),
            users=[download.grabbed_by] if download.grabbed_by else (),
            key=f"grab:{download.id}",
        )

    async def page(
        self,
        which: Literal["queue", "history"],
        user: User,
        params: PageParams,
        *,
        status: str | None = None,
        show_id: uuid.UUID | None = None,
        movie_id: uuid.UUID | None = None,
        client: str | None = None,
    ) -> Page[DownloadRead]:
        """Downloads in progress (queue) or finished (history), newest grab first."""
        statuses: tuple[str, ...] = ACTIVE_STATUSES if which == "queue" else FINISHED_STATUSES
        if status is not None:
            statuses = tuple(s for s in statuses if s == status)
        filters = DownloadFilters(
            statuses=statuses,
            show_id=show_id,
            movie_id=movie_id,
            client=client,
            grabbed_by=None if user.is_superuser else user.id,
        )
        rows, total = await self.downloads.page(filters, params.offset, params.page_size)
        episodes = await self.downloads.episode_ids([row.id for row in rows])
        return Page(
            items=[_read(row, episodes[row.id]) for row in rows],
            total=total,
            page=params.page,
            page_size=params.page_size,
        )

    async def get(self, download_id: uuid.UUID, user: User) -> DownloadRead:
        return await self._read(await self._visible(download_id, user))

    async def pause(self, download_id: uuid.UUID, user: User) -> DownloadRead:
        """Pause a download in its client."""
        return await self._control(download_id, user, "pause", DownloadStatus.PAUSED)

    async def resume(self, download_id: uuid.UUID, user: User) -> DownloadRead:
        """Resume a paused download; the next poll says what it is doing."""
        return await self._control(download_id, user, "resume", DownloadStatus.QUEUED)

    async def remove(self, download_id: uuid.UUID, user: User, *, delete_data: bool) -> None:
        """Remove a download from its client (with its data when asked) and from the activity."""
        download = await self._visible(download_id, user)
        await end_transaction(self.session)
        await self._remove_from_client(download, delete_data)
        await self._forget(download)

    async def blocklist_download(
        self, download_id: uuid.UUID, user: User, *, reason: str, delete_data: bool
    ) -> BlocklistRead:
        """Never grab this release again, and remove the download."""
        download = await self._visible(download_id, user)
        await end_transaction(self.session)
        await self._remove_from_client(download, delete_data)
        entry = BlocklistEntry(
            id=uuid.uuid4(),
            title=download.title,
            guid=download.guid,
            info_hash=download.info_hash,
            indexer=download.indexer,
            protocol=download.protocol,
            reason=reason,
            kind=download.kind,
            show_id=download.show_id,
            movie_id=download.movie_id,
            added_by=user.id,
            added_at=datetime.now(UTC),
        )
        await self.blocklist.add(entry, ReleaseBlocklisted("The release is blocklisted already"))
        await self._forget(download)
        log.info("Blocklisted %r: %s", download.title, reason)
        return BlocklistRead.model_validate(entry)

    async def blocklist_page(
        self, params: PageParams, show_id: uuid.UUID | None, movie_id: uuid.UUID | None
    ) -> Page[BlocklistRead]:
        rows, total = await self.blocklist.page(show_id, movie_id, params.offset, params.page_size)
        return Page(
            items=[BlocklistRead.model_validate(row) for row in rows],
            total=total,
            page=params.page,
            page_size=params.page_size,
        )

    async def unblock(self, entry_id: uuid.UUID) -> None:
        entry = await self.blocklist.get(entry_id)
        if entry is None:
            raise BlocklistEntryNotFound(f"There is no blocklist entry with id {entry_id}")
        await self.blocklist.remove(entry)

    async def _target_of(
        self, found: SearchResult, episode_ids: list[uuid.UUID] | None
    ) -> MediaTarget:
        if found.kind == "movie":
            assert found.movie_id is not None
            return MediaTarget("movie", found.movie_id, (found.movie_id,))
        assert found.show_id is not None
        if episode_ids:
            return MediaTarget("tv", found.show_id, tuple(episode_ids))
        whole = MediaTarget("tv", found.show_id)
        adapter = self.items.adapter("tv")
        # The episodes the release name says it holds, else what was searched for.
        held = await self.items.matching(whole, parse_release(found.title))
        if not held:
            held = [
                unit
                for unit in await adapter.units(found.show_id)
                if unit.season == found.season_number
                and (found.episode_number is None or unit.episode == found.episode_number)
            ]
        return MediaTarget("tv", found.show_id, tuple(unit.id for unit in held))

    async def _refuse_blocklisted(
        self, release: Release, info_hash: str | None, item: MediaItem
    ) -> None:
        entry = await self.blocklist.matching(
            title=release.title,
            guid=release.guid,
            info_hash=info_hash,
            **item_columns(item.kind, item.id),
        )
        if entry is not None:
            raise ReleaseBlocklisted(
                f'"{release.title}" is blocklisted ({entry.reason}); remove it from the '
                "blocklist to grab it"
            )

    def _library_client(self, item: MediaItem) -> str | None:
        entries = self.settings.library.tv if item.kind == "tv" else self.settings.library.movies
        for entry in entries:
            if entry.name == item.library:
                return entry.download_client
        return None

    async def _fetch(self, release: Release) -> releasefile.FetchedRelease:
        indexer = release.indexer or "unknown"
        if release.download_url:
            fetched = await releasefile.fetch(
                self.http_client,
                release.download_url,
                indexer=indexer,
                max_bytes=self.settings.downloads.max_release_file_bytes,
            )
        elif release.magnet_url:
            fetched = releasefile.from_magnet(release.magnet_url, indexer)
        else:
            raise ReleaseFileError(f'Indexer {indexer} gave no download link for "{release.title}"')
        if (release.protocol == "usenet") != (fetched.kind == "nzb"):
            expected = "an .nzb file" if release.protocol == "usenet" else "a torrent"
            raise ReleaseFileError(
                f'Indexer {indexer} listed "{release.title}" as {release.protocol} but its link '
                f"did not give {expected}"
            )
        return fetched

    def _store(self, download_id: uuid.UUID, fetched: releasefile.FetchedRelease) -> str:
        # Named by the download's id only: release names are not safe as file names.
        folder = self.settings.data_dir / RELEASES_DIR
        create_private_directory(folder)
        relative = f"{RELEASES_DIR}/{download_id}{fetched.extension}"
        (self.settings.data_dir / relative).write_bytes(fetched.stored_bytes)
        return relative

    def _data_path(self, relative: str) -> Path:
        return self.settings.data_dir / relative

    async def _add(
        self, candidates: list[DownloadClient], release: ReleaseFile
    ) -> tuple[DownloadClient, str]:
        unavailable: list[str] = []
        for client in candidates:
            try:
                client_item_id = await _call(client, client.add(release))
            except ClientUnavailable as exc:
                # The next client of the same protocol may take it.
                self.clients.mark_down(client.name, exc.reason)
                unavailable.append(str(exc))
                continue
            except ClientError as exc:
                raise client_error(exc) from None
            self.clients.mark_up(client.name)
            return client, client_item_id
        raise DownloadClientUnavailable(
            "No download client could take the release: " + "; ".join(unavailable)
        )

    async def _visible(self, download_id: uuid.UUID, user: User) -> Download:
        download = await self.downloads.get(download_id)
        # Another user's download is reported as unknown: its existence is not theirs to know.
        if download is None or not (user.is_superuser or download.grabbed_by == user.id):
            raise DownloadNotFound(f"There is no download with id {download_id}")
        return download

    async def _control(
        self,
        download_id: uuid.UUID,
        user: User,
        action: Literal["pause", "resume"],
        status: DownloadStatus,
    ) -> DownloadRead:
        download = await self._visible(download_id, user)
        if download.status not in ACTIVE_STATUSES:
            raise DownloadNotActive(
                f'"{download.title}" is {download.status}: only downloads in the queue can be '
                f"{'paused' if action == 'pause' else 'resumed'}"
            )
        await end_transaction(self.session)
        client = self.clients.get(download.client)
        method = client.pause if action == "pause" else client.resume
        try:
            await _call(client, method([download.client_item_id]))
        except ClientError as exc:
            raise client_error(exc) from None
        download = await self._visible(download_id, user)
        download.status = status.value
        download.updated_at = datetime.now(UTC)
        await self.downloads.flush()
        return await self._read(download)

    async def _remove_from_client(self, download: Download, delete_data: bool) -> None:
        if download.status == DownloadStatus.MISSING:
            return  # the client has nothing of it any more
        client = self.clients.get(download.client)
        try:
            await _call(client, client.remove([download.client_item_id], delete_data=delete_data))
        except ClientError as exc:
            raise client_error(exc) from None
        log.info(
            "Removed %r from %s%s",
            download.title,
            client.name,
            " with its data" if delete_data else "",
        )

    async def _forget(self, download: Download) -> None:
        current = await self.downloads.get(download.id)
        if current is not None:
            await self.downloads.delete(current)
        if download.release_file:
            await asyncio.to_thread(self._data_path(download.release_file).unlink, missing_ok=True)

    async def _read(self, download: Download) -> DownloadRead:
        episodes = await self.downloads.episode_ids([download.id])
        return _read(download, episodes[download.id])


async def _call(client: DownloadClient, call: Awaitable[T]) -> T:
    """A client call that gives up after the client's timeout, as an unavailable client."""
    check_no_transaction(f"The call to download client {client.name}")
    try:
        async with asyncio.timeout(client.settings.timeout_seconds):
            return await call
    except TimeoutError:
        raise ClientUnavailable(
            client.name, f"no answer within {client.settings.timeout_seconds:g} s"
        ) from None


def _release_of(found: SearchResult) -> Release:
    result = found.result
    return Release(
        title=found.title,
        protocol="usenet" if found.protocol == "usenet" else "torrent",
        indexer=found.indexer,
        download_url=found.download_url,
        magnet_url=found.magnet_url,
        info_hash=found.info_hash.lower() if found.info_hash else None,
        guid=result.get("guid"),
        info_url=result.get("info_url"),
        quality=found.quality,
        summary={
            "size": found.size,
            "seeders": found.seeders,
            "score": found.score,
            "score_details": found.score_details,
            "flags": found.flags,
            "accepted": found.accepted,
            "reasons": found.reasons,
            "parsed": result.get("parsed"),
        },
    )


def _item_id(download: Download) -> uuid.UUID:
    item_id = download.show_id if download.kind == "tv" else download.movie_id
    assert item_id is not None  # a download is always grabbed for an item
    return item_id


def _season_of(units: list[Any]) -> int | None:
    seasons = {unit.season for unit in units if unit.season is not None}
    return seasons.pop() if len(seasons) == 1 else None


def _read(download: Download, episode_ids: list[uuid.UUID]) -> DownloadRead:
    return DownloadRead(
        id=download.id,
        client=download.client,
        client_item_id=download.client_item_id,
        protocol=download.protocol,  # type: ignore[arg-type]
        title=download.title,
        indexer=download.indexer,
        info_url=redact_url(download.info_url) if download.info_url else None,
        info_hash=download.info_hash,
        quality=download.quality,
        status=download.status,  # type: ignore[arg-type]
        progress=download.progress,
        size=download.size,
        downloaded=download.downloaded,
        download_speed=download.download_speed,
        upload_speed=download.upload_speed,
        eta_seconds=download.eta_seconds,
        ratio=download.ratio,
        content_path=download.content_path,
        local_path=download.local_path,
        error=download.error,
        kind=download.kind,  # type: ignore[arg-type]
        show_id=download.show_id,
        movie_id=download.movie_id,
        season_number=download.season_number,
        episode_ids=episode_ids,
        grabbed_by=download.grabbed_by,
        grabbed_at=download.grabbed_at,
        completed_at=download.completed_at,
        updated_at=download.updated_at,
    )


@dataclass
class PollReport:
    """What one tick did, for logs and tests."""

    clients_polled: list[str] = field(default_factory=list)
    clients_down: list[str] = field(default_factory=list)
    updated: int = 0
    missing: int = 0
    failed: int = 0
    # Downloads that became completed in this tick.
    completed: list[uuid.UUID] = field(default_factory=list)
    # Downloads that became failed in this tick.
    failed_ids: list[uuid.UUID] = field(default_factory=list)
    # Completed downloads the clients still hold (seeding, or kept in a usenet history).
    finished: list["FinishedItem"] = field(default_factory=list)


@dataclass(frozen=True)
class FinishedItem:
    """A completed download as its client listed it in this tick."""

    download_id: uuid.UUID
    client: str
    client_item_id: str
    protocol: str
    ratio: float | None
    seeding_seconds: int | None


# Work run after a tick's units of work, outside any transaction (importing completed downloads).
PollHook = Callable[[PollReport], Awaitable[None]]
FailedHook = Callable[[list[uuid.UUID]], Awaitable[object]]


class DownloadPoller:
    """One bulk `items()` call per enabled client per tick; each client's rows in one short
    unit of work. Running twice at once is harmless: both write what the clients reported."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: Settings,
        clients: DownloadClients,
        hooks: Sequence[PollHook] = (),
        notify_context: NotifyContext | None = None,
        *,
        on_failed: FailedHook | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.clients = clients
        self.hooks = hooks
        # Where download_failed notifications go from (a JobContext); None: none are sent.
        self.notify_context = notify_context
        # Called after the tick's writes with the downloads that failed in it (automation).
        self.on_failed = on_failed

    async def poll(self) -> PollReport:
        report = PollReport()
        enabled = self.clients.enabled()
        listings = await asyncio.gather(
            *(self._items(c.name) for c in enabled), return_exceptions=True
        )
        for client_settings, listing in zip(enabled, listings, strict=True):
            name = client_settings.name
            if isinstance(listing, BaseException):
                if not isinstance(listing, ClientError):
                    log.error(
                        "Polling download client %s failed unexpectedly",
                        name,
                        exc_info=listing,
                    )
                self.clients.mark_down(name, getattr(listing, "reason", str(listing)))
                report.clients_down.append(name)
                continue
            self.clients.mark_up(name)
            report.clients_polled.append(name)
            await self._record(name, listing, report)
        if self.on_failed is not None and report.failed_ids:
            await attempt(self.on_failed(report.failed_ids), "Handling failed downloads", log)
        for hook in self.hooks:
            await hook(report)
        return report

    async def _items(self, name: str) -> list[ClientItem]:
        client = self.clients.get(name)
        return await _call(client, client.items())

    async def _record(self, name: str, listing: list[ClientItem], report: PollReport) -> None:
        client_settings = self.clients.settings_of(name)
        assert client_settings is not None
        by_id = {item.id.lower(): item for item in listing}
        now = datetime.now(UTC)
        stall_limit = self.settings.downloads.stalled_failure_minutes
        failed_now: list[Download] = []
        async with self.sessionmaker() as session, session.begin():
            for download in await DownloadRepository(session).followed(name):
                item = by_id.get(download.client_item_id.lower())
                if item is None:
                    if download.status in ACTIVE_STATUSES:
                        download.status = DownloadStatus.MISSING.value
                        download.error = f"{name} no longer lists this download (removed there?)"
                        download.download_speed = download.upload_speed = download.eta_seconds = 0
                        download.updated_at = now
                        report.missing += 1
                    continue
                was_completed = download.status == DownloadStatus.COMPLETED
                was_failed = download.status == DownloadStatus.FAILED
                _apply(download, item, client_settings.path_mappings, now)
                if download.status == DownloadStatus.COMPLETED:
                    if not was_completed:
                        report.completed.append(download.id)
                    report.finished.append(
                        FinishedItem(
                            download.id,
                            name,
                            download.client_item_id,
                            download.protocol,
                            item.ratio,
                            item.seeding_seconds,
                        )
                    )
                if (
                    stall_limit
                    and download.protocol == "torrent"
                    and download.status in ("stalled", "downloading")
                    and now - download.progressed_at > timedelta(minutes=stall_limit)
                ):
                    download.status = DownloadStatus.FAILED.value
                    download.error = (
                        f"No progress for more than {stall_limit} minutes "
                        "(downloads.stalled_failure_minutes)"
                    )
                    download.updated_at = now
                if download.status == DownloadStatus.FAILED:
                    report.failed += 1
                    if not was_failed:
                        # Once, when it fails: a failed download stays listed tick after tick.
                        log.warning("Download %r failed: %s", download.title, download.error)
                        report.failed_ids.append(download.id)
                        failed_now.append(download)
                if download.updated_at == now:
                    report.updated += 1
        # After the commit: notifying calls out to Apprise.
        for download in failed_now:
            await self._notify_failed(name, download)

    async def _notify_failed(self, client: str, download: Download) -> None:
        if self.notify_context is None:
            return
        await notify(
            self.notify_context,
            "download_failed",
            f"Download failed: {download.title}",
            f"{download.title} failed in {client}: {download.error}",
            item=ItemRef("download", download.id),
            users=[download.grabbed_by] if download.grabbed_by else (),
            key=f"download:{download.id}",
        )


def _apply(download: Download, item: ClientItem, mappings: list[Any], now: datetime) -> None:
    if (item.downloaded_bytes or 0) > (
        download.downloaded or 0
    ) or item.progress > download.progress:
        download.progressed_at = now
    before = _state(download)
    download.status = item.status.value
    download.progress = item.progress
    download.size = item.size_bytes if item.size_bytes is not None else download.size
    download.downloaded = item.downloaded_bytes
    download.download_speed = item.download_speed
    download.upload_speed = item.upload_speed
    download.eta_seconds = item.eta_seconds
    download.ratio = item.ratio
    if item.content_path:
        download.content_path = item.content_path
        download.local_path = map_client_path(item.content_path, mappings)
    if item.status == DownloadStatus.FAILED:
        download.error = item.error or "the client reports the download as failed"
    elif item.status == DownloadStatus.COMPLETED and download.completed_at is None:
        download.completed_at = now
    # Unchanged rows are not written at all: a tick over 1,000 idle downloads updates none.
    if _state(download) != before:
        download.updated_at = now


def _state(download: Download) -> tuple[Any, ...]:
    return tuple(getattr(download, name) for name in _POLLED_FIELDS)


_POLLED_FIELDS = (
    "status",
    "progress",
    "size",
    "downloaded",
    "download_speed",
    "upload_speed",
    "eta_seconds",
    "ratio",
    "content_path",
    "local_path",
    "error",
    "completed_at",
)
