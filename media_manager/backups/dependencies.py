from typing import Annotated

from fastapi import Depends, Request

from media_manager.backups.service import BackupService


async def get_backup_service(request: Request) -> BackupService:
    # Imported here: main wires every router, this one included, into the app.
    from media_manager.main import apply_settings

    return BackupService(request.app.state, apply_settings)


BackupServiceDep = Annotated[BackupService, Depends(get_backup_service)]
