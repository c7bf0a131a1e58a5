"""Media-server refresh after an import: each enabled server rescans the affected folder."""

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from media_manager.core.checks import CheckResult
from media_manager.core.database import check_no_transaction
from media_manager.notifications.config import MediaServerSettings
from media_manager.notifications.servers.base import MediaServer, MediaServerError
from media_manager.notifications.servers.jellyfin import JellyfinServer
from media_manager.notifications.servers.plex import PlexServer

log = logging.getLogger(__name__)


def media_server(settings: MediaServerSettings, http_client: httpx.AsyncClient) -> MediaServer:
    if settings.kind == "plex":
        return PlexServer(settings, http_client)
    return JellyfinServer(settings, http_client)


@dataclass(frozen=True, slots=True)
class RefreshResult:
    server: str
    ok: bool
    problem: str | None = None


async def refresh_media_servers(context: Any, path: str) -> list[RefreshResult]:
    """Tell every enabled media server to rescan `path` (the folder of an import).

    The importer calls it after an import, outside its transaction; a server that is down
    is logged and skipped, never failing the import. `context` is a JobContext.
    """
    check_no_transaction("The media-server refresh")
    servers = [s for s in context.settings.notifications.media_servers if s.enabled]
    results = await asyncio.gather(
        *(_refresh_one(server, context.http_client, path) for server in servers)
    )
    return list(results)


async def _refresh_one(
    settings: MediaServerSettings, http_client: httpx.AsyncClient, path: str
) -> RefreshResult:
    try:
        await media_server(settings, http_client).refresh(path)
    except MediaServerError as exc:
        log.warning("Media server %s was not refreshed for %s: %s", settings.name, path, exc)
        return RefreshResult(settings.name, False, str(exc))
    log.info("Media server %s rescans %s", settings.name, path)
    return RefreshResult(settings.name, True)


async def check_media_server(settings: MediaServerSettings, context: Any) -> CheckResult:
    """Reaches the server with the token (Jellyfin/Emby: system info; Plex: its libraries)."""
    try:
        return await media_server(settings, context.http_client).test()
    except MediaServerError as exc:
        return CheckResult.failed(str(exc))
