"""QBittorrentClient against a real qbittorrent-nox (and a seeding qBittorrent or Transmission)."""

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from media_manager.downloads.clients.base import (
    ClientAuthFailed,
    ClientRejected,
    ClientUnavailable,
    DownloadStatus,
    ReleaseFile,
)
from media_manager.downloads.clients.qbittorrent import QBittorrentClient, _item
from tests.downloads.clients.helpers import (
    exists,
    file_names,
    seed_from_qbittorrent,
    torrent,
    torrent_client,
    until,
    wait_gone,
)
from tests.support.http_server import free_port
from tests.support.torrent_clients import PASSWORD, QBittorrent, make_release


def make_client(url: str, category: str, password: str = PASSWORD) -> QBittorrentClient:
    client = torrent_client("qbittorrent", url, category, password)
    assert isinstance(client, QBittorrentClient)
    return client


@pytest.fixture
async def client(qbittorrent: QBittorrent, category: str) -> AsyncIterator[QBittorrentClient]:
    client = make_client(qbittorrent.url, category)
    yield client
    await client.close()


async def test_add_torrent_creates_category_and_lists_it_by_info_hash(
    client, qbittorrent, category, tracker, group, tmp_path
):
    release = make_release(tmp_path, tracker, name=f"Show.Name.S01.1080p.WEB-DL-{group}")

    assert await client.add(torrent(release)) == release.info_hash

    assert category in qbittorrent.api.get("/api/v2/torrents/categories").json()
    items = await until(client, lambda items: release.info_hash in items, "the torrent listed")
    item = items[release.info_hash]
    assert item.name == release.name
    assert item.category == category
    assert item.size_bytes == sum((release.path / name).stat().st_size for name in release.files)
    assert item.progress == 0.0
    # Nobody seeds it: qBittorrent calls that stalledDL.
    items = await until(
        client,
        lambda items: items[release.info_hash].status is DownloadStatus.STALLED,
        "stalled without peers",
    )
    assert items[release.info_hash].eta_seconds is None
    assert items[release.info_hash].content_path == str(qbittorrent.save_path / release.name)


async def test_adding_the_same_torrent_twice_returns_its_hash(client, tracker, group, tmp_path):
    release = make_release(tmp_path, tracker, name=f"Show.S01.WEB-DL-{group}", episodes=1)
    assert await client.add(torrent(release)) == release.info_hash
    assert await client.add(torrent(release)) == release.info_hash
    assert [item.id for item in await client.items()] == [release.info_hash]


async def test_adding_a_torrent_held_in_another_category_is_refused(
    qbittorrent, tracker, group, tmp_path
):
    release = make_release(tmp_path, tracker, name=f"Show.S01.WEB-DL-{group}", episodes=1)
    first, second = (
        make_client(qbittorrent.url, f"a-{group}"),
        make_client(qbittorrent.url, f"b-{group}"),
    )
    await first.add(torrent(release))
    with pytest.raises(ClientRejected, match=f"already has this torrent in category 'a-{group}'"):
        await second.add(torrent(release))
    await first.close()
    await second.close()


async def test_an_invalid_torrent_is_refused_before_it_is_sent(client):
    with pytest.raises(ClientRejected, match="not a valid torrent file"):
        await client.add(ReleaseFile(kind="torrent", name="x", content=b"<html>login</html>"))


async def test_downloads_from_a_seeder_reporting_progress_then_completed_with_content_path(
    client, qbittorrent, seeder, tracker, group, tmp_path
):
    release = make_release(tmp_path, tracker, name=f"Show.Name.S01.1080p.WEB-DL-{group}")
    # The seeder sends 1 MB/s so the download is seen in progress; unlimited afterwards.
    seed_from_qbittorrent(seeder, release, up_limit=1024 * 1024)
    await client.add(torrent(release))

    items = await until(
        client,
        lambda items: (
            (item := items.get(release.info_hash))
            and item.status is DownloadStatus.DOWNLOADING
            and 0 < item.progress < 1
            and item.download_speed
        ),
        "downloading with progress and speed",
    )
    downloading = items[release.info_hash]
    assert 0 < downloading.downloaded_bytes < downloading.size_bytes
    assert downloading.eta_seconds is None or downloading.eta_seconds > 0
    seeder.call("torrents/setUploadLimit", hashes=release.info_hash, limit="0")

    items = await until(
        client,
        lambda items: items[release.info_hash].status is DownloadStatus.COMPLETED,
        "completed",
    )
    done = items[release.info_hash]
    assert done.progress == 1.0
    assert done.eta_seconds is None
    assert done.content_path == str(qbittorrent.save_path / release.name)
    assert file_names(done.content_path) == list(release.files)
    assert done.ratio == 0.0
    assert done.seeding_seconds is not None


async def test_a_magnet_link_gets_its_metadata_and_content_from_the_swarm(
    client, qbittorrent, seeder, tracker, group, tmp_path
):
    release = make_release(tmp_path, tracker, name=f"Show.Name.S01.720p.HDTV-{group}", episodes=2)
    seed_from_qbittorrent(seeder, release)

    added = await client.add(
        ReleaseFile(kind="magnet", name=release.name, magnet=release.magnet(tracker))
    )

    assert added == release.info_hash
    items = await until(
        client,
        lambda items: (
            release.info_hash in items
            and items[release.info_hash].status is DownloadStatus.COMPLETED
        ),
        "the magnet completed",
    )
    assert items[release.info_hash].content_path == str(qbittorrent.save_path / release.name)
    assert (qbittorrent.save_path / release.name / release.files[0]).is_file()


async def test_pause_and_resume(client, tracker, group, tmp_path):
    release = make_release(tmp_path, tracker, name=f"Show.S01.WEB-DL-{group}", episodes=1)
    await client.add(torrent(release))
    hash_ = release.info_hash
    running = {DownloadStatus.STALLED, DownloadStatus.DOWNLOADING}
    # qBittorrent drops a pause sent while it is still adding the torrent (seen under load).
    await until(client, lambda items: hash_ in items and items[hash_].status in running, "added")

    await client.pause([hash_])
    await until(client, lambda items: items[hash_].status is DownloadStatus.PAUSED, "paused")

    await client.resume([hash_])
    await until(
        client,
        lambda items: items[hash_].status in {DownloadStatus.STALLED, DownloadStatus.DOWNLOADING},
        "running again",
    )


async def test_remove_with_data_deletes_the_downloaded_files(
    client, qbittorrent, seeder, tracker, group, tmp_path
):
    release = make_release(tmp_path, tracker, name=f"Show.S02.1080p.WEB-DL-{group}", episodes=2)
    seed_from_qbittorrent(seeder, release)
    await client.add(torrent(release))
    items = await until(
        client,
        lambda items: (
            items.get(release.info_hash)
            and items[release.info_hash].status is DownloadStatus.COMPLETED
        ),
        "completed",
    )
    content = Path(items[release.info_hash].content_path)
    assert exists(content)

    await client.remove([release.info_hash], delete_data=True)

    assert await client.items() == []
    await wait_gone(content)


async def test_remove_without_data_keeps_the_files(
    client, qbittorrent, seeder, tracker, group, tmp_path
):
    release = make_release(tmp_path, tracker, name=f"Show.S03.1080p.WEB-DL-{group}", episodes=1)
    seed_from_qbittorrent(seeder, release)
    await client.add(torrent(release))
    items = await until(
        client,
        lambda items: (
            items.get(release.info_hash)
            and items[release.info_hash].status is DownloadStatus.COMPLETED
        ),
        "completed",
    )

    await client.remove([release.info_hash], delete_data=False)

    assert await client.items() == []
    assert exists(Path(items[release.info_hash].content_path, release.files[0]))


async def test_a_torrent_removed_by_hand_disappears_from_items(
    client, qbittorrent, tracker, group, tmp_path
):
    kept = make_release(tmp_path / "a", tracker, name=f"Show.S01.WEB-DL-{group}", episodes=1)
    removed = make_release(tmp_path / "b", tracker, name=f"Show.S02.WEB-DL-{group}", episodes=1)
    await client.add(torrent(kept))
    await client.add(torrent(removed))
    await until(client, lambda items: len(items) == 2, "both listed")

    qbittorrent.call("torrents/delete", hashes=removed.info_hash, deleteFiles="false")

    assert [item.id for item in await client.items()] == [kept.info_hash]


async def test_client_down_is_unavailable_fast_and_names_the_url(category):
    url = f"http://127.0.0.1:{free_port()}"
    client = make_client(url, category)
    started = time.monotonic()
    with pytest.raises(ClientUnavailable) as caught:
        await client.items()
    assert time.monotonic() - started < 2
    assert url in str(caught.value)
    assert "connection refused" in str(caught.value)
    result = await client.test()
    assert not result.ok
    assert url in result.message


async def test_wrong_password_is_an_auth_failure(qbittorrent, category):
    client = make_client(qbittorrent.url, category, password="wrong password")
    with pytest.raises(ClientAuthFailed, match="refused the username or password"):
        await client.items()
    result = await client.test()
    assert not result.ok
    assert "username or password" in result.message


async def test_test_reports_version_and_where_the_category_saves(client, qbittorrent, category):
    result = await client.test()
    assert result.ok, result.message
    assert result.details["version"].startswith("v4.") or result.details["version"].startswith(
        "v5."
    )
    assert f"category {category!r} does not exist yet" in result.message
    assert result.details["save_path"].rstrip("/") == str(qbittorrent.save_path)

    save_path = qbittorrent.root / "tv"
    qbittorrent.call("torrents/createCategory", category=category, savePath=str(save_path))
    result = await client.test()
    assert result.ok
    assert result.message.endswith(f"category {category!r} saves to {save_path}")


async def test_test_says_when_the_address_is_not_qbittorrent(tracker, category):
    # The tracker is a web server, but not qBittorrent: its login route answers 404.
    client = make_client(tracker.removesuffix("/announce"), category)
    result = await client.test()
    assert not result.ok
    assert "does not look like qBittorrent" in result.message


@pytest.mark.parametrize(
    ("state", "status", "has_error"),
    [
        ("queuedDL", DownloadStatus.QUEUED, False),
        ("checkingDL", DownloadStatus.QUEUED, False),
        ("metaDL", DownloadStatus.DOWNLOADING, False),
        ("forcedDL", DownloadStatus.DOWNLOADING, False),
        ("stalledDL", DownloadStatus.STALLED, False),
        ("pausedDL", DownloadStatus.PAUSED, False),
        ("stoppedDL", DownloadStatus.PAUSED, False),
        ("pausedUP", DownloadStatus.COMPLETED, False),
        ("queuedUP", DownloadStatus.COMPLETED, False),
        ("error", DownloadStatus.FAILED, True),
        ("missingFiles", DownloadStatus.FAILED, True),
        ("somethingNew", DownloadStatus.QUEUED, True),
    ],
)
def test_state_mapping(state, status, has_error):
    item = _item({"hash": "ab" * 20, "state": state, "eta": 8640000, "progress": 0.5})
    assert item.status is status
    assert (item.error is not None) is has_error
    assert item.eta_seconds is None
