from fastapi import status

from media_manager.core.errors import AppError, Conflict, NotFound, ServiceUnavailable
from media_manager.downloads.clients.base import ClientError, ClientUnavailable


class DownloadNotFound(NotFound):
    pass


class BlocklistEntryNotFound(NotFound):
    pass


class ReleaseFileError(AppError):
    """The indexer did not hand over a usable .torrent, .nzb or magnet link."""

    status_code = status.HTTP_502_BAD_GATEWAY


class ReleaseBlocklisted(Conflict):
    pass


class AlreadyDownloading(Conflict):
    pass


class DownloadNotActive(Conflict):
    """Pausing or resuming a download that is no longer in the queue."""


class NoDownloadClient(ServiceUnavailable):
    """No enabled client takes the release's protocol: one must be added in the settings."""


class DownloadClientUnavailable(ServiceUnavailable):
    """The client is down, refused the connection or timed out; the message names it."""


class DownloadClientFailed(AppError):
    """The client answered but refused the request (credentials, a bad torrent, a duplicate)."""

    status_code = status.HTTP_502_BAD_GATEWAY


def client_error(exc: ClientError) -> AppError:
    """The API error for a failed client call: 503 when it is down, 502 when it refused."""
    message = f"Download client {exc}"
    if isinstance(exc, ClientUnavailable):
        return DownloadClientUnavailable(message)
    return DownloadClientFailed(message)
