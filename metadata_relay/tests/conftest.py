from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from metadata_relay.config import Settings
from metadata_relay.main import create_app
from tests.standin import TMDB_KEY, TVDB_KEY, StandIn, StandInServer

StartRelay = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture(scope="session")
def standin_server() -> Iterator[StandInServer]:
    server = StandInServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def upstream(standin_server: StandInServer) -> Iterator[StandIn]:
    """The TMDB/TVDB stand-in, with its counters and faults cleared for each test."""
    standin_server.state.reset()
    yield standin_server.state
    standin_server.state.reset()


def relay_settings(upstream: StandIn, **overrides: Any) -> Settings:
    # Every field is given explicitly so variables in the developer's environment never leak in.
    values: dict[str, Any] = {
        "tmdb_api_key": TMDB_KEY,
        "tmdb_base_url": upstream.tmdb_url,
        "tvdb_api_key": TVDB_KEY,
        "tvdb_base_url": upstream.tvdb_url,
        "relay_cache_ttl_seconds": 3600,
        "relay_cache_max_entries": 128,
        "relay_upstream_timeout_seconds": 5,
    }
    return Settings(**(values | overrides))


@pytest.fixture
async def start_relay(upstream: StandIn) -> AsyncIterator[StartRelay]:
    """Start a relay (lifespan included) against the stand-in; keyword arguments are settings."""
    async with AsyncExitStack() as stack:

        async def start(**overrides: Any) -> httpx.AsyncClient:
            app: FastAPI = create_app(relay_settings(upstream, **overrides))
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://relay")
            )

        yield start


@pytest.fixture
async def relay(start_relay: StartRelay) -> httpx.AsyncClient:
    return await start_relay()
