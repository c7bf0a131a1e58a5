from fastapi import status

from media_manager.core.errors import AppError, NotFound


class MetadataUnavailable(AppError):
    """The relay could not be reached, or it could not reach TMDB/TVDB."""

    status_code = status.HTTP_502_BAD_GATEWAY


class MetadataSourceNotConfigured(AppError):
    """Neither TMDB/TVDB keys nor a relay URL are set: there is nowhere to ask."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE


class MetadataProviderNotConfigured(AppError):
    """The source has no API key for the provider asked for."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE


class MetadataKeyRejected(AppError):
    """TMDB or TVDB refused the API key (HTTP 401 upstream)."""

    status_code = status.HTTP_502_BAD_GATEWAY


class MetadataBadResponse(AppError):
    status_code = status.HTTP_502_BAD_GATEWAY


class MetadataTimeout(AppError):
    status_code = status.HTTP_504_GATEWAY_TIMEOUT


class MetadataRateLimited(AppError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS


class MetadataNotFound(NotFound):
    pass


class MetadataNotSupported(AppError):
    status_code = status.HTTP_400_BAD_REQUEST
