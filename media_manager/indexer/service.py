"""Searching every indexer at once: one task and one timeout per indexer, failures reported."""

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

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


@dataclass
class IndexerState:
    """What outlives a request (kept on app.state): capabilities and Prowlarr's indexer list."""

    clock: Callable[[], float] = time.monotonic
    caps: dict[str, tuple[float, Capabilities]] = field(default_factory=dict)
    prowlarr: tuple[float, list[IndexerDefinition]] | None = None


class IndexerService:
    def __init__(
        self,
        http_client: httpx.AsyncClient,
        settings: IndexerSettings,
        state: IndexerState,
        *,
        providers: ProviderFactory | None = None,
    ) -> None:
        self.http_client = http_client
        self.settings = settings
        self.state = state
        # Which integration serves a definition is decided in providers/factory.py only.
        self._provider: ProviderFactory = providers or provider_factory(http_client)

    async def list_indexers(self) -> IndexerList:
        """Every configured indexer and every Prowlarr indexer, without credentials."""
        definitions, problem = await self._definitions()
        return IndexerList(
            indexers=[_read(definition) for definition in definitions],
            errors=[problem.error] if problem and problem.error else [],
        )

    async def search(self, query: SearchQuery, *, include_download_links: bool) -> SearchResponse:
        """Search every enabled indexer concurrently; failures are reported, not raised."""
        definitions, problem = await self._definitions()
        providers = [self._provider(d) for d in definitions if d.enabled]
        active = [provider for provider in providers if provider.serves(query.kind)]
        if not providers and problem is None:
            raise NoIndexers(
                "No indexer is enabled, so there is nothing to search: add a Torznab or Newznab "
                "indexer (Settings → Indexers, /api/v1/settings/indexers) or connect Prowlarr"
            )
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(self._search_one(p, query)) for p in active]
        statuses = [problem] if problem else []
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
        self, provider: IndexerProvider, query: SearchQuery
    ) -> tuple[IndexerStatus, list[IndexerResult]]:
        definition = provider.definition
        started = time.perf_counter()
        try:
            async with asyncio.timeout(definition.timeout_seconds):
                caps = await self._caps(provider)
                results = await provider.search(query, caps, self.settings.max_results)
        except (IndexerError, TimeoutError) as exc:
            # The capabilities may be what changed (new API key, indexer reconfigured).
            self.state.caps.pop(definition.endpoint, None)
            error = _message(exc, definition)
            log.warning("Indexer %s failed: %s", definition.name, error)
            status = IndexerStatus(
                name=definition.name, ok=False, error=error, elapsed_ms=_elapsed_ms(started)
            )
            return status, []
        except Exception:
            # A bug met on one indexer's answer must not cost the results of all the others.
            self.state.caps.pop(definition.endpoint, None)
            log.exception("Indexer %s: unexpected error while searching", definition.name)
            status = IndexerStatus(
                name=definition.name,
                ok=False,
                error="unexpected error; see the server log",
                elapsed_ms=_elapsed_ms(started),
            )
            return status, []
        elapsed = _elapsed_ms(started)
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
