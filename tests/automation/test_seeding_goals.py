"""Removing imported downloads from their clients once they reach their seeding goals."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext
from media_manager.downloads.clients.base import DownloadStatus
from media_manager.downloads.dependencies import job_poller
from media_manager.downloads.registry import DownloadClients
from media_manager.importer.models import DownloadImport
from media_manager.main import apply_settings
from tests.downloads.conftest import MemoryClients, downloads_settings
from tests.downloads.factories import ago, create_download, listed

GOALS = {"remove_completed": True, "seed_ratio_goal": 1.0, "seed_hours_goal": 24}


@pytest.fixture
def settings(tmp_path, database_url, torznab):
    return downloads_settings(tmp_path, database_url, torznab, automation=GOALS)


async def finished(session: AsyncSession, client, *, imported: bool = True, **item):
    download = await create_download(
        session, status="completed", progress=1.0, completed_at=ago(hours=1), **item.pop("row", {})
    )
    if imported:
        session.add(
            DownloadImport(
                download_id=download.id, status="imported", attempts=1, updated_at=datetime.now(UTC)
            )
        )
        await session.commit()
    listed(client, download, status=DownloadStatus.COMPLETED, progress=1.0, **item)
    return download


async def test_imported_torrents_leave_the_client_at_their_goal_and_not_before(
    app, clients, session: AsyncSession
):
    qbit = app.state.download_clients.get("qbit")
    at_ratio = await finished(session, qbit, ratio=1.2, seeding_seconds=600)
    seeded_long = await finished(session, qbit, ratio=0.1, seeding_seconds=25 * 3600)
    still_seeding = await finished(session, qbit, ratio=0.5, seeding_seconds=3600)
    not_imported = await finished(session, qbit, imported=False, ratio=5.0)

    await job_poller(JobContext(app.state)).poll()

    removed = sorted(id for ids, _ in qbit.removed for id in ids)
    assert removed == sorted([at_ratio.client_item_id, seeded_long.client_item_id])
    assert all(flag for _, flag in qbit.removed)  # hardlinked library: the data may go
    assert still_seeding.client_item_id in qbit.downloads
    assert not_imported.client_item_id in qbit.downloads


async def test_imported_usenet_downloads_leave_the_client_at_once(
    app, clients, session: AsyncSession
):
    sab = app.state.download_clients.get("sab")
    download = await finished(session, sab, row={"client": "sab", "protocol": "usenet"})

    await job_poller(JobContext(app.state)).poll()

    assert sab.removed == [([download.client_item_id], True)]


async def test_nothing_is_removed_unless_asked(
    app, clients, session: AsyncSession, tmp_path, database_url, torznab
):

    settings = downloads_settings(tmp_path, database_url, torznab)
    apply_settings(app.state, settings)

    found = MemoryClients()
    app.state.download_clients = DownloadClients(settings.downloads, found.factory)
    qbit = app.state.download_clients.get("qbit")
    await finished(session, qbit, ratio=9.0, seeding_seconds=99 * 3600)

    await job_poller(JobContext(app.state)).poll()

    assert qbit.removed == []
