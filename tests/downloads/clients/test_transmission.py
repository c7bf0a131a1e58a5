"""TransmissionClient against a real transmission-daemon 3.00, fed by a seeding qBittorrent."""

import time
from collections.abc import AsyncIterator

import pytest

from media_manager.downloads.clients.base import (
    ClientAuthFailed,
    ClientRejected,
    ClientUnavailable,
    DownloadStatus,
    ReleaseFile,
)
from media_manager.downloads.clients.transmission import TransmissionClient, _item
from tests.downloads.clients.helpers import (
    connect_seeder_to,
    file_names,
    seed_from_qbittorrent,
    torrent,
    torrent_client,
    transmission_rpc_client,
    until,
    wait_gone,
)
from tests.support.http_server import free_port
from tests.support.torrent_clients import PASSWORD, Transmission, make_release


def make_client(url: str, label: str, password: str = PASSWORD) -> TransmissionClient:
    client = torrent_client("transmission", url, label, password)
    assert isinstance(client, TransmissionClient)
    return client


@pytest.fixture
async def client(transmission: Transmission, category: str) -> AsyncIterator[TransmissionClient]:
    client = make_client(transmission.url, category)
    yield client
    await client.close()


async def test_add_torrent_labels_it_and_lists_only_labelled_torrents(
    client, transmission, category, tracker, group, tmp_path
):
    release = make_release(tmp_path / "a", tracker, name=f"Show.Name.S01.1080p.WEB-DL-{group}")
    other = make_release(tmp_path / "b", tracker, name=f"Other.S01.WEB-DL-{group}", episodes=1)
    with transmission_rpc_client(transmission) as rpc:
        rpc.add_torrent(other.torrent)  # not ours: no label

    assert await client.add(torrent(release)) == release.info_hash

    items = await client.items()
    assert [item.id for item in items] == [release.info_hash]
    item = items[0]
    assert item.name == release.name
    assert item.category == category
    assert item.status in {
        DownloadStatus.DOWNLOADING,
        DownloadStatus.STALLED,
        DownloadStatus.QUEUED,
    }
    assert item.progress == 0.0
    assert item.size_bytes == sum((release.path / n).stat().st_size for n in release.files)
    assert item.content_path == str(transmission.download_dir / release.name)
    with transmission_rpc_client(transmission) as rpc:
        assert rpc.get_torrent(release.info_hash, arguments=["labels"]).labels == [category]


async def test_adding_the_same_torrent_twice_returns_its_hash(client, tracker, group, tmp_path):
    release = make_release(tmp_path, tracker, name=f"Show.S01.WEB-DL-{group}", episodes=1)
    assert await client.add(torrent(release)) == release.info_hash
    assert await client.add(torrent(release)) == release.info_hash
    assert len(await client.items()) == 1


async def test_adding_a_torrent_with_another_label_is_refused(
    transmission, tracker, group, tmp_path
):
    release = make_release(tmp_path, tracker, name=f"Show.S01.WEB-DL-{group}", episodes=1)
    first = make_client(transmission.url, f"a-{group}")
    second = make_client(transmission.url, f"b-{group}")
    await first.add(torrent(release))
    with pytest.raises(ClientRejected, match="without the label"):
        await second.add(torrent(release))
    await first.close()
    await second.close()


async def test_a_magnet_link_is_listed_by_its_info_hash(client, tracker, group, tmp_path):
    release = make_release(tmp_path, tracker, name=f"Show.S05.WEB-DL-{group}", episodes=1)
    magnet = ReleaseFile(kind="magnet", name=release.name, magnet=release.magnet(tracker))

    assert await client.add(magnet) == release.info_hash

    (item,) = await client.items()
    assert item.id == release.info_hash
    assert item.status is not DownloadStatus.COMPLETED


async def test_downloads_from_a_qbittorrent_seeder_with_content_path(
    client, transmission, seeder, tracker, group, tmp_path
):
    release = make_release(tmp_path, tracker, name=f"Show.Name.S01.1080p.WEB-DL-{group}")
    seed_from_qbittorrent(seeder, release, up_limit=1024 * 1024)
    await client.add(torrent(release))
    connect_seeder_to(seeder, release, transmission)

    items = await until(
        client,
        lambda items: (
            items[release.info_hash].status is DownloadStatus.DOWNLOADING
            and 0 < items[release.info_hash].progress < 1
        ),
        "downloading with progress",
    )
    assert items[release.info_hash].downloaded_bytes > 0
    seeder.call("torrents/setUploadLimit", hashes=release.info_hash, limit="0")

    items = await until(
        client,
        lambda items: items[release.info_hash].status is DownloadStatus.COMPLETED,
        "completed",
        within=60,
    )
    done = items[release.info_hash]
    assert done.progress == 1.0
    assert done.eta_seconds is None
    assert done.content_path == str(transmission.download_dir / release.name)
    assert file_names(done.content_path) == list(release.files)


async def test_pause_and_resume(client, tracker, group, tmp_path):
    release = make_release(tmp_path, tracker, name=f"Show.S01.WEB-DL-{group}", episodes=1)
    await client.add(torrent(release))
    hash_ = release.info_hash
    # A stop during Transmission's verification of the new torrent is ignored (3.00).
    await until(client, lambda items: items[hash_].status is not DownloadStatus.QUEUED, "checked")

    await client.pause([hash_])
    await until(client, lambda items: items[hash_].status is DownloadStatus.PAUSED, "paused")

    await client.resume([hash_])
    await until(client, lambda items: items[hash_].status is not DownloadStatus.PAUSED, "resumed")


async def test_remove_with_data_deletes_the_files(client, transmission, tracker, group, tmp_path):
    release = make_release(tmp_path, tracker, name=f"Show.S02.WEB-DL-{group}", episodes=1)
    await client.add(torrent(release))
    # A partial download's folder: Transmission creates it when it preallocates.
    content = transmission.download_dir / release.name
    content.mkdir(exist_ok=True)
    (content / release.files[0]).write_bytes(b"partial")

    await client.remove([release.info_hash], delete_data=True)

    assert await client.items() == []
    await wait_gone(content)


async def test_a_torrent_removed_by_hand_disappears_from_items(
    client, transmission, tracker, group, tmp_path
):
    kept = make_release(tmp_path / "a", tracker, name=f"Show.S01.WEB-DL-{group}", episodes=1)
    removed = make_release(tmp_path / "b", tracker, name=f"Show.S02.WEB-DL-{group}", episodes=1)
    await client.add(torrent(kept))
    await client.add(torrent(removed))
    with transmission_rpc_client(transmission) as rpc:
        rpc.remove_torrent(removed.info_hash)

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


async def test_wrong_password_is_an_auth_failure(transmission, category):
    client = make_client(transmission.url, category, password="wrong")
    with pytest.raises(ClientAuthFailed, match="username or password"):
        await client.items()
    result = await client.test()
    assert not result.ok
    assert "username or password" in result.message


async def test_test_reports_version_label_and_download_dir(client, transmission, category):
    result = await client.test()
    assert result.ok, result.message
    assert result.details["version"].startswith("3.00") or result.details["rpc_version"] >= 16
    assert result.details["download_dir"] == str(transmission.download_dir)
    assert result.details["free_bytes"] > 0
    assert f"labelled {category!r}" in result.message


async def test_test_says_when_the_address_is_not_transmission(tracker, category):
    client = make_client(tracker.removesuffix("/announce"), category)
    result = await client.test()
    assert not result.ok
    assert "does not look like Transmission" in result.message


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"status": 0, "leftUntilDone": 10}, DownloadStatus.PAUSED),
        ({"status": 0, "leftUntilDone": 0}, DownloadStatus.COMPLETED),
        ({"status": 1}, DownloadStatus.QUEUED),
        ({"status": 2}, DownloadStatus.QUEUED),
        ({"status": 3}, DownloadStatus.QUEUED),
        ({"status": 4}, DownloadStatus.DOWNLOADING),
        ({"status": 4, "isStalled": True}, DownloadStatus.STALLED),
        ({"status": 5, "leftUntilDone": 0}, DownloadStatus.COMPLETED),
        ({"status": 6, "leftUntilDone": 0}, DownloadStatus.COMPLETED),
        ({"status": 0, "error": 3, "errorString": "No data found!"}, DownloadStatus.FAILED),
        ({"status": 4, "error": 2, "errorString": "Tracker gave 404"}, DownloadStatus.DOWNLOADING),
    ],
)
def test_status_mapping(fields, status):
    base = {"hashString": "AB" * 20, "name": "x", "metadataPercentComplete": 1, "eta": -1}
    item = _item(base | fields, "label")
    assert item.status is status
    assert item.id == "ab" * 20
    assert item.eta_seconds is None
    if fields.get("error"):
        assert item.error == fields["errorString"]
    else:
        assert item.error is None
