"""What every download-client integration provides, and the values they share.

Contract for the four implementations (qbittorrent, transmission, sabnzbd, nzbget):
- every method is async and never blocks the event loop (blocking SDKs run in a thread);
- no method is called inside a database transaction (check_no_transaction);
- items() is ONE bulk call per tick for all downloads in the client's category;
- errors are ClientError subclasses whose message names the client and says what is wrong.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from media_manager.core.checks import CheckResult
from media_manager.downloads.config import DownloadClientSettings, DownloadProtocol


class DownloadStatus(StrEnum):
    QUEUED = "queued"
    DOWNLOADING = "downloading"
    STALLED = "stalled"
    PAUSED = "paused"
    COMPLETED = "completed"
    FAILED = "failed"
    # The client no longer has it (removed by hand); set by the poller, never by a client.
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class ClientItem:
    """One download as the client reports it in a bulk listing."""

    # Info hash (40 lowercase hex, v1) for torrents; nzo_id (SABnzbd) or NZBID (NZBGet).
    id: str
    name: str
    status: DownloadStatus
    progress: float  # 0.0 .. 1.0
    size_bytes: int | None = None
    downloaded_bytes: int | None = None
    download_speed: int | None = None  # bytes per second
    upload_speed: int | None = None
    eta_seconds: int | None = None
    ratio: float | None = None
    # Where the client says the content is (its own path, before path mappings): the file of a
    # single-file torrent or the top folder. Never guessed from the release name.
    content_path: str | None = None
    category: str | None = None
    # The client's own reason when status is FAILED (or a warning it shows).
    error: str | None = None
    seeding_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class ReleaseFile:
    """What is handed to a client: the fetched .torrent/.nzb content, or a magnet link."""

    kind: Literal["torrent", "nzb", "magnet"]
    # A name for the download (the release title); the client may keep its own.
    name: str
    content: bytes | None = None
    magnet: str | None = None
    # Computed by the grab before adding (torrents and magnets), so the download is found.
    info_hash: str | None = None


class ClientError(Exception):
    """A client call failed; the message names the client and says what went wrong."""

    def __init__(self, client: str, message: str) -> None:
        super().__init__(f"{client}: {message}")
        self.client = client
        self.reason = message


class ClientUnavailable(ClientError):
    """The client cannot be reached (down, refused, timed out)."""


class ClientAuthFailed(ClientError):
    """The client answered but refused the credentials."""


class ClientRejected(ClientError):
    """The client refused the request (a bad torrent, an unknown category, a duplicate)."""


class DownloadClient(ABC):
    def __init__(self, settings: DownloadClientSettings) -> None:
        self.settings = settings

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def protocol(self) -> DownloadProtocol:
        return self.settings.protocol

    @abstractmethod
    async def test(self) -> CheckResult:
        """Version, credentials, and the category/label with its save path, in plain words."""

    @abstractmethod
    async def add(self, release: ReleaseFile) -> str:
        """Add the release in the client's category; returns the id items() will report."""

    @abstractmethod
    async def items(self) -> list[ClientItem]:
        """Every download in the client's category, in one bulk call."""

    @abstractmethod
    async def pause(self, ids: list[str]) -> None: ...

    @abstractmethod
    async def resume(self, ids: list[str]) -> None: ...

    @abstractmethod
    async def remove(self, ids: list[str], *, delete_data: bool) -> None:
        """Remove from the client; with delete_data the downloaded files are deleted too."""

    async def close(self) -> None:  # noqa: B027 - most integrations hold nothing to close
        """Release sessions and connections."""
