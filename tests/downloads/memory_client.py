"""A test-only download client that keeps its downloads in memory.

It is NOT an integration with any real program: it stands in for one behind the DownloadClient
interface so that grab and poller logic can be tested on its own. The real clients are tested
against qbittorrent-nox, transmission-daemon, SABnzbd and NZBGet started by fixtures.
"""

import uuid
from collections import Counter
from dataclasses import replace

from media_manager.core.checks import CheckResult
from media_manager.downloads.clients.base import (
    ClientItem,
    ClientRejected,
    ClientUnavailable,
    DownloadClient,
    DownloadStatus,
    ReleaseFile,
)
from media_manager.downloads.config import DownloadClientSettings


class InMemoryTestClient(DownloadClient):
    def __init__(self, settings: DownloadClientSettings) -> None:
        super().__init__(settings)
        self.downloads: dict[str, ClientItem] = {}
        self.added: list[ReleaseFile] = []
        self.removed: list[tuple[list[str], bool]] = []
        self.calls: Counter[str] = Counter()
        # True: every call fails as if the program were not running.
        self.down = False
        self.closed = False

    def _check(self, call: str) -> None:
        self.calls[call] += 1
        if self.down:
            raise ClientUnavailable(self.name, "connection refused (test client is down)")

    async def test(self) -> CheckResult:
        self._check("test")
        raise NotImplementedError("not used by these tests")

    async def add(self, release: ReleaseFile) -> str:
        self._check("add")
        if release.kind in ("torrent", "magnet"):
            if not release.info_hash:
                raise ClientRejected(self.name, "a torrent without its info hash")
            item_id = release.info_hash
        else:
            assert release.content and b"<nzb" in release.content
            item_id = f"SABnzbd_nzo_{uuid.uuid4().hex[:8]}"
        self.added.append(release)
        self.downloads[item_id] = ClientItem(
            id=item_id, name=release.name, status=DownloadStatus.QUEUED, progress=0.0
        )
        return item_id

    async def items(self) -> list[ClientItem]:
        self._check("items")
        return list(self.downloads.values())

    async def pause(self, ids: list[str]) -> None:
        self._check("pause")
        for item_id in ids:
            self.set(item_id, status=DownloadStatus.PAUSED)

    async def resume(self, ids: list[str]) -> None:
        self._check("resume")
        for item_id in ids:
            self.set(item_id, status=DownloadStatus.DOWNLOADING)

    async def remove(self, ids: list[str], *, delete_data: bool) -> None:
        self._check("remove")
        self.removed.append((list(ids), delete_data))
        for item_id in ids:
            self.downloads.pop(item_id, None)

    async def close(self) -> None:
        self.closed = True

    def set(self, item_id: str, **changes) -> None:
        """Change what the client reports for one download (progress, status, paths)."""
        self.downloads[item_id] = replace(self.downloads[item_id], **changes)
