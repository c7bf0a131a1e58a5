"""Imports in the activity API (history, blocked, manual import) and the files of an item."""

import logging
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Body, status

from media_manager.auth.dependencies import AdminUser, CurrentUser
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.scheduler import JobAlreadyRunning, JobRunner, JobsPaused
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, error_responses
from media_manager.importer.dependencies import ExistingLibraryServiceDep, ImportServiceDep
from media_manager.importer.schemas import (
    BlockedImportRead,
    ImportFileRead,
    ImportOutcome,
    ImportRecordRead,
    ImportRequest,
    JobStarted,
    MediaFileRead,
    NamingPreview,
    NamingPreviewRequest,
    RenameRead,
    RenameResult,
    ScanFolderRead,
    ScanImportQueued,
    ScanImportRequest,
    ScanStatus,
)
from media_manager.importer.tasks import LIBRARY_IMPORT_JOB_ID, SCAN_JOB_ID
from media_manager.system.jobs.dependencies import JobRunnerDep

log = logging.getLogger(__name__)

router = APIRouter(prefix="/activity", tags=["imports"], responses=SIGNED_IN_ERRORS)
files_router = APIRouter(tags=["imports"], responses=SIGNED_IN_ERRORS)


@router.get("/imports")
async def import_history(
    user: CurrentUser,
    service: ImportServiceDep,
    page: PageParamsDep,
    outcome: ImportOutcome | None = None,
    download_id: uuid.UUID | None = None,
) -> Page[ImportRecordRead]:
    """Imports of completed downloads, newest first: what went where, or why not."""
    return await service.history(user, page, outcome, download_id)


@router.get("/imports/blocked")
async def blocked_imports(
    user: CurrentUser, service: ImportServiceDep, page: PageParamsDep
) -> Page[BlockedImportRead]:
    """Completed downloads whose import is blocked or failed, with the reason."""
    return await service.blocked(user, page)


@router.get("/{download_id}/import/files", responses=error_responses(404, 409))
async def import_files(
    user: CurrentUser, service: ImportServiceDep, download_id: uuid.UUID
) -> list[ImportFileRead]:
    """The files of a completed download, each with the match the importer suggests."""
    return await service.suggestions(download_id, user)


@router.post("/{download_id}/import", responses=error_responses(404, 409))
async def import_download(
    user: CurrentUser,
    service: ImportServiceDep,
    download_id: uuid.UUID,
    data: Annotated[ImportRequest | None, Body()] = None,
) -> ImportRecordRead:
    """Import a completed download again, or the files chosen by hand (manual import)."""
    choices = data.files if data is not None else None
    return await service.import_download(download_id, user, choices)


@files_router.get("/tv/shows/{show_id}/files", responses=error_responses(404))
async def show_files(
    _user: CurrentUser, service: ImportServiceDep, show_id: uuid.UUID
) -> list[MediaFileRead]:
    """The show's files in its library, with their episodes, quality and subtitles."""
    return await service.files_of("tv", show_id)


@files_router.get("/movies/{movie_id}/files", responses=error_responses(404))
async def movie_files(
    _user: CurrentUser, service: ImportServiceDep, movie_id: uuid.UUID
) -> list[MediaFileRead]:
    """The movie's files in its library, with quality and subtitles."""
    return await service.files_of("movie", movie_id)


@files_router.post(
    "/library/scan", status_code=status.HTTP_202_ACCEPTED, responses=error_responses(409)
)
async def scan_library(
    _admin: AdminUser, runner: JobRunnerDep, background: BackgroundTasks
) -> JobStarted:
    """Scan every library folder for shows and movies not in the library yet (a background job)."""
    runner.check_can_run(SCAN_JOB_ID)
    # After the response, so the job never shares the request's unit of work.
    background.add_task(_start_job, runner, SCAN_JOB_ID)
    return JobStarted(
        job_id=SCAN_JOB_ID,
        message=f"Scanning; follow {SCAN_JOB_ID} in /api/v1/system/jobs, then read the results",
    )


@files_router.get("/library/scan")
async def scanned_folders(
    _admin: AdminUser,
    service: ExistingLibraryServiceDep,
    page: PageParamsDep,
    status: ScanStatus | None = None,
    kind: Literal["tv", "movie"] | None = None,
) -> Page[ScanFolderRead]:
    """Folders the library scan found, each with its suggested show or movie."""
    return await service.page(page, status, kind)


@files_router.post(
    "/library/scan/import",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(404, 409),
)
async def import_scanned(
    _admin: AdminUser,
    service: ExistingLibraryServiceDep,
    runner: JobRunnerDep,
    data: ScanImportRequest,
    background: BackgroundTasks,
) -> ScanImportQueued:
    """Add scanned folders' shows and movies and register their files where they are."""
    queued = await service.queue_import(data)
    # After the response, hence after the commit: the job reads the queued folders.
    background.add_task(_start_job, runner, LIBRARY_IMPORT_JOB_ID)
    return ScanImportQueued(
        queued=queued,
        job_id=LIBRARY_IMPORT_JOB_ID,
        message=f"{queued} folder(s) queued; follow {LIBRARY_IMPORT_JOB_ID} in /api/v1/system/jobs",
    )


@files_router.get("/tv/shows/{show_id}/rename", responses=error_responses(404))
async def show_rename_preview(
    _user: CurrentUser, service: ExistingLibraryServiceDep, show_id: uuid.UUID
) -> list[RenameRead]:
    """The show's files whose names the current naming templates would change (old and new)."""
    return await service.rename_preview("tv", show_id)


@files_router.post("/tv/shows/{show_id}/rename", responses=error_responses(404))
async def show_rename(
    _admin: AdminUser, service: ExistingLibraryServiceDep, show_id: uuid.UUID
) -> RenameResult:
    """Rename the show's files as the naming templates say; subtitles follow; never overwrites."""
    return await service.rename_apply("tv", show_id)


@files_router.get("/movies/{movie_id}/rename", responses=error_responses(404))
async def movie_rename_preview(
    _user: CurrentUser, service: ExistingLibraryServiceDep, movie_id: uuid.UUID
) -> list[RenameRead]:
    """The movie's files whose names the current naming templates would change (old and new)."""
    return await service.rename_preview("movie", movie_id)


@files_router.post("/movies/{movie_id}/rename", responses=error_responses(404))
async def movie_rename(
    _admin: AdminUser, service: ExistingLibraryServiceDep, movie_id: uuid.UUID
) -> RenameResult:
    """Rename the movie's files as the naming templates say; subtitles follow; never overwrites."""
    return await service.rename_apply("movie", movie_id)


async def _start_job(runner: JobRunner, job_id: str) -> None:
    try:
        runner.run_now(job_id)
    except JobAlreadyRunning:
        # A running scan finds the same folders; a running import takes queued ones until none
        # are left.
        log.info("%s is running already", job_id)
    except JobsPaused as exc:
        # What was queued stays queued: the job's next turn takes it.
        log.info("%s not started now: %s", job_id, exc.message)


@files_router.post("/naming/preview")
async def preview_naming(
    _admin: AdminUser, service: ImportServiceDep, templates: NamingPreviewRequest
) -> NamingPreview:
    """Sample episode, multi-episode and movie paths for unsaved naming templates (admins only)."""
    return service.preview_names(templates)
