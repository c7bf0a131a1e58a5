from fastapi import status

from media_manager.core.errors import AppError


class InvalidDateRange(AppError):
    status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
