"""The poller: one bulk listing per client per tick, and what each listing changes."""

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import State

from media_manager.app_jobs import create_job_runner
from media_manager.downloads.clients.base import DownloadStatus
from media_manager.downloads.models import Download
from media_manager.downloads.registry import DownloadClients
from media_manager.downloads.service import DownloadPoller
from media_manager.main import apply_settings
from tests.downloads.conftest import MemoryClients, downloads_settings
from tests.downloads.factories import ago, create_download, listed


@pytest.fixture
def poller(app, clients) -> DownloadPoller:
    state = app.state
    return DownloadPoller(state.sessionmaker, state.settings, state.download_clients)


async def reload(session: AsyncSession, download: Download) -> Download:
    return (
        await session.execute(
            select(Download)
            .where(Download.id == download.id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one()


async def test_one_listing_per_client_per_tick_whatever_the_number_of_downloads(
    poller: DownloadPoller, app, clients, session: AsyncSession
):
    qbit = app.state.download_clients.get("qbit")
    sab = app.state.download_clients.get("sab")
    downloads = [await create_download(session, title=f"Release.{n}") for n in range(50)]
    for n, download in enumerate(downloads):
        listed(qbit, download, progress=n / 100, download_speed=1000 + n)

    report = await poller.poll()

    assert qbit.calls == {"items": 1}
    assert sab.calls == {"items": 1}
    assert report.updated == 50
    last = await reload(session, downloads[49])
    assert last.status == "downloading"
    assert last.progress == pytest.approx(0.49)
    assert last.download_speed == 1049


async def test_content_path_is_mapped_to_our_path(
    app, session: AsyncSession, tmp_path, database_url, torznab
):
    settings = downloads_settings(
        tmp_path,
        database_url,
        torznab,
        downloads={
            "clients": [
                {
                    "name": "qbit",
                    "kind": "qbittorrent",
                    "url": "http://x",
                    "path_mappings": [{"remote": "/downloads", "local": "/mnt/nas/downloads"}],
                }
            ]
        },
    )
    apply_settings(app.state, settings)
    found = MemoryClients()
    registry = DownloadClients(settings.downloads, found.factory)
    download = await create_download(session)
    listed(
        registry.get("qbit"),
        download,
        status=DownloadStatus.COMPLETED,
        progress=1.0,
        content_path="/downloads/Some Folder",
        ratio=1.5,
    )

    await DownloadPoller(app.state.sessionmaker, settings, registry).poll()

    done = await reload(session, download)
    assert done.status == "completed"
    assert done.content_path == "/downloads/Some Folder"
    assert done.local_path == "/mnt/nas/downloads/Some Folder"
    assert done.completed_at is not None
    assert done.ratio == 1.5


async def test_download_the_client_no_longer_lists_becomes_missing(
    poller: DownloadPoller, app, session: AsyncSession
):
    qbit = app.state.download_clients.get("qbit")
    kept = await create_download(session)
    gone = await create_download(session)
    listed(qbit, kept)

    report = await poller.poll()

    assert report.missing == 1
    assert (await reload(session, gone)).status == "missing"
    assert "no longer lists" in (await reload(session, gone)).error
    assert (await reload(session, kept)).status == "downloading"


async def test_client_outage_is_logged_once_and_keeps_the_last_state(
    poller: DownloadPoller, app, session: AsyncSession, caplog
):
    qbit = app.state.download_clients.get("qbit")
    download = await create_download(session, status="downloading", progress=0.3)
    qbit.down = True
    caplog.set_level(logging.INFO, logger="media_manager.downloads")

    for _ in range(3):
        report = await poller.poll()
    qbit.down = False
    listed(qbit, download, progress=0.6)
    await poller.poll()

    assert report.clients_down == ["qbit"]
    assert report.clients_polled == ["sab"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "qbit is unreachable" in warnings[0].getMessage()
    infos = [r.getMessage() for r in caplog.records if "answers again (was" in r.getMessage()]
    assert len(infos) == 1
    assert (await reload(session, download)).progress == pytest.approx(0.6)


async def test_outage_leaves_the_downloads_untouched(
    poller: DownloadPoller, app, session: AsyncSession
):
    qbit = app.state.download_clients.get("qbit")
    download = await create_download(session, status="downloading", progress=0.3)
    qbit.down = True

    await poller.poll()

    again = await reload(session, download)
    assert again.status == "downloading"
    assert again.progress == pytest.approx(0.3)


async def test_torrent_stalled_past_the_limit_is_failed(
    app, session: AsyncSession, tmp_path, database_url, torznab
):
    settings = downloads_settings(
        tmp_path,
        database_url,
        torznab,
        downloads={
            "clients": [{"name": "qbit", "kind": "qbittorrent", "url": "http://x"}],
            "stalled_failure_minutes": 30,
        },
    )
    registry = DownloadClients(settings.downloads, MemoryClients().factory)
    stuck = await create_download(session, progress=0.2, progressed_at=ago(minutes=31))
    recent = await create_download(session, progress=0.2, progressed_at=ago(minutes=5))
    moving = await create_download(session, progress=0.2, progressed_at=ago(minutes=40))
    qbit = registry.get("qbit")
    listed(qbit, stuck, status=DownloadStatus.STALLED, progress=0.2)
    listed(qbit, recent, status=DownloadStatus.STALLED, progress=0.2)
    listed(qbit, moving, status=DownloadStatus.DOWNLOADING, progress=0.25)

    report = await DownloadPoller(app.state.sessionmaker, settings, registry).poll()

    assert report.failed == 1
    failed = await reload(session, stuck)
    assert failed.status == "failed"
    assert "No progress for more than 30 minutes" in failed.error
    assert (await reload(session, recent)).status == "stalled"
    assert (await reload(session, moving)).status == "downloading"


async def test_failure_reported_by_the_client_keeps_its_reason(
    poller: DownloadPoller, app, session: AsyncSession
):
    sab = app.state.download_clients.get("sab")
    download = await create_download(session, client="sab", protocol="usenet", client_item_id="n1")
    listed(sab, download, status=DownloadStatus.FAILED, progress=0.4, error="CRC error in par2")

    await poller.poll()
    await poller.poll()

    failed = await reload(session, download)
    assert failed.status == "failed"
    assert failed.error == "CRC error in par2"


async def test_poll_job_is_declared_with_the_poll_seconds_setting(tmp_path, database_url, torznab):
    settings = downloads_settings(tmp_path, database_url, torznab, downloads={"poll_seconds": 7})
    runner = create_job_runner(State(), settings)

    assert runner.get("downloads.poll").interval.total_seconds() == 7
