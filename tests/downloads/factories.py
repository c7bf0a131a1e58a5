"""Downloads seeded straight into the database, for the poller and activity tests."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.downloads.clients.base import ClientItem, DownloadStatus
from media_manager.downloads.models import Download
from tests.downloads.memory_client import InMemoryTestClient


async def create_download(session: AsyncSession, **overrides: Any) -> Download:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "client": "qbit",
        "client_item_id": uuid.uuid4().hex + "00000000",
        "protocol": "torrent",
        "title": "Some.Release.S01.1080p.WEB-DL-GRP",
        "indexer": "tor",
        "release": {},
        "status": "queued",
        "progress": 0.0,
        "kind": "tv",
        "grabbed_at": now,
        "updated_at": now,
        "progressed_at": now,
    } | overrides
    download = Download(**values)
    session.add(download)
    await session.commit()
    return download


def listed(client: InMemoryTestClient, download: Download, **item: Any) -> None:
    """Make the test client list the download, as if it had been added to it."""
    client.downloads[download.client_item_id] = ClientItem(
        id=download.client_item_id,
        name=download.title,
        status=item.pop("status", DownloadStatus.DOWNLOADING),
        progress=item.pop("progress", 0.5),
        **item,
    )


def ago(**delta: float) -> datetime:
    return datetime.now(UTC) - timedelta(**delta)
