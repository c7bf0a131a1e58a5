"""SABnzbd and NZBGet, started for real, downloading from the test news server."""

import asyncio
import os
import time
import uuid
from pathlib import Path

import pytest

from media_manager.downloads.clients.base import (
    ClientAuthFailed,
    ClientItem,
    ClientRejected,
    ClientUnavailable,
    DownloadClient,
    DownloadStatus,
    ReleaseFile,
)
from media_manager.downloads.clients.factory import create_client
from media_manager.downloads.clients.local_data import inside_roots
from media_manager.downloads.clients.nzbget import NzbgetClient
from media_manager.downloads.clients.sabnzbd import SabnzbdClient
from media_manager.downloads.config import DownloadClientSettings
from tests.support.http_server import free_port, serve_in_thread
from tests.support.nntp import NewsServer
from tests.support.nzb import PostedFile, build_nzb, post_file
from tests.support.usenet_clients import RunningClient

from .conftest import make_client

WAIT_SECONDS = 30


def release(news: NewsServer, size: int = 200_000, skip: tuple[int, ...] = ()):
    """A one-file release published on the news server; returns (ReleaseFile, the file)."""
    title = f"Show.S01E0{uuid.uuid4().int % 9 + 1}.{uuid.uuid4().hex[:8]}.1080p-GRP"
    posted = post_file(f"{title}.mkv", os.urandom(size), segment_size=20_000)
    news.publish([posted], skip=skip)
    return ReleaseFile(kind="nzb", name=title, content=build_nzb(title, [posted])), posted


async def wait_for(client: DownloadClient, item_id: str, *statuses: DownloadStatus) -> ClientItem:
    deadline = time.monotonic() + WAIT_SECONDS
    seen = None
    while time.monotonic() < deadline:
        seen = next((i for i in await client.items() if i.id == item_id), None)
        if seen is not None and seen.status in statuses:
            return seen
        await asyncio.sleep(0.1)
    raise AssertionError(f"{item_id} never reached {statuses}; last seen: {seen}")


async def wait_gone(client: DownloadClient, item_id: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while any(i.id == item_id for i in await client.items()):
        assert time.monotonic() < deadline, f"{item_id} is still listed"
        await asyncio.sleep(0.1)


async def wait_until(condition, message: str, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        await asyncio.sleep(0.05)


def content_file(item: ClientItem, posted: PostedFile) -> Path:
    path = Path(item.content_path or "")
    # SABnzbd reports the file of a one-file job, NZBGet the job's folder.
    return path / posted.name if path.is_dir() else path


def job_paths(running: RunningClient, title: str) -> list[Path]:
    # Not the clients' copies of the NZB itself (NZBGet keeps "<name>.nzb.queued").
    return [p for p in running.root.rglob("*") if title in p.name and ".nzb" not in p.name]


async def test_download_completes_with_the_reported_content_path(usenet, news_server):
    _, running, client = usenet
    rel, posted = release(news_server)
    item_id = await client.add(rel)

    done = await wait_for(client, item_id, DownloadStatus.COMPLETED, DownloadStatus.FAILED)

    assert done.status == DownloadStatus.COMPLETED, done.error
    assert done.progress == 1.0
    assert done.category == "mediamanager"
    file = content_file(done, posted)
    assert file.name == posted.name
    assert file.read_bytes() == posted.data
    assert Path(done.content_path).is_relative_to(running.complete_dir / "mediamanager")


async def test_paused_job_stays_paused_until_resumed(usenet, news_server):
    _, _, client = usenet
    # More articles than SABnzbd hands to its connections in advance (20 per server): those
    # are still fetched after a pause, and a smaller job would complete while paused.
    rel, posted = release(news_server, size=1_000_000)
    news_server.hold()
    try:
        item_id = await client.add(rel)
        await wait_for(client, item_id, DownloadStatus.QUEUED, DownloadStatus.DOWNLOADING)
        await client.pause([item_id])
        paused = await wait_for(client, item_id, DownloadStatus.PAUSED)
        assert paused.progress < 1.0
        assert paused.size_bytes and paused.size_bytes >= len(posted.data)
    finally:
        news_server.release()
    await asyncio.sleep(1)
    still = next(i for i in await client.items() if i.id == item_id)
    assert still.status == DownloadStatus.PAUSED

    await client.resume([item_id])

    done = await wait_for(client, item_id, DownloadStatus.COMPLETED, DownloadStatus.FAILED)
    assert done.status == DownloadStatus.COMPLETED, done.error
    assert content_file(done, posted).read_bytes() == posted.data, done


async def test_remove_with_data_deletes_the_downloaded_files(usenet, news_server):
    _, _, client = usenet
    rel, posted = release(news_server)
    item_id = await client.add(rel)
    done = await wait_for(client, item_id, DownloadStatus.COMPLETED)
    file = content_file(done, posted)
    assert file.exists()

    await client.remove([item_id], delete_data=True)

    await wait_gone(client, item_id)
    assert not file.exists()
    assert not file.parent.exists(), "the job's folder is left behind"


async def test_remove_without_data_keeps_the_files(usenet, news_server):
    _, _, client = usenet
    rel, posted = release(news_server)
    item_id = await client.add(rel)
    done = await wait_for(client, item_id, DownloadStatus.COMPLETED)

    await client.remove([item_id], delete_data=False)

    await wait_gone(client, item_id)
    assert content_file(done, posted).read_bytes() == posted.data


async def test_remove_downloading_job_with_data_deletes_its_partial_files(usenet, news_server):
    _, running, client = usenet
    rel, _ = release(news_server, size=400_000)
    news_server.delay_seconds = 0.2
    try:
        item_id = await client.add(rel)
        await wait_until(lambda: job_paths(running, rel.name), "no folder for the job", 30)
        item = await wait_for(client, item_id, DownloadStatus.DOWNLOADING)
        assert 0 <= item.progress < 1
        await client.remove([item_id], delete_data=True)
    finally:
        news_server.release()

    await wait_gone(client, item_id)
    await wait_until(lambda: not job_paths(running, rel.name), "the job's files are left")


async def test_missing_articles_fail_the_job_with_the_clients_reason(usenet, news_server):
    kind, _, client = usenet
    # SABnzbd lets up to 5 bad articles pass in a job without par2 (and completes it with holes:
    # it cannot tell); more than that and it aborts the job. NZBGet fails on the first.
    rel, _ = release(news_server, skip=tuple(range(2, 9)))
    item_id = await client.add(rel)

    failed = await wait_for(client, item_id, DownloadStatus.FAILED, DownloadStatus.COMPLETED)

    assert failed.status == DownloadStatus.FAILED
    assert failed.content_path is None
    if kind == "nzbget":
        assert failed.error and "/HEALTH: too many articles are missing" in failed.error
    else:
        assert failed.error and "cannot be completed" in failed.error


async def test_test_reports_version_and_category_folder(usenet):
    _, running, client = usenet
    result = await client.test()
    assert result.ok, result.message
    assert result.details["version"]
    assert result.details["save_path"] == str(running.complete_dir / "mediamanager")


async def test_unknown_category_fails_the_test(usenet, http):
    kind, running, _ = usenet
    client = make_client(kind, running, http, category="no-such-category")
    result = await client.test()
    assert not result.ok
    assert "no-such-category" in result.message


async def test_sabnzbd_refuses_to_add_to_an_unknown_category(sabnzbd, http, news_server):
    client = make_client("sabnzbd", sabnzbd, http, category="no-such-category")
    rel, _ = release(news_server)
    with pytest.raises(ClientRejected, match="no-such-category"):
        await client.add(rel)


async def test_wrong_credentials_are_auth_failures(usenet, http):
    kind, running, _ = usenet
    wrong = {"api_key": "0" * 32} if kind == "sabnzbd" else {"password": "wrong"}
    client = make_client(kind, running, http, **wrong)

    with pytest.raises(ClientAuthFailed):
        await client.items()
    result = await client.test()
    assert not result.ok
    assert ("API key" if kind == "sabnzbd" else "password") in result.message


async def test_client_down_is_unavailable_fast(usenet, http):
    kind, running, _ = usenet
    client = make_client(kind, running, http, url=f"http://127.0.0.1:{free_port()}")
    started = time.monotonic()
    with pytest.raises(ClientUnavailable, match="cannot connect"):
        await client.items()
    assert time.monotonic() - started < 2
    result = await client.test()
    assert not result.ok
    assert "is it running" in result.message


async def test_another_program_at_the_address_is_named(usenet, http):
    kind, running, _ = usenet

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"<html>router login</html>"})

    with serve_in_thread(app) as url:
        client = make_client(kind, running, http, url=url)
        with pytest.raises(ClientUnavailable, match="check the address"):
            await client.items()
        result = await client.test()
    assert not result.ok
    assert "check the address" in result.message or "not like" in result.message


def test_data_is_only_deleted_inside_the_clients_folders():
    roots = ["/data/complete", "downloads/complete"]
    assert inside_roots("/data/complete/tv/Show.S01E01", roots)
    assert not inside_roots("/data/complete", roots)
    assert not inside_roots("/data/other/Show.S01E01", roots)
    assert not inside_roots("/data/complete-other/x", roots)
    assert inside_roots("/home/sab/downloads/complete/Show", roots)
    assert not inside_roots("relative/path", roots)


async def test_factory_builds_both_usenet_clients(http):
    for kind, cls in (("sabnzbd", SabnzbdClient), ("nzbget", NzbgetClient)):
        settings = DownloadClientSettings(name=kind, kind=kind, url="http://127.0.0.1:1")
        client = create_client(settings, http)
        assert isinstance(client, cls)
        assert client.protocol == "usenet"
