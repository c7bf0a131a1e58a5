from fastapi import status

from media_manager.core.errors import AppError, NotFound, ServiceUnavailable


class IndexerError(AppError):
    """An indexer could not answer a request; the message names the indexer."""

    status_code = status.HTTP_502_BAD_GATEWAY


class IndexerUnavailable(IndexerError):
    """Connection refused, DNS failure, TLS error or an HTTP error status."""


class IndexerTimeout(IndexerError):
    status_code = status.HTTP_504_GATEWAY_TIMEOUT


class IndexerBadResponse(IndexerError):
    """The answer is not usable: invalid or unsafe XML, too large, or not RSS/caps."""


class IndexerApiError(IndexerError):
    """The indexer answered with a Newznab <error code=... description=...>."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class IndexerNotFound(NotFound):
    pass


class ProwlarrUnavailable(IndexerError):
    """Prowlarr's own API (the list of its indexers) could not be read."""


class NoIndexers(ServiceUnavailable):
    """No indexer is enabled at all; the message says where to add one."""
