from typing import Annotated

from fastapi import Depends, Request

from media_manager.config import Settings, SettingsDep
from media_manager.core.dependencies import HttpClientDep, SessionDep
from media_manager.core.jobs import JobContext
from media_manager.downloads.clients.factory import create_client
from media_manager.downloads.registry import DownloadClients
from media_manager.downloads.service import DownloadPoller, DownloadService


def create_download_clients(settings: Settings, state: object) -> DownloadClients:
    """The registry for these settings; integrations share the app's HTTP client (read from
    the state when a client is first built, as the lifespan creates it after the settings)."""
    return DownloadClients(
        settings.downloads,
        lambda client_settings: create_client(client_settings, state.http_client),  # type: ignore[attr-defined]
    )


async def get_download_clients(request: Request) -> DownloadClients:
    return request.app.state.download_clients


DownloadClientsDep = Annotated[DownloadClients, Depends(get_download_clients)]


async def get_download_service(
    session: SessionDep,
    settings: SettingsDep,
    http_client: HttpClientDep,
    clients: DownloadClientsDep,
) -> DownloadService:
    return DownloadService(session, settings, http_client, clients)


DownloadServiceDep = Annotated[DownloadService, Depends(get_download_service)]


def job_download_clients(context: JobContext[Settings]) -> DownloadClients:
    """The app's client registry for a job (kept on the app state, like the HTTP client)."""
    return context._state.download_clients  # app plumbing, like the HTTP client


def job_poller(context: JobContext[Settings]) -> DownloadPoller:
    # Imported here: automation builds on downloads, so downloads may not import it at the top.
    from media_manager.automation.tasks import failed_downloads_hook

    return DownloadPoller(
        context.sessionmaker,
        context.settings,
        job_download_clients(context),
        on_failed=failed_downloads_hook(context),
    )
