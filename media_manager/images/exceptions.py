from fastapi import status

from media_manager.core.errors import AppError, NotFound


class PosterNotFound(NotFound):
    pass


class PosterUnavailable(AppError):
    """The poster could not be downloaded, or what came back is not a usable image."""

    status_code = status.HTTP_502_BAD_GATEWAY
