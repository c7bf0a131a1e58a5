from fastapi import status

from media_manager.core.errors import AppError, Conflict, NotFound


class BackupNotFound(NotFound):
    pass


class BackupNotRestorable(Conflict):
    pass


class RestoreNotConfirmed(AppError):
    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
