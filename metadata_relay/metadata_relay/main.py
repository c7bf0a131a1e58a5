import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request

from metadata_relay.cache import ResponseCache
from metadata_relay.config import Settings
from metadata_relay.errors import RelayError, relay_error_handler
from metadata_relay.tmdb.router import router as tmdb_router
from metadata_relay.tmdb.service import TmdbService
from metadata_relay.tvdb.router import router as tvdb_router
from metadata_relay.tvdb.service import TvdbService

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the relay; settings come from the environment unless given."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        timeout = httpx.Timeout(settings.relay_upstream_timeout_seconds)
        async with httpx.AsyncClient(
            timeout=timeout, headers={"Accept": "application/json"}
        ) as client:
            app.state.cache = ResponseCache(
                ttl_seconds=settings.relay_cache_ttl_seconds,
                max_entries=settings.relay_cache_max_entries,
            )
            app.state.tmdb = TmdbService(
                settings.tmdb_api_key,
                settings.tmdb_base_url,
                settings.relay_upstream_timeout_seconds,
            )
            app.state.tvdb = TvdbService(
                settings.tvdb_api_key,
                settings.tvdb_base_url,
                settings.relay_upstream_timeout_seconds,
                client,
            )
            for name, service in (("TMDB", app.state.tmdb), ("TVDB", app.state.tvdb)):
                if not service.configured:
                    log.warning("%s_API_KEY is not set: /%s routes answer 503", name, name.lower())
            yield

    app = FastAPI(
        title="MediaManager metadata relay",
        summary="Forwards TMDB and TVDB lookups with the relay's own API keys.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_exception_handler(RelayError, relay_error_handler)
    app.include_router(tmdb_router)
    app.include_router(tvdb_router)

    @app.get("/health", tags=["health"])
    async def health(request: Request) -> dict[str, object]:
        """Liveness check; also tells which providers have a key configured."""
        return {
            "status": "ok",
            "providers": {
                "tmdb": request.app.state.tmdb.configured,
                "tvdb": request.app.state.tvdb.configured,
            },
        }

    return app
