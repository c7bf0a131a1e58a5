"""Automatic searches and grabs: wanted lists, search now, scheduled searches, RSS sync, failed
downloads. Searching, judging and grabbing are the search and downloads domains' own code;
this module decides what to search, picks the best accepted release and records why.

Sessions: every method runs on a session that is not inside `session.begin()` (a request's,
or one a job opened); searches and grabs end the unit of work around their slow calls.
"""

import asyncio
import logging
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.auth.models import User
from media_manager.automation.models import AutomationDecision
from media_manager.automation.repository import (
    Cutoffs,
    DecisionFilters,
    DecisionRepository,
    SearchStateRepository,
    WantedFilters,
    WantedRepository,
    WantedSort,
    WantedUnit,
)
from media_manager.automation.schemas import (
    DecisionRead,
    IndexerHealthRead,
    SearchNowResult,
    WantedRead,
    WantedSearchRequest,
)
from media_manager.config import Settings
from media_manager.core.database import end_transaction
from media_manager.core.errors import AppError
from media_manager.core.schemas import Page, PageParams
from media_manager.downloads.clients.base import ClientError
from media_manager.downloads.exceptions import (
    DownloadClientUnavailable,
    NoDownloadClient,
    ReleaseBlocklisted,
)
from media_manager.downloads.models import BlocklistEntry
from media_manager.downloads.registry import DownloadClients
from media_manager.downloads.repository import BlocklistRepository, DownloadRepository
from media_manager.downloads.service import DownloadService
from media_manager.indexer.schemas import IndexerResult, IndexerStatus
from media_manager.indexer.service import IndexerService, IndexerState
from media_manager.library.items import MediaKind, item_columns
from media_manager.notifications.service import NotifyContext
from media_manager.parsing import normalize_title, titles_match
from media_manager.profiles.service import ProfileService
from media_manager.search.decisions import (
    AbsoluteNumbering,
    reads_absolute,
    seasons_and_episodes,
)
from media_manager.search.schemas import SearchResultRead, TorrentSearchResponse
from media_manager.search.service import SearchService
from media_manager.tv.exceptions import EpisodeNotFound, SeasonNotFound

log = logging.getLogger(__name__)

# Accepted releases tried per target before giving up (each try may fetch a .torrent).
MAX_GRAB_ATTEMPTS = 5
# What a decision keeps of the results it did not take.
DETAIL_ROWS = 5
# Most units one job tick or one "search now" plans at once.
MAX_UNITS = 5000
# The client errors that end a target's attempts: no other release would fare better.
STOPPING = (DownloadClientUnavailable, NoDownloadClient)


@dataclass(frozen=True)
class Target:
    """One search: a movie, an episode, or a whole season (its pack preferred)."""

    kind: MediaKind
    item_id: uuid.UUID
    title: str
    year: int | None
    units: tuple[WantedUnit, ...]
    season: int | None = None
    episode: int | None = None
    # The quality of the file present when this is an upgrade search.
    upgrade_from: str | None = None
    # Every season of a pack spanning seasons (RSS); `season` is the first of them.
    seasons: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "movie":
            return f"{self.title} ({self.year})" if self.year else self.title
        if len(self.seasons) > 1:
            return f"{self.title} seasons {', '.join(str(s) for s in self.seasons)}"
        if self.episode is None:
            return f"{self.title} season {self.season}"
        return f"{self.title} S{self.season:02d}E{self.episode:02d}"


@dataclass
class RssReport:
    """What one RSS tick did, with its phases timed (seconds)."""

    items: int = 0
    matched: int = 0
    targets: int = 0
    grabbed: int = 0
    indexers_failed: list[str] = field(default_factory=list)
    fetch_seconds: float = 0.0
    decide_seconds: float = 0.0
    grab_seconds: float = 0.0


class AutomationService:
    def __init__(
        self,
        session: AsyncSession,
        settings: Settings,
        http_client: httpx.AsyncClient,
        clients: DownloadClients,
        indexer_state: IndexerState,
        notify_context: NotifyContext | None = None,
    ) -> None:
        self.session = session
        self.settings = settings
        self.clients = clients
        # Failures are stored (a restart keeps backing off) in sessions of their own.
        self.indexers = IndexerService(
            http_client,
            settings.indexer,
            indexer_state,
            sessionmaker=notify_context.sessionmaker if notify_context else None,
        )
        self.search = SearchService(session, settings, self.indexers)
        self.downloads = DownloadService(
            session, settings, http_client, clients, notify_context=notify_context
        )
        self.wanted = WantedRepository(session)
        self.state = SearchStateRepository(session)
        self.decisions = DecisionRepository(session)

    # Lists

    async def missing(
        self, filters: WantedFilters, sort: WantedSort, descending: bool, params: PageParams
    ) -> Page[WantedRead]:
        """Monitored episodes that aired and movies that are out, without a file."""
        rows, total = await self.wanted.page(
            _today(), filters, sort, descending, params.offset, params.page_size
        )
        return _page(rows, total, params)

    async def cutoff_unmet(
        self, filters: WantedFilters, sort: WantedSort, descending: bool, params: PageParams
    ) -> Page[WantedRead]:
        """Units whose file is below their profile's cutoff: upgrades are wanted."""
        cutoffs = await self._cutoffs()
        rows, total = await self.wanted.page(
            _today(), filters, sort, descending, params.offset, params.page_size, cutoffs
        )
        return _page(rows, total, params)

    async def decision_page(
        self, filters: DecisionFilters, params: PageParams
    ) -> Page[DecisionRead]:
        rows, total = await self.decisions.page(filters, params.offset, params.page_size)
        return Page(
            items=[DecisionRead.model_validate(row) for row in rows],
            total=total,
            page=params.page,
            page_size=params.page_size,
        )

    async def indexer_health(self) -> list[IndexerHealthRead]:
        """Every indexer's failures in a row and how long automation leaves it alone."""
        pace = self.settings.automation.pace
        return [
            IndexerHealthRead(
                name=name,
                failures=health.failures,
                last_error=health.last_error,
                failed_at=health.failed_at,
                backing_off_until=health.retry_at(pace),
            )
            for name, health in sorted((await self.indexers.health()).items())
        ]

    async def request_searches(self, request: WantedSearchRequest, user: User) -> int:
        """Queue searches of wanted units for the automation.search_wanted job."""
        cutoffs = await self._cutoffs() if request.which == "cutoff" else None
        ids = None if request.all else request.unit_ids
        units = await self.wanted.to_search(_today(), limit=10**9, cutoffs=cutoffs, unit_ids=ids)
        await self.state.request(((u.kind, u.unit_id) for u in units), user.id, _now())
        return len(units)

    # Search now

    async def search_now(
        self,
        kind: MediaKind,
        item_id: uuid.UUID,
        user: User,
        *,
        season: int | None = None,
        episode_id: uuid.UUID | None = None,
    ) -> SearchNowResult:
        """Search what a show, season, episode or movie is missing and grab the best."""
        # The item must exist: its adapter raises the kind's not-found error.
        item = await self.downloads.items.adapter(kind).load(item_id)
        units = await self.downloads.items.adapter(kind).units(item_id)
        if season is not None and not any(u.season == season for u in units):
            raise SeasonNotFound(f'"{item.title}" has no season {season}')
        if episode_id is not None and not any(u.id == episode_id for u in units):
            raise EpisodeNotFound(f'"{item.title}" has no episode with id {episode_id}')
        chosen = [
            u.id
            for u in units
            if (season is None or u.season == season) and (episode_id in (None, u.id))
        ]
        wanted = await self.wanted.to_search(_today(), MAX_UNITS, unit_ids=chosen)
        upgrades = await self.wanted.to_search(
            _today(), MAX_UNITS, cutoffs=await self._cutoffs(), unit_ids=chosen
        )
        targets = await self.plan(wanted) + await self.plan(upgrades)
        if not targets:
            decision = self._decision(
                "search_now",
                _whole(kind, item_id, item.title, item.year, season),
                "skipped",
                "Nothing to search: every monitored unit that is out has a file meeting the "
                "cutoff, is being downloaded, or is not monitored",
                requested_by=user.id,
            )
            await self.decisions.add_all([decision])
            return SearchNowResult(grabbed=0, decisions=[DecisionRead.model_validate(decision)])
        decisions = await self.run_targets(targets, "search_now", user.id)
        return SearchNowResult(
            grabbed=sum(d.outcome == "grabbed" for d in decisions),
            decisions=[DecisionRead.model_validate(d) for d in decisions],
        )

    # Jobs

    async def search_new(self) -> list[AutomationDecision]:
        """Search units that came out recently and were never searched."""
        since = _today() - timedelta(days=self.settings.automation.new_window_days)
        units = await self.wanted.to_search(
            self._out_by(), MAX_UNITS, aired_since=since, never_searched=True
        )
        return await self.run_targets(await self.plan(units), "new")

    async def sweep(self) -> list[AutomationDecision]:
        """Search a few older wanted units, least recently searched first; upgrades after."""
        automation = self.settings.automation
        if not automation.sweep_size:
            return []
        before = _now() - timedelta(hours=automation.sweep_every_hours)
        units = await self.wanted.to_search(
            self._out_by(), automation.sweep_size, searched_before=before
        )
        decisions = await self.run_targets(await self.plan(units), "sweep")
        room = automation.sweep_size - len(units)
        if room > 0:
            upgrades = await self.wanted.to_search(
                _today(), room, cutoffs=await self._cutoffs(), searched_before=before
            )
            decisions += await self.run_targets(await self.plan(upgrades), "upgrade")
        return decisions

    def _out_by(self) -> date:
        """Air dates searched automatically: an episode airs at the start of its air date
        (UTC) and is searched search_after_air_hours later."""
        delay = timedelta(hours=self.settings.automation.search_after_air_hours)
        return (_now() - delay).date()

    async def search_requested(self, batch: int) -> tuple[int, int]:
        """Search the oldest queued units (POST /wanted/search); returns (done, left)."""
        requested = await self.state.requested(batch)
        if not requested:
            return 0, 0
        ids = [unit_id for unit_id, _ in requested]
        who = {unit_id: user for unit_id, user in requested}
        await self.state.clear_requests(ids)
        missing = await self.wanted.to_search(_today(), batch, unit_ids=ids)
        upgrades = await self.wanted.to_search(
            _today(), batch, cutoffs=await self._cutoffs(), unit_ids=ids
        )
        for units in (missing, upgrades):
            by_user: dict[uuid.UUID | None, list[WantedUnit]] = defaultdict(list)
            for unit in units:
                by_user[who.get(unit.unit_id)].append(unit)
            for user_id, theirs in by_user.items():
                await self.run_targets(await self.plan(theirs), "wanted", user_id)
        left = await self.state.count_requested()
        return len(ids), left

    async def handle_failed(self, download_ids: Sequence[uuid.UUID]) -> list[AutomationDecision]:
        """Blocklist failed downloads, remove them from their client if set, search again."""
        handled = await self.decisions.handled_downloads(download_ids)
        repository = DownloadRepository(self.session)
        decisions: list[AutomationDecision] = []
        for download_id in download_ids:
            download = await repository.get(download_id)
            if download_id in handled or download is None or download.status != "failed":
                continue
            reason = download.error or "the download failed"
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
                added_by=None,
                added_at=_now(),
            )
            blocklist = BlocklistRepository(self.session)
            if (
                await blocklist.matching(
                    title=entry.title,
                    guid=entry.guid,
                    info_hash=entry.info_hash,
                    show_id=entry.show_id,
                    movie_id=entry.movie_id,
                )
                is None
            ):
                await blocklist.add(entry, ReleaseBlocklisted("blocklisted already"))
            episode_ids = (await repository.episode_ids([download_id]))[download_id]
            kind: MediaKind = "tv" if download.kind == "tv" else "movie"
            item_id = download.item_id
            message = f"Download failed ({reason}); the release is blocklisted"
            if self.settings.automation.remove_failed_from_client:
                await end_transaction(self.session)
                message += await self._remove_from_client(download.client, download.client_item_id)
            decision = AutomationDecision(
                id=uuid.uuid4(),
                created_at=_now(),
                trigger="failed_download",
                outcome="blocklisted",
                kind=kind,
                show_id=download.show_id,
                movie_id=download.movie_id,
                season_number=download.season_number,
                subject=download.title,
                message=message,
                release_title=download.title,
                indexer=download.indexer,
                download_id=download.id,
                details={},
            )
            await self.decisions.add_all([decision])
            decisions.append(decision)
            log.info("Failed download %r blocklisted: %s", download.title, reason)
            if item_id is None:
                continue  # the show or movie was deleted meanwhile
            unit_ids = episode_ids if kind == "tv" else [item_id]
            # Still monitored and still missing: search again, the blocklist keeps it away.
            units = await self.wanted.to_search(_today(), MAX_UNITS, unit_ids=unit_ids)
            decisions += await self.run_targets(await self.plan(units), "failed_download")
        return decisions

    async def rss_sync(self, limit: int = 100) -> RssReport:
        """Read every indexer's recent releases once and grab those that are wanted."""
        report = RssReport()
        started = time.perf_counter()
        await end_transaction(self.session)
        response = await self.indexers.recent(self.settings.automation.pace, limit)
        report.indexers_failed = [s.name for s in response.indexers if not s.ok]
        decided = time.perf_counter()
        report.fetch_seconds = decided - started
        judged = await self._rss_decide(response.results, report)
        grabbing = time.perf_counter()
        report.decide_seconds = grabbing - decided
        decisions: list[AutomationDecision] = []
        taken: set[uuid.UUID] = set()
        # The release covering most wanted units first: a pack spanning seasons, then season
        # packs, then episodes; a target an earlier grab of this tick covers is left out.
        for target, found in sorted(judged, key=lambda pair: -len(pair[0].units)):
            unit_ids = {unit.unit_id for unit in target.units}
            if unit_ids & taken:
                continue
            decision = await self._grab_best(target, found, "rss", None)
            decisions.append(decision)
            if decision.outcome == "grabbed":
                taken |= unit_ids
        await self.decisions.add_all(decisions)
        report.grabbed = sum(d.outcome == "grabbed" for d in decisions)
        report.grab_seconds = time.perf_counter() - grabbing
        log.info(
            "RSS sync: %d releases, %d for wanted items, %d grabbed (fetch %.2f s, decide "
            "%.2f s, grab %.2f s)%s",
            report.items,
            report.matched,
            report.grabbed,
            report.fetch_seconds,
            report.decide_seconds,
            report.grab_seconds,
            f"; failing: {', '.join(report.indexers_failed)}" if report.indexers_failed else "",
        )
        return report

    async def purge_decisions(self) -> int:
        before = _now() - timedelta(days=self.settings.automation.decisions_keep_days)
        return await self.decisions.delete_older(before)

    # Planning and grabbing

    async def plan(self, units: Sequence[WantedUnit]) -> list[Target]:
        """Targets for these units: a season when all of it is wanted, else one per unit."""
        targets: list[Target] = []
        seasons: dict[tuple[uuid.UUID, int], list[WantedUnit]] = defaultdict(list)
        for unit in units:
            if unit.kind == "tv" and unit.current_quality is None and unit.season is not None:
                seasons[(unit.item_id, unit.season)].append(unit)
            else:
                targets.append(_unit_target(unit))
        counts = await self.wanted.season_counts(_today(), seasons)
        for key, members in seasons.items():
            total, missing = counts.get(key, (0, 0))
            # Every episode of the season aired and is missing: one search, a pack preferred.
            if total > 1 and missing == total:
                first = members[0]
                targets.append(
                    Target(
                        "tv", first.item_id, first.title, first.year, tuple(members), first.season
                    )
                )
            else:
                targets.extend(_unit_target(unit) for unit in members)
        return targets

    async def run_targets(
        self, targets: Sequence[Target], trigger: str, user_id: uuid.UUID | None = None
    ) -> list[AutomationDecision]:
        """Search each target, grab its best accepted release, record every decision."""
        decisions = []
        for target in targets:
            decision = await self._search_and_grab(target, trigger, user_id)
            await self.state.searched(((u.kind, u.unit_id) for u in target.units), _now())
            await self.decisions.add_all([decision])
            decisions.append(decision)
        return decisions

    async def _search_and_grab(
        self, target: Target, trigger: str, user_id: uuid.UUID | None
    ) -> AutomationDecision:
        pace = self.settings.automation.pace
        try:
            if target.kind == "movie":
                response = await self.search.search_movie(
                    target.item_id,
                    None,
                    include_download_links=True,
                    pace=pace,
                    existing_quality=target.upgrade_from,
                )
            else:
                assert target.season is not None
                whole = None
                if target.episode is None:
                    whole = (
                        await self.wanted.whole_seasons_wanted(_today(), [target.item_id])
                    ).get(target.item_id, frozenset())
                    if target.season not in whole:
                        # Planned wholly missing; an earlier target of this run grabbed some
                        # of it (a pack spanning seasons).
                        return self._decision(
                            trigger,
                            target,
                            "skipped",
                            "Part of the season is being downloaded already",
                            user_id,
                        )
                response = await self.search.search_show(
                    target.item_id,
                    target.season,
                    target.episode,
                    None,
                    include_download_links=True,
                    pace=pace,
                    existing_quality=target.upgrade_from,
                    whole_seasons_wanted=whole,
                )
        except AppError as exc:
            log.warning("Automatic search for %s failed: %s", target.label, exc.message)
            return self._decision(
                trigger, target, "failed", f"The search failed: {exc.message}", user_id
            )
        return await self._grab_best(target, response, trigger, user_id)

    async def _grab_best(
        self,
        target: Target,
        response: TorrentSearchResponse,
        trigger: str,
        user_id: uuid.UUID | None,
    ) -> AutomationDecision:
        accepted = [r for r in response.results if r.accepted]
        details: dict[str, Any] = {
            "profile": response.profile,
            "results": len(response.results),
            "accepted": len(accepted),
            "rejected": [_rejected(r) for r in response.results if not r.accepted][:DETAIL_ROWS],
            "indexers": [_indexer(s) for s in response.indexers if not s.ok],
            "skipped": [],
        }
        if not accepted:
            failing = "; ".join(f"{s.name}: {s.error}" for s in response.indexers if not s.ok)
            message = (
                f"No acceptable release among {len(response.results)} results "
                f"(profile {response.profile})"
            )
            if failing:
                message += f"; indexers failing: {failing}"
            return self._decision(trigger, target, "nothing", message, user_id, details=details)
        for result in accepted[:MAX_GRAB_ATTEMPTS]:
            try:
                download = await self.downloads.grab_result(result.id, None, None)
            except STOPPING as exc:
                details["skipped"].append({"title": result.title, "reason": exc.message})
                return self._decision(
                    trigger,
                    target,
                    "failed",
                    f'Could not hand "{result.title}" to a download client: {exc.message}',
                    user_id,
                    details=details,
                )
            except AppError as exc:
                # Blocklisted, being downloaded already, a broken link: the next one may do.
                details["skipped"].append({"title": result.title, "reason": exc.message})
                continue
            log.info("Automation grabbed %r for %s (%s)", result.title, target.label, trigger)
            return self._decision(
                trigger,
                target,
                "grabbed",
                _why_grabbed(result, len(accepted)),
                user_id,
                details=details,
                release=result,
                download_id=download.id,
            )
        return self._decision(
            trigger,
            target,
            "skipped",
            f"{len(accepted)} acceptable release(s), none could be grabbed (see skipped)",
            user_id,
            details=details,
        )

    def _decision(
        self,
        trigger: str,
        target: Target,
        outcome: str,
        message: str,
        requested_by: uuid.UUID | None = None,
        *,
        details: dict[str, Any] | None = None,
        release: SearchResultRead | None = None,
        download_id: uuid.UUID | None = None,
    ) -> AutomationDecision:
        return AutomationDecision(
            id=uuid.uuid4(),
            created_at=_now(),
            trigger=trigger,
            outcome=outcome,
            kind=target.kind,
            **item_columns(target.kind, target.item_id),
            season_number=target.season,
            episode_number=target.episode,
            subject=target.label,
            message=message,
            release_title=release.title if release else None,
            indexer=release.indexer if release else None,
            download_id=download_id,
            requested_by=requested_by,
            details=details or {},
        )

    async def _cutoffs(self) -> Cutoffs:
        """For each profile named by shows or movies, the qualities meeting its cutoff."""
        profiles = ProfileService(self.session, self.settings)
        cutoffs: dict[MediaKind, dict[str, list[str]]] = {"tv": {}, "movie": {}}
        for kind, name in await self.wanted.profile_names():
            try:
                profile = await profiles.resolve(name, "tv" if kind == "tv" else "movies")
            except AppError:
                continue  # no usable profile: nothing to compare with
            if profile.cutoff is not None and profile.cutoff in profile.qualities:
                position = profile.qualities.index(profile.cutoff)
                cutoffs[kind][name] = profile.qualities[: position + 1]
        return cutoffs

    async def _remove_from_client(self, client_name: str, item_id: str) -> str:
        try:
            client = self.clients.get(client_name)
            async with asyncio.timeout(client.settings.timeout_seconds):
                await client.remove([item_id], delete_data=True)
        except (ClientError, TimeoutError, AppError) as exc:
            log.warning("Could not remove a failed download from %s: %s", client_name, exc)
            return f"; removing it from {client_name} failed ({exc})"
        return f" and removed from {client_name}"

    async def _rss_decide(
        self, results: Sequence[IndexerResult], report: RssReport
    ) -> list[tuple[Target, TorrentSearchResponse]]:
        """Match feed items to wanted units and judge them: the decide phase of RSS sync."""
        seen: set[tuple[str, str]] = set()
        unique = []
        for result in results:
            key = (result.indexer, result.guid or result.title)
            if key not in seen:
                seen.add(key)
                unique.append(result)
        report.items = len(unique)
        catalogue: dict[tuple[MediaKind, str], list[tuple[uuid.UUID, str, list[str]]]] = (
            defaultdict(list)
        )
        for item_kind, item_id, title, _year, alternates in await self.wanted.monitored_titles():
            for name in (title, *alternates):
                catalogue[(item_kind, _key(name))].append((item_id, title, alternates))
        by_item: dict[tuple[MediaKind, uuid.UUID], list[IndexerResult]] = defaultdict(list)
        for result in unique:
            reading = result.parsed
            if reading is None:
                continue
            kind: MediaKind = (
                "tv"
                if reading.seasons
                or reading.episodes
                or reading.air_date
                or reading.absolute_episodes
                else "movie"
            )
            matched: set[uuid.UUID] = set()
            for name in (reading.title, *reading.alternative_titles):
                for item_id, title, alternates in catalogue.get((kind, _key(name)), ()):
                    if item_id not in matched and titles_match(name, title, alternates):
                        matched.add(item_id)
                        by_item[(kind, item_id)].append(result)
        if not by_item:
            return []
        units = await self.wanted.to_search(
            _today(), MAX_UNITS, item_ids=[item_id for _, item_id in by_item]
        )
        wanted_by_item: dict[uuid.UUID, list[WantedUnit]] = defaultdict(list)
        for unit in units:
            wanted_by_item[unit.item_id].append(unit)
        # Packs are for seasons wholly wanted: counted only for shows where a pack showed up.
        whole = await self.wanted.whole_seasons_wanted(
            _today(),
            {
                item_id
                for (kind, item_id), found in by_item.items()
                if kind == "tv" and any(_may_be_pack(result) for result in found)
            },
        )
        # Anime numbering is read only for shows with a release numbered that way.
        numbered = [
            item_id
            for (kind, item_id), found in by_item.items()
            if kind == "tv" and any(reads_absolute(result.parsed) for result in found)
        ]
        numberings = {
            item_id: AbsoluteNumbering(tuple(episodes))
            for item_id, episodes in (
                await self.search.library.regular_episodes_of(numbered)
            ).items()
        }
        targets: dict[Any, Target] = {}
        grouped: dict[Any, list[IndexerResult]] = defaultdict(list)
        for (kind, item_id), found in by_item.items():
            for result in found:
                target = _rss_target(
                    result,
                    kind,
                    wanted_by_item[item_id],
                    whole.get(item_id, frozenset()),
                    numberings.get(item_id),
                )
                if target is not None:
                    key = _target_key(target)
                    targets.setdefault(key, target)
                    grouped[key].append(result)
                    report.matched += 1
        show_ids = list({t.item_id for t in targets.values() if t.kind == "tv"})
        dated = {
            item_id
            for (kind, item_id), found in by_item.items()
            if kind == "tv"
            and any(r.parsed and r.parsed.air_date and not r.parsed.seasons for r in found)
        }
        plans = await self.search.show_plans(show_ids, dated) if show_ids else {}
        judged = []
        for key, found in grouped.items():
            target = targets[key]
            if target.kind == "movie":
                plan = await self.search.movie_plan(target.item_id, None, target.upgrade_from)
            else:
                assert target.season is not None
                plan = plans[target.item_id].for_numbers(
                    target.season,
                    target.episode,
                    # Season targets are planned only when every episode of it is wanted.
                    whole_season=target.episode is None,
                    existing_quality=target.upgrade_from,
                    whole_seasons_wanted=(
                        whole.get(target.item_id, frozenset()) if target.episode is None else None
                    ),
                )
                numbering = numberings.get(target.item_id)
                if numbering is not None:
                    # Read above for all shows at once, not again by each judgement.
                    wanted = replace(plan.wanted, absolute_numbering=numbering)
                    plan = replace(plan, wanted=wanted, regular_episodes=None)
            judged.append((target, await self.search.judge(plan, found)))
        report.targets = len(judged)
        return judged


def _may_be_pack(result: IndexerResult) -> bool:
    reading = result.parsed
    return bool(reading and not reading.episodes and (reading.seasons or reading.absolute_episodes))


def _rss_target(
    result: IndexerResult,
    kind: MediaKind,
    wanted: list[WantedUnit],
    whole: frozenset[int],
    numbering: AbsoluteNumbering | None,
) -> Target | None:
    """The target a feed item is for, or None when it holds nothing wanted.

    `whole`: the show's seasons wholly wanted (every episode out and missing); packs are taken
    only for those. `numbering`: the show's absolute numbering, for anime-numbered releases.
    """
    if kind == "movie":
        return _unit_target(wanted[0]) if wanted else None
    reading = result.parsed
    assert reading is not None
    if reads_absolute(reading):
        if numbering is None:
            return None
        mapped = numbering.lookup(sorted(set(reading.absolute_episodes)))
        if not mapped:
            return None  # numbers beyond the episodes the library knows
        seasons, episodes = seasons_and_episodes(mapped, numbering)
        if not episodes and (len(seasons) == 1 or _spans_whole_seasons(mapped, numbering)):
            target = _pack_target(wanted, seasons, whole)
            if target is not None:
                return target
        held_numbers = set(mapped)
        held = [u for u in wanted if (u.season, u.episode) in held_numbers]
    elif reading.episodes:
        seasons = tuple(reading.seasons) or (1,)
        held = [u for u in wanted if u.season in seasons and u.episode in reading.episodes]
    elif reading.seasons:
        return _pack_target(wanted, tuple(reading.seasons), whole)
    elif reading.air_date is not None:
        held = [u for u in wanted if u.air_date == reading.air_date]
    else:
        return None  # "Complete Series" without season numbers: left to searches
    return _unit_target(held[0]) if held else None


def _pack_target(
    wanted: list[WantedUnit], seasons: Sequence[int], whole: frozenset[int]
) -> Target | None:
    """A pack of one or more seasons, when every one of them is wholly wanted; a pack of a
    season partly present is left to searches."""
    if not seasons or any(season not in whole for season in seasons):
        return None
    members = tuple(u for u in wanted if u.season in seasons and u.current_quality is None)
    if not members:
        return None
    first = members[0]
    spanning = tuple(seasons) if len(seasons) > 1 else ()
    return Target(
        "tv", first.item_id, first.title, first.year, members, min(seasons), seasons=spanning
    )


def _spans_whole_seasons(mapped: Sequence[tuple[int, int]], numbering: AbsoluteNumbering) -> bool:
    """Whether an anime batch holds every episode of each season it touches."""
    held = Counter(season for season, _ in mapped)
    return all(count == numbering.season_size(season) for season, count in held.items())


def _target_key(target: Target) -> Any:
    """A movie's or an episode's own id; (show id, season, seasons) for whole seasons."""
    if target.kind == "tv" and target.episode is None:
        return (target.item_id, target.season, target.seasons)
    return target.units[0].unit_id


def _key(title: str) -> str:
    return normalize_title(title).replace(" ", "")


def _unit_target(unit: WantedUnit) -> Target:
    return Target(
        unit.kind,
        unit.item_id,
        unit.title,
        unit.year,
        (unit,),
        unit.season,
        unit.episode,
        unit.current_quality,
    )


def _whole(
    kind: MediaKind, item_id: uuid.UUID, title: str, year: int | None, season: int | None
) -> Target:
    return Target(kind, item_id, title, year, (), season)


def _why_grabbed(result: SearchResultRead, accepted: int) -> str:
    parts = [f"Best of {accepted} acceptable release(s): {result.quality_label}"]
    if result.score:
        parts.append(f"score {result.score:+d} ({', '.join(result.score_details)})")
    if result.seeders is not None:
        parts.append(f"{result.seeders} seeders")
    return ", ".join(parts)


def _rejected(result: SearchResultRead) -> dict[str, Any]:
    return {"title": result.title, "indexer": result.indexer, "reasons": result.reasons}


def _indexer(status: IndexerStatus) -> dict[str, Any]:
    return {"name": status.name, "ok": status.ok, "error": status.error}


def _page(rows: list[WantedUnit], total: int, params: PageParams) -> Page[WantedRead]:
    return Page(
        items=[
            WantedRead(
                kind=row.kind,
                unit_id=row.unit_id,
                item_id=row.item_id,
                title=row.title,
                year=row.year,
                season_number=row.season,
                episode_number=row.episode,
                episode_title=row.unit_title,
                air_date=row.air_date,
                last_searched_at=row.last_searched_at,
                current_quality=row.current_quality,
            )
            for row in rows
        ],
        total=total,
        page=params.page,
        page_size=params.page_size,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _today() -> date:
    return _now().date()
