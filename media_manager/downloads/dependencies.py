import asyncio
import logging
from typing import Annotated, Any

from fastapi import Depends, Request

from media_manager.config import Settings, SettingsDep
from media_manager.core.dependencies import HttpClientDep, SessionDep
from media_manager.core.jobs import JobContext
from media_manager.downloads.clients.base import DownloadClient
from media_manager.downloads.clients.factory import create_client
from media_manager.downloads.registry import DownloadClients
from media_manager.downloads.service import DownloadPoller, DownloadService, PollReport

log = logging.getLogger(__name__)


def create_download_clients(settings: Settings, state: object) -> DownloadClients:
    """The registry for these settings; integrations share the app's HTTP client (read from
    the state when a client is first built, as the lifespan creates it after the settings)."""
    return DownloadClients(
        settings.downloads,
        lambda client_settings: create_client(client_settings, state.http_client),  # type: ignore[attr-defined]
    )


def replace_download_clients(state: Any, settings: Settings) -> None:
    """Swap in the registry for new settings; the previous integrations are closed in the
    background (a settings change is applied from a request, which must not wait on clients)."""
    previous: DownloadClients | None = getattr(state, "download_clients", None)
    state.download_clients = create_download_clients(settings, state)
    if previous is None:
        return
    stale = state.download_clients.replace(previous)
    runner = getattr(state, "task_runner", None)
    if not stale or runner is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return  # no loop (a synchronous caller): their sessions are dropped with them
    runner.start(_close_clients, stale)


async def _close_clients(_context: object, clients: list[DownloadClient]) -> None:
    for client in clients:
        try:
            await client.close()
        except Exception:
            log.exception("Closing download client %s failed", client.name)


async def get_download_clients(request: Request) -> DownloadClients:
    return request.app.state.download_clients


DownloadClientsDep = Annotated[DownloadClients, Depends(get_download_clients)]


async def get_download_service(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    http_client: HttpClientDep,
    clients: DownloadClientsDep,
) -> DownloadService:
    return DownloadService(
        session, settings, http_client, clients, notify_context=JobContext(request.app.state)
    )


DownloadServiceDep = Annotated[DownloadService, Depends(get_download_service)]


def job_download_clients(context: JobContext[Settings]) -> DownloadClients:
    """The app's client registry for a job (kept on the app state, like the HTTP client)."""
    return context._state.download_clients  # app plumbing, like the HTTP client


def job_poller(context: JobContext[Settings]) -> DownloadPoller:
    # Imported here: automation and the importer build on downloads, so downloads may not
    # import them at the top.
    from media_manager.automation.tasks import failed_downloads_hook, seeding_goals_hook

    async def import_completed(report: PollReport) -> None:
        # Within the tick that saw them complete.
        from media_manager.importer.tasks import import_downloads

        await import_downloads(context.sessionmaker, context.settings, report.completed, context)

    return DownloadPoller(
        context.sessionmaker,
        context.settings,
        job_download_clients(context),
        # In this order: a usenet download is imported, then removed, in the same tick.
        hooks=[import_completed, seeding_goals_hook(context)],
        notify_context=context,
        on_failed=failed_downloads_hook(context),
    )
