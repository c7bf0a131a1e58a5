"""The FastAPI application: create_app() and its lifespan."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi_users.password import PasswordHelper
from starlette.datastructures import State

from media_manager import __version__
from media_manager.app_jobs import create_job_runner
from media_manager.auth.oidc import OIDCLogin
from media_manager.auth.router import auth_router, users_router
from media_manager.auth.secrets import resolve_token_secret
from media_manager.auth.tokens import SessionTokens
from media_manager.automation.router import router as automation_router
from media_manager.backups.router import router as backups_router
from media_manager.calendar.router import router as calendar_router
from media_manager.config import Settings, load_settings
from media_manager.core.database import (
    check_no_transaction,
    create_engine,
    create_sessionmaker,
    release_read_transaction,
)
from media_manager.core.errors import install_error_handlers
from media_manager.core.filesystem import prepare_directories
from media_manager.core.jobs import JobContext, TaskRunner
from media_manager.core.logging import RequestIdMiddleware, configure_logging
from media_manager.core.memory import tune_garbage_collection
from media_manager.core.middleware import RequestBodyLimitMiddleware, UnhandledErrorMiddleware
from media_manager.core.ratelimit import AttemptLimiter
from media_manager.downloads.dependencies import replace_download_clients
from media_manager.downloads.router import router as downloads_router
from media_manager.health.router import router as health_router
from media_manager.importer.router import files_router as import_files_router
from media_manager.importer.router import router as import_router
from media_manager.indexer.router import router as indexer_router
from media_manager.indexer.service import IndexerState
from media_manager.library.router import router as library_router
from media_manager.metadata.relay import MetadataSource
from media_manager.movies.router import router as movies_router
from media_manager.notifications.router import router as notifications_router
from media_manager.profiles.router import router as profiles_router
from media_manager.search.router import router as search_router
from media_manager.settings.router import router as settings_router
from media_manager.settings.service import load_effective_settings
from media_manager.system.jobs.router import router as jobs_router
from media_manager.system.logs.router import router as logs_router
from media_manager.system.setup.router import router as setup_router
from media_manager.tv.router import router as tv_router
from media_manager.webapp import DEFAULT_BUILD_DIR, install_web_app

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
# Outbound calls (metadata, indexers, download clients) share one client and these limits.
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.file_settings
    configure_logging(settings.logging)
    prepare_directories(settings.data_dir, settings.paths)
    token_secret = resolve_token_secret(settings)
    engine = create_engine(settings.database_url, echo=settings.database.echo)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    app.state.token_secret = token_secret
    app.state.password_helper = PasswordHelper()
    # What the config file and environment say, with the settings stored in the database over it.
    app.state.file_settings = settings
    settings = await load_effective_settings(app.state.sessionmaker, settings)
    apply_settings(app.state, settings)
    app.state.attempt_limiter = AttemptLimiter()
    http_client = httpx.AsyncClient(
        timeout=HTTP_TIMEOUT,
        follow_redirects=True,
        event_hooks={"request": [_outside_transactions]},
    )
    app.state.http_client = http_client
    # Built on first use from the metadata settings, rebuilt when they change.
    metadata_source = MetadataSource()
    app.state.metadata_source = metadata_source
    task_runner = TaskRunner(JobContext(app.state))
    app.state.task_runner = task_runner
    job_runner = create_job_runner(app.state, settings)
    await job_runner.start()
    app.state.job_runner = job_runner
    if settings.server.tune_gc:
        tune_garbage_collection()
    log.info("MediaManager %s started; data in %s", __version__, settings.data_dir)
    try:
        yield
    finally:
        await job_runner.stop()
        await task_runner.close()
        await app.state.download_clients.close()
        await metadata_source.aclose()
        await http_client.aclose()
        await engine.dispose()


def apply_settings(state: State, settings: Settings) -> None:
    """(Re)build the app state that derives from settings alone, with empty caches.

    The lifespan calls it once; tests call it to rebind one shared app to each test's settings.
    """
    state.settings = settings
    state.session_tokens = SessionTokens(state.token_secret, settings.auth.token_lifetime_seconds)
    state.oidc = OIDCLogin(settings.auth.oidc, settings.server.base_url, state.token_secret)
    state.indexer_state = IndexerState()
    replace_download_clients(state, settings)


async def _outside_transactions(request: httpx.Request) -> None:
    await release_read_transaction()
    check_no_transaction(f"The call to {request.url.host}")


def _operation_id(route: APIRoute) -> str:
    # "<tag>_<function name>", e.g. users_get_me: readable and stable for generated clients.
    return f"{route.tags[0]}_{route.name}" if route.tags else route.name


def create_app(
    settings: Settings | None = None, *, web_build_dir: Path = DEFAULT_BUILD_DIR
) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(
        title="MediaManager",
        version=__version__,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        # Served by install_web_app, with Swagger UI from this server instead of a CDN.
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.file_settings = settings
    # Changes to the stored settings are made one at a time (settings/service.py).
    app.state.settings_lock = asyncio.Lock()
    # Outermost last: the request id wraps everything, so the 500 handler can report it.
    app.add_middleware(RequestBodyLimitMiddleware, max_bytes=settings.server.max_request_body_bytes)
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(RequestIdMiddleware)
    install_error_handlers(app)
    for router in (
        health_router,
        auth_router,
        users_router,
        library_router,
        tv_router,
        movies_router,
        calendar_router,
        indexer_router,
        profiles_router,
        search_router,
        # Before downloads: /activity/imports must not be read as /activity/{download_id}.
        import_router,
        import_files_router,
        downloads_router,
        automation_router,
        settings_router,
        jobs_router,
        logs_router,
        setup_router,
        notifications_router,
        backups_router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    install_web_app(app, web_build_dir, API_PREFIX)
    return app
