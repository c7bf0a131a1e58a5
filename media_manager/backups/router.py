from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from fastapi.responses import FileResponse

from media_manager.auth.dependencies import AdminUser
from media_manager.backups.dependencies import BackupServiceDep
from media_manager.backups.schemas import BackupRead, RestoreRequest, RestoreResult
from media_manager.core.dependencies import SessionDep
from media_manager.core.schemas import SIGNED_IN_ERRORS, Storable, error_responses

router = APIRouter(prefix="/system/backups", tags=["system"], responses=SIGNED_IN_ERRORS)

BackupName = Annotated[str, Path(max_length=200), Storable]


@router.get("")
async def list_backups(_admin: AdminUser, service: BackupServiceDep) -> list[BackupRead]:
    """Every backup under <data_dir>/backups, newest first."""
    return await service.all()


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_backup(
    _admin: AdminUser, service: BackupServiceDep, session: SessionDep
) -> BackupRead:
    """Back up the database and the settings now (the file holds secrets: keep it private)."""
    # Nothing of this request's is written; its transaction must not be open while copying.
    await session.commit()
    return await service.create("manual")


@router.get(
    "/{name}",
    response_class=FileResponse,
    responses={
        200: {"content": {"application/zip": {}}, "description": "The backup file"},
        **error_responses(404),
    },
)
async def download_backup(
    _admin: AdminUser, service: BackupServiceDep, name: BackupName
) -> FileResponse:
    """Download a backup (a zip with the database and the settings, secrets included)."""
    return FileResponse(service.path(name), media_type="application/zip", filename=name)


@router.delete(
    "/{name}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(404),
)
async def delete_backup(_admin: AdminUser, service: BackupServiceDep, name: BackupName) -> Response:
    """Delete a backup file."""
    await service.delete(name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{name}/restore", responses=error_responses(404, 409))
async def restore_backup(
    _admin: AdminUser,
    service: BackupServiceDep,
    session: SessionDep,
    name: BackupName,
    body: RestoreRequest,
) -> RestoreResult:
    """Replace all data with the backup's (send its name as `confirm`); settings reload."""
    return await service.restore(name, body.confirm, session)
