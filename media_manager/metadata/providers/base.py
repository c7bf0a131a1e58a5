"""The relay connection and the interface every metadata provider implements."""

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter, ValidationError

from media_manager.core.schemas import storable_json
from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.exceptions import (
    MetadataBadResponse,
    MetadataKeyRejected,
    MetadataNotFound,
    MetadataNotSupported,
    MetadataProviderNotConfigured,
    MetadataRateLimited,
    MetadataTimeout,
    MetadataUnavailable,
)
from media_manager.metadata.relay import MetadataSource, RelayConnection
from media_manager.metadata.schemas import (
    MediaKindName,
    MetadataProviderName,
    MovieMetadata,
    SearchResult,
    ShowMetadata,
)
from media_manager.parsing import normalize_title

log = logging.getLogger(__name__)

T = TypeVar("T")

# What a season's lookup may fail with while its show answered: the season is recorded as
# failed and retried, the rest of the show is kept.
SEASON_FAILURES = (
    MetadataBadResponse,
    MetadataNotFound,
    MetadataRateLimited,
    MetadataTimeout,
    MetadataUnavailable,
)

# Popular shows have a hundred alternative titles, mostly in scripts release names never use.
MAX_ALTERNATE_TITLES = 30


class RelayClient:
    """GET requests to the relay's routes, every failure turned into a metadata AppError.

    The routes answer from a relay run on its own or from the relay's app in this process (see
    metadata/relay.py); requests and answers are the same either way.
    """

    def __init__(
        self, http_client: httpx.AsyncClient, source: MetadataSource, settings: MetadataSettings
    ) -> None:
        self.http_client = http_client
        self.source = source
        self.settings = settings
        # Names the source in messages; set by each request (parse() comes after one).
        self._service = "The metadata service"

    async def get(
        self,
        path: str,
        params: dict[str, Any] | None = None,
        *,
        fresh: bool = False,
        what: str = "such item",
    ) -> Any:
        """GET from the relay; `fresh` asks it to skip its cache (a refresh wants news).

        `what` names the item in a not-found message ("TMDB show 1396", "season 3 of ...").
        """
        params = {key: value for key, value in (params or {}).items() if value is not None}
        headers = {"Cache-Control": "no-cache"} if fresh else None
        async with self.source.use(self.settings) as relay:
            self._service = relay.description
            client = relay.client(self.http_client)
            url = f"{relay.base_url}{path}"
            try:
                response = await client.get(url, params=params, headers=headers)
            except httpx.TimeoutException:
                log.warning("The metadata relay at %s did not answer in time (%s)", url, path)
                raise MetadataTimeout(f"{self._service} did not answer in time") from None
            except httpx.HTTPError as exc:
                log.warning(
                    "Cannot reach the metadata relay at %s (%s); %s",
                    relay.base_url,
                    exc,
                    relay.unreachable_hint,
                )
                raise MetadataUnavailable(
                    f"{self._service} could not be reached ({type(exc).__name__}); "
                    f"{relay.unreachable_hint}"
                ) from None
            if response.is_error:
                raise await self._error_for(relay, client, response, path, what)
        try:
            # Provider text ends up in the database, which cannot store every string.
            return storable_json(response.json())
        except ValueError:
            raise MetadataBadResponse(
                f"{self._service} answered with something that is not JSON"
            ) from None

    async def _error_for(
        self,
        relay: RelayConnection,
        client: httpx.AsyncClient,
        response: httpx.Response,
        path: str,
        what: str,
    ) -> Exception:
        detail = _relay_detail(response)
        error = _relay_error(response)
        provider = path.strip("/").split("/")[0]
        if response.status_code == 503 and error == "ProviderNotConfigured":
            message = (
                f"{self._service} has no API key for {provider.upper()}: "
                f"set {relay.key_setting(provider)}"
            )
            other = "tmdb" if provider == "tvdb" else "tvdb"
            # Point to the other provider only when it would answer.
            if await _provider_configured(relay, client, other):
                message += f", or use the {other} metadata provider"
            return MetadataProviderNotConfigured(message)
        if error == "UpstreamKeyRejected":
            return MetadataKeyRejected(
                f"{self._service}: {provider.upper()} refused the API key; "
                f"check {relay.key_setting(provider)}"
            )
        if response.status_code == 404:
            return MetadataNotFound(f"{self._service} found no {what}: {detail}")
        if response.status_code == 429:
            retry_after = response.headers.get("Retry-After")
            return MetadataRateLimited(
                f"{self._service} is rate limited; retry later: {detail}",
                headers={"Retry-After": retry_after} if retry_after else None,
            )
        if response.status_code == 504:
            return MetadataTimeout(f"{self._service} timed out: {detail}")
        return MetadataUnavailable(
            f"{self._service} answered HTTP {response.status_code}: {detail}"
        )

    def parse(self, shape: type[T], body: Any) -> T:
        """Validate a relay answer against the expected TMDB/TVDB shape."""
        try:
            return TypeAdapter(shape).validate_python(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the body"
            raise MetadataBadResponse(
                f"{self._service} answered with unexpected data ({where}: {first['msg']})"
            ) from None


async def _provider_configured(
    relay: RelayConnection, client: httpx.AsyncClient, provider: str
) -> bool:
    """Whether the relay has a key for `provider`, from its /health answer (False if unsure)."""
    try:
        response = await client.get(f"{relay.base_url}/health")
        providers = response.json().get("providers") if response.is_success else None
    except (httpx.HTTPError, ValueError, AttributeError):
        return False
    return isinstance(providers, dict) and providers.get(provider) is True


def _relay_error(response: httpx.Response) -> str | None:
    """The relay's error class name, from its `{"detail", "error"}` body."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None


def _relay_detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or "no details"
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return body["detail"]
    return response.reason_phrase or "no details"


async def gather_bounded(coroutines: Iterable[Awaitable[T]], limit: int) -> list[T]:
    """Run the coroutines concurrently, at most `limit` at a time; the first error cancels all."""
    semaphore = asyncio.Semaphore(limit)

    async def bounded(coroutine: Awaitable[T]) -> T:
        async with semaphore:
            return await coroutine

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(bounded(coroutine)) for coroutine in coroutines]
    except ExceptionGroup as errors:
        # Surface the first error, not the group (callers catch what may fail alone).
        raise errors.exceptions[0] from None
    return [task.result() for task in tasks]


def alternate_titles(main_title: str, candidates: Iterable[str | None]) -> list[str]:
    """The candidates without blanks, repeats and the main title, compared as normalized titles."""
    seen = {normalize_title(main_title)}
    titles = []
    for candidate in candidates:
        title = (candidate or "").strip()
        key = normalize_title(title) if title else ""
        if not key or key in seen:
            continue
        seen.add(key)
        titles.append(title)
        if len(titles) == MAX_ALTERNATE_TITLES:
            break
    return titles


def unique(values: Iterable[str | None]) -> list[str]:
    """The values in their order, each once (providers repeat genres across pages); empty
    names (sent as null) are left out."""
    return list(dict.fromkeys(value for value in values if value))


def language_for(original_language: str | None, settings: MetadataSettings) -> str:
    """The language to fetch in: the original one when it is a primary language."""
    if original_language:
        original = original_language.lower()
        for language in settings.primary_languages:
            if language.lower().split("-")[0] == original:
                return language
    return settings.default_language


class MetadataProvider(ABC):
    name: MetadataProviderName

    def __init__(self, relay: RelayClient, settings: MetadataSettings) -> None:
        self.relay = relay
        self.settings = settings

    @abstractmethod
    async def search_shows(self, query: str) -> list[SearchResult]: ...

    @abstractmethod
    async def search_movies(self, query: str) -> list[SearchResult]: ...

    @abstractmethod
    async def show(self, external_id: int, *, fresh: bool = False) -> ShowMetadata: ...

    @abstractmethod
    async def movie(self, external_id: int, *, fresh: bool = False) -> MovieMetadata: ...

    async def find_by_imdb(self, kind: MediaKindName, imdb_id: str) -> list[SearchResult]:
        raise MetadataNotSupported(f"{self.name.upper()} cannot look up IMDb ids; use tmdb")

    async def trending_shows(self) -> list[SearchResult]:
        raise MetadataNotSupported(f"{self.name.upper()} has no trending list; use tmdb")

    async def trending_movies(self) -> list[SearchResult]:
        raise MetadataNotSupported(f"{self.name.upper()} has no trending list; use tmdb")
