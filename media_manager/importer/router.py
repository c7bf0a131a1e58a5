"""Imports in the activity API (history, blocked, manual import) and the files of an item."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body

from media_manager.auth.dependencies import CurrentUser
from media_manager.core.dependencies import PageParamsDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Page, error_responses
from media_manager.importer.dependencies import ImportServiceDep
from media_manager.importer.schemas import (
    BlockedImportRead,
    ImportFileRead,
    ImportOutcome,
    ImportRecordRead,
    ImportRequest,
    MediaFileRead,
)

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
