from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.automation.service import AutomationService
from media_manager.config import Settings, SettingsDep
from media_manager.core.dependencies import HttpClientDep, SessionDep
from media_manager.core.jobs import JobContext
from media_manager.downloads.dependencies import DownloadClientsDep, job_download_clients


async def get_automation_service(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    http_client: HttpClientDep,
    clients: DownloadClientsDep,
) -> AutomationService:
    return AutomationService(
        session,
        settings,
        http_client,
        clients,
        request.app.state.indexer_state,
        notify_context=JobContext(request.app.state),
    )


AutomationServiceDep = Annotated[AutomationService, Depends(get_automation_service)]


def job_automation_service(
    context: JobContext[Settings], session: AsyncSession
) -> AutomationService:
    """The service for a job, on a session the job opened (not inside session.begin())."""
    return AutomationService(
        session,
        context.settings,
        context.http_client,
        job_download_clients(context),
        context.state.indexer_state,
        notify_context=context,
    )
