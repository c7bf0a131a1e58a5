"""Settings of the download clients: qBittorrent, Transmission, SABnzbd and NZBGet."""

from pathlib import PurePosixPath
from typing import Literal

from pydantic import Field, SecretStr, field_validator

from media_manager.core.config import Section

DownloadClientKind = Literal["qbittorrent", "transmission", "sabnzbd", "nzbget"]
DownloadProtocol = Literal["torrent", "usenet"]
TORRENT_KINDS: frozenset[str] = frozenset({"qbittorrent", "transmission"})
USENET_KINDS: frozenset[str] = frozenset({"sabnzbd", "nzbget"})
DEFAULT_CATEGORY = "mediamanager"


class PathMapping(Section):
    """A client that sees other paths (another machine, a container): its prefix -> ours."""

    remote: str = Field(min_length=1, max_length=1000)
    local: str = Field(min_length=1, max_length=1000)


class DownloadClientSettings(Section):
    name: str = Field(min_length=1, max_length=100)
    kind: DownloadClientKind
    # The client's web address: http://host:8080 (qBittorrent), http://host:9091 (Transmission;
    # /transmission/rpc is added), http://host:8080 (SABnzbd), http://host:6789 (NZBGet).
    url: str = Field(min_length=1, max_length=1000)
    username: str | None = Field(None, max_length=200)
    password: SecretStr | None = None
    # SABnzbd's API key.
    api_key: SecretStr | None = None
    # qBittorrent category, Transmission label, SABnzbd/NZBGet category.
    category: str = Field(DEFAULT_CATEGORY, min_length=1, max_length=100)
    # 1 is chosen first among clients of the same protocol, 50 last.
    priority: int = Field(25, ge=1, le=50)
    enabled: bool = True
    path_mappings: list[PathMapping] = []
    timeout_seconds: float = Field(15.0, gt=0, le=300)

    @field_validator("url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def protocol(self) -> DownloadProtocol:
        return "torrent" if self.kind in TORRENT_KINDS else "usenet"


class DownloadSettings(Section):
    clients: list[DownloadClientSettings] = []
    # Seconds between two polls of the clients (one bulk call per client per tick).
    poll_seconds: float = Field(5.0, ge=1, le=3600)
    # A .torrent or .nzb larger than this is refused rather than fetched.
    max_release_file_bytes: int = Field(20 * 1024 * 1024, ge=1024)
    # A torrent without progress for this long is failed (0: never).
    stalled_failure_minutes: int = Field(0, ge=0)

    @field_validator("clients")
    @classmethod
    def _unique_names(cls, value: list[DownloadClientSettings]) -> list[DownloadClientSettings]:
        seen: set[str] = set()
        for client in value:
            key = client.name.casefold()
            if key in seen:
                raise ValueError(f"download client name {client.name!r} is used twice")
            seen.add(key)
        return value


def map_client_path(path: str, mappings: list[PathMapping]) -> str:
    """Translate a path the client reports into ours, by the longest matching remote prefix."""
    best: PathMapping | None = None
    for mapping in mappings:
        remote = mapping.remote.rstrip("/\\")
        if (path == remote or path.startswith((remote + "/", remote + "\\"))) and (
            best is None or len(remote) > len(best.remote.rstrip("/\\"))
        ):
            best = mapping
    if best is None:
        return path
    rest = path[len(best.remote.rstrip("/\\")) :].lstrip("/\\").replace("\\", "/")
    return str(PurePosixPath(best.local) / rest) if rest else best.local
