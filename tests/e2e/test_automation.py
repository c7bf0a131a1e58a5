"""Issue 12 end to end: automation's jobs search, grab and re-grab by themselves; the poll job
imports; the Apprise target hears about each event exactly once."""

import asyncio
import os
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.downloads.models import Download
from media_manager.importer.tasks import retry_imports
from tests.e2e.conftest import (
    MB,
    MOVIE_FOLDER,
    MOVIE_TMDB_ID,
    SHOW_FOLDER,
    TMDB_ID,
    TVDB_ID,
    events,
)
from tests.importer.factories import create_media_file
from tests.movies.factories import create_movie
from tests.support.torrent_clients import QBittorrent
from tests.support.torznab import Release as IndexerRelease
from tests.support.webhook import WebhookReceiver
from tests.tv.factories import create_show

YESTERDAY = date.today() - timedelta(days=1)


def episode_release(title: str, torrent: bytes, **options) -> IndexerRelease:
    return IndexerRelease(title, size=MB, tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, file=torrent, **options)


async def downloads_of(session: AsyncSession, **owner: uuid.UUID) -> list[Download]:
    column, value = next(iter(owner.items()))
    query = (
        select(Download)
        .where(getattr(Download, column) == value)
        .order_by(Download.grabbed_at)
        .execution_options(populate_existing=True)
    )
    return list((await session.execute(query)).scalars())


async def test_aired_episode_is_found_grabbed_imported_and_notified_exactly_once(
    session: AsyncSession,
    settings: Settings,
    torznab,
    seed,
    jobs,
    group: str,
    receiver: WebhookReceiver,
):
    name = f"Show.Name.S01E01.1080p.WEB-DL.H.264-{group}"
    release = await seed(name, {f"{name}.mkv": MB})
    torznab.indexers["site"].releases.append(episode_release(name, release.torrent))
    show = await create_show(
        session,
        name="Show Name",
        year=2015,
        tvdb_id=TVDB_ID,
        tmdb_id=TMDB_ID,
        seasons={1: [YESTERDAY]},
    )

    await jobs.search_new()

    [download] = await downloads_of(session, show_id=show.id)
    assert download.title == name
    await jobs.poll_until_imported(download.id)
    target = (
        settings.paths.tv
        / SHOW_FOLDER
        / "Season 01"
        / "Show Name - S01E01 - Episode 1 [WEBDL-1080p].mkv"
    )
    assert target.is_file()
    # More ticks, the retry job and another search: nothing is announced again.
    for _ in range(3):
        await jobs.poll()
    await retry_imports(jobs.context)
    await jobs.search_new()
    assert events(receiver) == ["Grabbed", "Imported"]
    assert name in receiver.received[1].body["title"]
    assert len(await downloads_of(session, show_id=show.id)) == 1


async def test_failed_download_is_blocklisted_and_another_release_grabbed(
    client: AsyncClient,
    admin_headers: dict,
    session: AsyncSession,
    settings: Settings,
    torznab,
    qbittorrent: QBittorrent,
    seed,
    jobs,
    group: str,
    receiver: WebhookReceiver,
):
    dead = f"Show.Name.S01E01.1080p.WEB-DL.H.264-{group}DEAD"
    alive = f"Show.Name.S01E01.1080p.WEB-DL.H.264-{group}"
    # Nobody seeds the first one: it stalls in qBittorrent.
    dead_release = await seed(dead, {f"{dead}.mkv": MB}, seeded=False)
    alive_release = await seed(alive, {f"{alive}.mkv": MB})
    torznab.indexers["site"].releases += [
        episode_release(dead, dead_release.torrent, seeders=500),
        episode_release(alive, alive_release.torrent, seeders=5),
    ]
    show = await create_show(
        session,
        name="Show Name",
        year=2015,
        tvdb_id=TVDB_ID,
        tmdb_id=TMDB_ID,
        seasons={1: [YESTERDAY]},
    )

    await jobs.search_new()
    [first] = await downloads_of(session, show_id=show.id)
    assert first.title == dead
    deadline = time.monotonic() + 30
    while (await jobs.download(first.id)).status not in ("stalled", "downloading"):
        assert time.monotonic() < deadline, "qBittorrent never reported the download"
        await jobs.poll()
        await asyncio.sleep(0.2)
    # Time passes: no progress for longer than downloads.stalled_failure_minutes (1).
    first.progressed_at = datetime.now(UTC) - timedelta(minutes=5)
    await session.flush()

    report = await jobs.poll()

    assert report.failed_ids == [first.id]
    blocklist = (await client.get("/api/v1/activity/blocklist", headers=admin_headers)).json()
    assert [entry["title"] for entry in blocklist["items"]] == [dead]
    # Removed from qBittorrent (automation.remove_failed_from_client).
    assert not qbittorrent.torrents(hashes=dead_release.info_hash)
    failed, second = await downloads_of(session, show_id=show.id)
    assert (failed.id, failed.status) == (first.id, "failed")
    assert second.title == alive
    await jobs.poll_until_imported(second.id)
    await jobs.poll()
    assert events(receiver) == ["Grabbed", "Download failed", "Grabbed", "Imported"]


async def test_upgrade_replaces_the_file_and_recycles_the_old_one(
    session: AsyncSession,
    settings: Settings,
    torznab,
    qbittorrent: QBittorrent,
    seed,
    jobs,
    group: str,
    receiver: WebhookReceiver,
):
    movie = await create_movie(session, title="Movie Title", year=1999, tmdb_id=MOVIE_TMDB_ID)
    old_path = f"{MOVIE_FOLDER}/Movie Title (1999) [WEBRip-1080p].mkv"
    old = settings.paths.movies / old_path
    old.parent.mkdir(parents=True)
    old_bytes = os.urandom(1000)
    old.write_bytes(old_bytes)
    # Below the HD-1080p profile's cutoff (web-1080p).
    await create_media_file(session, movie_id=movie.id, quality="webrip-1080p", path=old_path)
    name = f"Movie.Title.1999.1080p.BluRay.x264-{group}"
    release = await seed(name, {f"{name}.mkv": 2 * MB})
    torznab.indexers["site"].releases.append(
        IndexerRelease(
            name, size=2 * MB, category=2040, tmdb_id=MOVIE_TMDB_ID, file=release.torrent
        )
    )

    await jobs.search_new()

    [download] = await downloads_of(session, movie_id=movie.id)
    assert download.title == name
    await jobs.poll_until_imported(download.id)
    new = settings.paths.movies / MOVIE_FOLDER / "Movie Title (1999) [Bluray-1080p].mkv"
    source = qbittorrent.save_path / name / f"{name}.mkv"
    assert os.stat(new).st_ino == os.stat(source).st_ino
    assert not old.exists()
    recycled = settings.paths.movies / settings.importer.recycle_folder / old_path
    assert recycled.read_bytes() == old_bytes
    assert events(receiver) == ["Grabbed", "Upgraded"]
