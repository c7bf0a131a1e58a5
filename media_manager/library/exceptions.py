from fastapi import status

from media_manager.core.errors import AppError


class UnknownLibrary(AppError):
    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT


class UnsafeLibraryPath(AppError):
    """A folder that would be changed lies outside its library (symlink, `..`, bad name)."""

    status_code = status.HTTP_409_CONFLICT
