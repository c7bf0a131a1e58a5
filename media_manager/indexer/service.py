"""Searching every indexer at once: one task and one timeout per indexer, failures reported."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from media_manager.indexer.config import IndexerSettings, TorznabIndexerSettings
from media_manager.indexer.exceptions import (
    IndexerError,
    IndexerNotFound,
    IndexerTimeout,
    NoIndexers,
)
from media_manager.indexer.providers.base import Capabilities, IndexerDefinition, IndexerProvider
from media_manager.indexer.providers.factory import ProviderFactory, provider_factory
from media_manager.indexer.providers.prowlarr import ProwlarrClient
from media_manager.indexer.repository import FailureRecord, IndexerFailureRepository
from media_manager.indexer.schemas import (
    IndexerList,
    IndexerRead,
    IndexerResult,
    IndexerStatus,
    IndexerTestResult,
    ReleaseReading,
    SearchQuery,
    SearchResponse,
)
from media_manager.parsing import parse_release

log = logging.getLogger(__name__)

# New indexers added in Prowlarr show up after at most this long.
PROWLARR_LIST_SECONDS = 600
PROWLARR_STATUS_NAME = "Prowlarr"
# Query parameter names that carry credentials in indexer and tracker URLs.
SECRET_PARAM_WORDS = ("key", "token", "pass", "auth", "sig", "secret", "uid")


@dataclass(frozen=True)
class PaceRules:
    """How automatic work treats indexers: a minimum interval between two requests to one
    indexer, and an exponential back-off from one that keeps failing."""

    min_interval_seconds: float = 0.0
    backoff_seconds: float = 60.0
    backoff_max_seconds: float = 6 * 3600.0


@dataclass
class IndexerHealth:
    """One indexer's recent record: consecutive failures count, a success clears them."""

    failures: int = 0
    last_error: str | None = None
    failed_at: datetime | None = None
    # Monotonic time of the last request started by automatic work.
    last_request: float | None = None

    def retry_at(self, rules: PaceRules) -> datetime | None:
        """Until when automatic work leaves the indexer alone; None when it may be asked."""
        if not self.failures or self.failed_at is None:
            return None
        delay = min(rules.backoff_seconds * 2 ** (self.failures - 1), rules.backoff_max_seconds)
        return self.failed_at + timedelta(seconds=delay)


@dataclass
class IndexerState:
    """What outlives a request (kept on app.state): capabilities and Prowlarr's indexer list."""

    clock: Callable[[], float] = time.monotonic
    caps: dict[str, tuple[float, Capabilities]] = field(default_factory=dict)
    prowlarr: tuple[float, list[IndexerDefinition]] | None = None
    # Indexer name -> its failures and last automatic request (see PaceRules).
    health: dict[str, IndexerHealth] = field(default_factory=dict)
    turns: dict[str, asyncio.Lock] = field(default_factory=dict)
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    # Whether the stored failures were read into `health` (once per app start), and the
    # indexers whose failures changed since they were last stored.
    loaded: bool = False
    unsaved: set[str] = field(default_factory=set)


def _failure_record(health: IndexerHealth | None) -> FailureRecord | None:
    if health is None or not health.failures:
        return None
    return health.failures, health.last_error, health.failed_at


class IndexerService:
    def __init__(
        self,
        http_client: httpx.AsyncClient,
        settings: IndexerSettings,
        state: IndexerState,
        *,
        providers: ProviderFactory | None = None,
        sessionmaker: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self.http_client = http_client
        self.settings = settings
        self.state = state
        # Where failures are stored so that a restart keeps backing off; None: memory only.
        self.sessionmaker = sessionmaker
        # Which integration serves a definition is decided in providers/factory.py only.
        self._provider: ProviderFactory = providers or provider_factory(http_client)

    async def list_indexers(self) -> IndexerList:
        """Every configured indexer and every Prowlarr indexer, without credentials."""
        definitions, problem = await self._definitions()
        return IndexerList(
            indexers=[_read(definition) for definition in definitions],
            errors=[problem.error] if problem and problem.error else [],
        )

    async def search(
        self, query: SearchQuery, *, include_download_links: bool, pace: PaceRules | None = None
    ) -> SearchResponse:
        """Search every enabled indexer concurrently; failures are reported, not raised.

        With `pace` (automatic work), indexers backing off are skipped and requests to one
        indexer keep the minimum interval; interactive searches ask every indexer at once.
        """
        definitions, problem = await self._definitions()
        providers = [self._provider(d) for d in definitions if d.enabled]
        active = [provider for provider in providers if provider.serves(query.kind)]
        if not providers and problem is None:
            raise NoIndexers(
                "No indexer is enabled, so there is nothing to search: add a Torznab or Newznab "
                "indexer (Settings → Indexers, /api/v1/settings/indexers) or connect Prowlarr"
            )
        statuses = [problem] if problem else []
        await self._load_failures()
        active = self._not_backing_off(active, pace, statuses)

        async def one(provider: IndexerProvider) -> tuple[IndexerStatus, list[IndexerResult]]:
            return await self._search_one(
                provider, lambda caps: provider.search(query, caps, self.settings.max_results), pace
            )

        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(p)) for p in active]
        await self._save_failures()
        results: list[IndexerResult] = []
        for task in tasks:
            status, found = task.result()
            statuses.append(status)
            results.extend(found)
        priority = {provider.name: provider.definition.priority for provider in active}
        results.sort(key=lambda r: (priority[r.indexer], -(r.seeders or 0), -_timestamp(r)))
        if not include_download_links:
            results = [without_credentials(result) for result in results]
        return SearchResponse(results=results, indexers=statuses)

    async def recent(self, pace: PaceRules | None = None, limit: int = 100) -> SearchResponse:
        """Every enabled indexer's feed of its newest releases, concurrently (RSS sync)."""
        definitions, problem = await self._definitions()
        statuses = [problem] if problem else []
        active = [self._provider(d) for d in definitions if d.enabled]
        await self._load_failures()
        active = self._not_backing_off(active, pace, statuses)

        async def one(provider: IndexerProvider) -> tuple[IndexerStatus, list[IndexerResult]]:
            return await self._search_one(provider, lambda caps: provider.recent(caps, limit), pace)

        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(p)) for p in active]
        await self._save_failures()
        results: list[IndexerResult] = []
        for task in tasks:
            status, found = task.result()
            statuses.append(status)
            results.extend(found)
        return SearchResponse(results=results, indexers=statuses)

    async def health(self) -> dict[str, IndexerHealth]:
        """Failures and back-off of the indexers: those stored, and those asked since."""
        await self._load_failures()
        return dict(self.state.health)

    async def _load_failures(self) -> None:
        if self.sessionmaker is None or self.state.loaded:
            return
        async with self.sessionmaker() as session, session.begin():
            rows = await IndexerFailureRepository(session).all()
        for row in rows:
            # What happened since the start (already in memory) is newer than what is stored.
            self.state.health.setdefault(
                row.name, IndexerHealth(row.failures, row.last_error, row.failed_at)
            )
        self.state.loaded = True

    async def _save_failures(self) -> None:
        if self.sessionmaker is None or not self.state.unsaved:
            return
        names, self.state.unsaved = self.state.unsaved, set()
        records = {name: _failure_record(self.state.health.get(name)) for name in names}
        try:
            async with self.sessionmaker() as session, session.begin():
                await IndexerFailureRepository(session).save(records)
        except SQLAlchemyError:
            # The search itself went fine; the next one stores these again.
            self.state.unsaved |= names
            log.warning(
                "Could not store the failures of the indexers %s",
                ", ".join(sorted(names)),
                exc_info=True,
            )

    def _not_backing_off(
        self,
        providers: list[IndexerProvider],
        pace: PaceRules | None,
        statuses: list[IndexerStatus],
    ) -> list[IndexerProvider]:
        if pace is None:
            return providers
        now = self.state.now()
        kept = []
        for provider in providers:
            health = self.state.health.get(provider.name)
            retry_at = health.retry_at(pace) if health else None
            if health is not None and retry_at is not None and retry_at > now:
                error = (
                    f"skipped: {health.failures} failure(s) in a row, backing off until "
                    f"{retry_at.isoformat(timespec='seconds')} (last: {health.last_error})"
                )
                statuses.append(
                    IndexerStatus(name=provider.name, ok=False, error=error, elapsed_ms=0)
                )
                continue
            kept.append(provider)
        return kept

    async def _wait_turn(self, name: str, pace: PaceRules) -> None:
        # One automatic request at a time per indexer, and at least min_interval apart.
        health = self.state.health.setdefault(name, IndexerHealth())
        lock = self.state.turns.setdefault(name, asyncio.Lock())
        async with lock:
            if health.last_request is not None:
                wait = health.last_request + pace.min_interval_seconds - self.state.clock()
                if wait > 0:
                    await asyncio.sleep(wait)
            health.last_request = self.state.clock()

    def _record(self, name: str, error: str | None) -> None:
        health = self.state.health.setdefault(name, IndexerHealth())
        if error is None:
            if health.failures:
                self.state.unsaved.add(name)
            health.failures, health.last_error, health.failed_at = 0, None, None
            return
        self.state.unsaved.add(name)
        health.failures += 1
        health.last_error = error
        health.failed_at = self.state.now()

    async def test_indexer(self, name: str) -> IndexerTestResult:
        """Fetch an indexer's capabilities and run a one-result search with its API key."""
        definitions, problem = await self._definitions()
        definition = next((d for d in definitions if d.name.casefold() == name.casefold()), None)
        if definition is None:
            hint = f" ({problem.error})" if problem else ""
            raise IndexerNotFound(f"No indexer is named {name!r}{hint}")
        provider = self._provider(definition)
        started = time.perf_counter()
        try:
            async with asyncio.timeout(definition.timeout_seconds):
                caps = await provider.test()
        except (IndexerError, TimeoutError) as exc:
            self.state.caps.pop(definition.endpoint, None)
            return IndexerTestResult(
                name=definition.name,
                ok=False,
                error=_message(exc, definition),
                elapsed_ms=_elapsed_ms(started),
            )
        self.state.caps[definition.endpoint] = (self.state.clock(), caps)
        return IndexerTestResult(
            name=definition.name,
            ok=True,
            elapsed_ms=_elapsed_ms(started),
            search_modes={
                name: sorted(mode.params) for name, mode in caps.modes.items() if mode.available
            },
            categories=sorted(caps.categories),
        )

    async def _search_one(
        self,
        provider: IndexerProvider,
        fetch: Callable[[Capabilities], Awaitable[list[IndexerResult]]],
        pace: PaceRules | None = None,
    ) -> tuple[IndexerStatus, list[IndexerResult]]:
        definition = provider.definition
        if pace is not None:
            await self._wait_turn(definition.name, pace)
        started = time.perf_counter()
        try:
            async with asyncio.timeout(definition.timeout_seconds):
                caps = await self._caps(provider)
                results = await fetch(caps)
        except (IndexerError, TimeoutError) as exc:
            # The capabilities may be what changed (new API key, indexer reconfigured).
            self.state.caps.pop(definition.endpoint, None)
            error = _message(exc, definition)
            self._record(definition.name, error)
            log.warning("Indexer %s failed: %s", definition.name, error)
            status = IndexerStatus(
                name=definition.name, ok=False, error=error, elapsed_ms=_elapsed_ms(started)
            )
            return status, []
        except Exception:
            # A bug met on one indexer's answer must not cost the results of all the others.
            self.state.caps.pop(definition.endpoint, None)
            self._record(definition.name, "unexpected error")
            log.exception("Indexer %s: unexpected error while searching", definition.name)
            status = IndexerStatus(
                name=definition.name,
                ok=False,
                error="unexpected error; see the server log",
                elapsed_ms=_elapsed_ms(started),
            )
            return status, []
        elapsed = _elapsed_ms(started)
        self._record(definition.name, None)
        if results:
            await asyncio.to_thread(_add_readings, results)
        status = IndexerStatus(
            name=definition.name, ok=True, elapsed_ms=elapsed, result_count=len(results)
        )
        return status, results

    async def _caps(self, provider: IndexerProvider) -> Capabilities:
        key = provider.definition.endpoint
        cached = self.state.caps.get(key)
        max_age = self.settings.caps_refresh_hours * 3600
        if cached is not None and self.state.clock() - cached[0] < max_age:
            return cached[1]
        caps = await provider.caps()
        self.state.caps[key] = (self.state.clock(), caps)
        return caps

    async def _definitions(self) -> tuple[list[IndexerDefinition], IndexerStatus | None]:
        definitions = [torznab_definition(indexer) for indexer in self.settings.torznab]
        if not self.settings.prowlarr.enabled:
            return definitions, None
        started = time.perf_counter()
        try:
            from_prowlarr = await self._prowlarr_indexers()
        except IndexerError as exc:
            return definitions, IndexerStatus(
                name=PROWLARR_STATUS_NAME,
                ok=False,
                error=exc.message,
                elapsed_ms=_elapsed_ms(started),
            )
        taken = {definition.name.casefold() for definition in definitions}
        for definition in from_prowlarr:
            name = definition.name
            if name.casefold() in taken:
                name = f"{name} (Prowlarr)"
            taken.add(name.casefold())
            definitions.append(replace(definition, name=name))
        return definitions, None

    async def _prowlarr_indexers(self) -> list[IndexerDefinition]:
        cached = self.state.prowlarr
        if cached is not None and self.state.clock() - cached[0] < PROWLARR_LIST_SECONDS:
            return cached[1]
        self.state.prowlarr = None
        indexers = await ProwlarrClient(self.http_client, self.settings.prowlarr).indexers()
        self.state.prowlarr = (self.state.clock(), indexers)
        return indexers


def torznab_definition(indexer: TorznabIndexerSettings) -> IndexerDefinition:
    """The searchable endpoint of one configured Torznab/Newznab indexer."""
    return IndexerDefinition(
        name=indexer.name,
        source="torznab",
        endpoint=_endpoint(indexer.url),
        api_key=indexer.api_key.get_secret_value() if indexer.api_key else None,
        categories=tuple(indexer.categories),
        priority=indexer.priority,
        enabled=indexer.enabled,
        timeout_seconds=indexer.timeout_seconds,
    )


def without_credentials(result: IndexerResult) -> IndexerResult:
    """A result as non-administrators see it: no download link, no passkeys in other links."""
    return result.model_copy(
        update={
            "download_url": None,
            "magnet_url": _magnet_without_trackers(result.magnet_url),
            "guid": _public_link(result.guid, result.download_url),
            "info_url": _public_link(result.info_url, result.download_url),
        }
    )


def redact_url(url: str) -> str:
    """The URL without a password and without query parameters that look like credentials."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _secret(k)]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


def _secret(param: str) -> bool:
    return any(word in param.lower() for word in SECRET_PARAM_WORDS)


def _public_link(link: str | None, download_url: str | None) -> str | None:
    if link is None or link == download_url:
        return None
    parts = urlsplit(link)
    if parts.password or any(_secret(k) for k, _ in parse_qsl(parts.query)):
        return None
    return link


def _magnet_without_trackers(magnet: str | None) -> str | None:
    # Private trackers put the passkey in the announce URLs (tr=); the hash and name are enough
    # to identify the release.
    if magnet is None or not magnet.startswith("magnet:?"):
        return None
    params = parse_qsl(magnet.removeprefix("magnet:?"), keep_blank_values=True)
    return "magnet:?" + urlencode([(k, v) for k, v in params if k in ("xt", "dn", "xl")])


def _endpoint(url: str) -> str:
    # Prowlarr and Jackett show the feed URL without "/api"; Newznab sites usually with it.
    parts = urlsplit(url)
    if parts.path.rstrip("/").endswith("/api"):
        return url
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/api"))


def _read(definition: IndexerDefinition) -> IndexerRead:
    return IndexerRead(
        name=definition.name,
        source=definition.source,
        url=redact_url(definition.endpoint),
        has_api_key=bool(definition.api_key),
        categories=list(definition.categories),
        priority=definition.priority,
        enabled=definition.enabled,
        timeout_seconds=definition.timeout_seconds,
        protocol=definition.protocol,
    )


def _message(exc: Exception, definition: IndexerDefinition) -> str:
    if isinstance(exc, IndexerError):
        return exc.message
    return IndexerTimeout(f"no answer within {definition.timeout_seconds:g} s").message


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def _timestamp(result: IndexerResult) -> float:
    return result.published_at.timestamp() if result.published_at else 0.0


def _add_readings(results: list[IndexerResult]) -> None:
    for result in results:
        result.parsed = _reading(result.title)


@lru_cache(maxsize=4096)
def _reading(title: str) -> ReleaseReading | None:
    # The same releases come back from several indexers and repeated searches.
    try:
        return ReleaseReading.model_validate(parse_release(title))
    except Exception:
        log.debug("The release parser could not read %r", title, exc_info=True)
        return None
