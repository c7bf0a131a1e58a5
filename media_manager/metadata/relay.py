"""How lookups reach the relay's routes: a relay over the network, or its app in-process.

With TMDB/TVDB keys in the settings, the backend builds the relay's ASGI app (metadata_relay,
a path dependency) with those keys, runs its lifespan, and talks to it through an httpx client
on an ASGI transport. Either way `RelayClient` sends the same requests and reads the same
answers: one code path, whatever the source.

The app keeps one `MetadataSource` on its state. It builds the connection for the settings it
is used with and replaces it when those change (settings are editable at runtime); a replaced
in-process relay is shut down once the last request still using it is done.
"""

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import httpx
from fastapi import FastAPI

from media_manager.core.database import check_no_transaction, release_read_transaction
from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.exceptions import MetadataSourceNotConfigured

log = logging.getLogger(__name__)

# The in-process relay's address: never resolved, the ASGI transport answers every request.
BUILT_IN_BASE_URL = "http://relay.internal"
SETTINGS_PAGE = "in the app: Settings → Metadata"
NO_SOURCE_MESSAGE = (
    "No metadata source configured: set a TMDB or TVDB API key (metadata.tmdb_api_key, "
    "metadata.tvdb_api_key) or the address of a metadata relay (metadata.relay_url); "
    f"{SETTINGS_PAGE}"
)
# What an upstream lookup may take inside the in-process relay.
BUILT_IN_UPSTREAM_TIMEOUT_SECONDS = 20.0

SourceKey = tuple[str | None, ...]


def source_key(settings: MetadataSettings) -> SourceKey | None:
    """The settings values a connection is built from; None when no source is configured."""
    if settings.has_keys:
        return (
            "keys",
            settings.tmdb_api_key.get_secret_value() if settings.tmdb_api_key else None,
            settings.tmdb_base_url,
            settings.tvdb_api_key.get_secret_value() if settings.tvdb_api_key else None,
            settings.tvdb_base_url,
        )
    if settings.relay_url:
        return ("relay", settings.relay_url)
    return None


class RelayConnection(ABC):
    """Where the relay's routes answer, and how to tell a user what to fix there."""

    base_url: str
    # Starts every message about this source: "The metadata service (relay at ...)".
    description: str

    @abstractmethod
    def client(self, shared: httpx.AsyncClient) -> httpx.AsyncClient:
        """The client that reaches the relay (the app's shared client, or an in-process one)."""

    @abstractmethod
    def key_setting(self, provider: str) -> str:
        """Where the provider's API key is set, in words for the message."""

    @property
    @abstractmethod
    def unreachable_hint(self) -> str:
        """What to check when the relay cannot be reached."""

    async def aclose(self) -> None:
        return None


class RemoteRelay(RelayConnection):
    """A relay run on its own, reached over HTTP with the app's shared client."""

    def __init__(self, relay_url: str) -> None:
        self.base_url = relay_url
        self.description = f"The metadata service (relay at {relay_url})"

    def client(self, shared: httpx.AsyncClient) -> httpx.AsyncClient:
        return shared

    def key_setting(self, provider: str) -> str:
        return f"{provider.upper()}_API_KEY on the relay"

    @property
    def unreachable_hint(self) -> str:
        return "check metadata.relay_url"


class BuiltInRelay(RelayConnection):
    """The relay's own app with the keys from the settings, running in this process."""

    base_url = BUILT_IN_BASE_URL
    description = "The metadata service (built in, with the keys from the settings)"

    def __init__(self, app: FastAPI, stack: AsyncExitStack, client: httpx.AsyncClient) -> None:
        self.app = app
        self._stack = stack
        self._client = client
        self.closed = False

    @classmethod
    async def start(cls, settings: MetadataSettings) -> "BuiltInRelay":
        # Imported only when the relay is built in (API keys set): a server that uses a
        # remote relay never loads it and its provider clients.
        from metadata_relay.config import Settings as RelaySettings
        from metadata_relay.main import create_app as create_relay_app

        # Every relay setting is given, so that the relay's own environment variables
        # (TMDB_API_KEY, RELAY_CACHE_TTL_SECONDS, ...) never leak in from this process.
        defaults = {name: field.default for name, field in RelaySettings.model_fields.items()}
        relay_settings = RelaySettings(
            **defaults
            | {
                "tmdb_api_key": settings.tmdb_api_key,
                "tmdb_base_url": settings.tmdb_base_url,
                "tvdb_api_key": settings.tvdb_api_key,
                "tvdb_base_url": settings.tvdb_base_url,
                "relay_upstream_timeout_seconds": BUILT_IN_UPSTREAM_TIMEOUT_SECONDS,
            }
        )
        app = create_relay_app(relay_settings)
        async with AsyncExitStack() as stack:
            # httpx's ASGI transport does not run lifespans: the relay's client, cache and
            # services are made (and later closed) here.
            await stack.enter_async_context(app.router.lifespan_context(app))
            client = httpx.AsyncClient(
                # An unexpected error in the relay becomes a 500 answer, as over the network.
                transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
                base_url=BUILT_IN_BASE_URL,
                # The relay calls TMDB/TVDB: as slow as any outbound call.
                event_hooks={"request": [_outside_transactions]},
            )
            stack.push_async_callback(client.aclose)
            relay = cls(app, stack.pop_all(), client)
        log.info(
            "Metadata from the built-in relay (TMDB key %s, TVDB key %s)",
            "set" if settings.tmdb_api_key else "not set",
            "set" if settings.tvdb_api_key else "not set",
        )
        return relay

    def client(self, shared: httpx.AsyncClient) -> httpx.AsyncClient:
        return self._client

    def key_setting(self, provider: str) -> str:
        return f"metadata.{provider}_api_key ({SETTINGS_PAGE})"

    @property
    def unreachable_hint(self) -> str:
        return "this is a bug in the built-in relay"

    async def aclose(self) -> None:
        if not self.closed:
            self.closed = True
            await self._stack.aclose()


async def _outside_transactions(request: httpx.Request) -> None:
    await release_read_transaction()
    check_no_transaction(f"The call to the built-in metadata service ({request.url.path})")


async def open_connection(settings: MetadataSettings) -> RelayConnection:
    """A connection for the settings; raises MetadataSourceNotConfigured without one."""
    if settings.has_keys:
        return await BuiltInRelay.start(settings)
    if settings.relay_url:
        return RemoteRelay(settings.relay_url)
    raise MetadataSourceNotConfigured(NO_SOURCE_MESSAGE)


@dataclass(eq=False)
class _InUse:
    key: SourceKey
    connection: RelayConnection
    users: int = 0
    retired: bool = False


class MetadataSource:
    """The app's connection to metadata, (re)built for the settings it is used with."""

    def __init__(self) -> None:
        self._current: _InUse | None = None
        self._lock = asyncio.Lock()

    @property
    def connection(self) -> RelayConnection | None:
        """The connection built last (None before the first lookup); for tests and logs."""
        return self._current.connection if self._current else None

    @asynccontextmanager
    async def use(self, settings: MetadataSettings) -> AsyncIterator[RelayConnection]:
        """The connection for `settings`, kept open until the block ends.

        Raises MetadataSourceNotConfigured, before any request, when no source is set.
        """
        key = source_key(settings)
        if key is None:
            raise MetadataSourceNotConfigured(NO_SOURCE_MESSAGE)
        async with self._lock:
            entry = self._current
            if entry is None or entry.key != key:
                if entry is not None:
                    await self._retire(entry)
                entry = self._current = _InUse(key, await open_connection(settings))
            entry.users += 1
        try:
            yield entry.connection
        finally:
            entry.users -= 1
            if entry.retired and entry.users == 0:
                await entry.connection.aclose()

    async def _retire(self, entry: _InUse) -> None:
        # Lookups still running on the old connection finish on it; the last one closes it.
        entry.retired = True
        self._current = None
        if entry.users == 0:
            await entry.connection.aclose()

    async def aclose(self) -> None:
        """Close the current connection (on app shutdown)."""
        async with self._lock:
            if self._current is not None:
                await self._retire(self._current)
