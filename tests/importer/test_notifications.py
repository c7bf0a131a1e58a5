"""Import events reach the Apprise targets once per download, and media servers rescan."""

from pathlib import Path

import pytest

from media_manager.core.jobs import JobContext
from media_manager.importer import service as import_service
from media_manager.importer.tasks import import_downloads
from tests.conftest import make_settings
from tests.importer.conftest import (
    SHOW_FOLDER,
    TORRENT_CLIENT,
    completed_download,
    state_of,
    write,
)
from tests.notifications.conftest import _media_url, _receiver_url, media_standin, receiver
from tests.support.media_servers import TOKEN
from tests.support.webhook import WebhookReceiver

__all__ = ["_media_url", "_receiver_url", "media_standin", "receiver"]


@pytest.fixture
def settings(tmp_path: Path, database_url: str, receiver: WebhookReceiver, media_standin):
    return make_settings(
        tmp_path / "data",
        database_url,
        paths={"tv": tmp_path / "tv", "movies": tmp_path / "movies"},
        downloads={"clients": [TORRENT_CLIENT]},
        notifications={
            "targets": [{"name": "hook", "urls": receiver.apprise_url()}],
            "media_servers": [
                {"name": "jf", "kind": "jellyfin", "url": media_standin.base_url, "token": TOKEN}
            ],
            "send_timeout_seconds": 5,
        },
    )


@pytest.fixture
def run_import(app):
    """Import as the poll hook and the retry job do: with the job's context."""

    async def run(*download_ids) -> None:
        context = JobContext(app.state)
        await import_downloads(context.sessionmaker, context.settings, download_ids, context)

    return run


def titles(receiver: WebhookReceiver) -> list[str]:
    return [r.body["title"] for r in receiver.received]


async def test_import_notifies_once_and_rescans_the_show_folder(
    session, settings, show, downloads_dir, run_import, receiver, media_standin
):
    folder = downloads_dir / "Show.Name.S01E01.1080p.WEB-DL-GRP"
    write(folder / "Show.Name.S01E01.1080p.WEB-DL-GRP.mkv", 50_000)
    download = await completed_download(session, folder, kind="tv", show_id=show.id)

    await run_import(download.id)

    assert titles(receiver) == [f"Imported: {folder.name}"]
    assert SHOW_FOLDER in receiver.received[0].body["message"]
    show_folder = str(settings.paths.tv / SHOW_FOLDER)
    assert [call[1]["Updates"][0]["Path"] for call in media_standin.calls] == [show_folder]


async def test_better_file_notifies_upgraded(
    session, settings, show, downloads_dir, run_import, receiver
):
    old = downloads_dir / "Show.Name.S01E01.720p.WEB-DL-GRP"
    write(old / "Show.Name.S01E01.720p.WEB-DL-GRP.mkv", 50_000)
    new = downloads_dir / "Show.Name.S01E01.1080p.WEB-DL-GRP"
    write(new / "Show.Name.S01E01.1080p.WEB-DL-GRP.mkv", 60_000)
    first = await completed_download(session, old, kind="tv", show_id=show.id)
    await run_import(first.id)
    second = await completed_download(session, new, kind="tv", show_id=show.id)

    await run_import(second.id)

    assert titles(receiver) == [f"Imported: {old.name}", f"Upgraded: {new.name}"]
    assert "recycle" in receiver.received[1].body["message"]


async def test_blocked_import_notifies_once_across_retries(
    session, show, downloads_dir, run_import, receiver
):
    folder = downloads_dir / "Show.Name.S01.1080p.WEB-DL-GRP"
    write(folder / "readme.txt", 10)
    download = await completed_download(session, folder, kind="tv", show_id=show.id)

    for _ in range(3):
        await run_import(download.id)

    assert (await state_of(session, download.id)).attempts == 3
    assert titles(receiver) == [f"Import blocked: {folder.name}"]
    assert "no video files" in receiver.received[0].body["message"]


async def test_failing_import_sends_one_notification_across_retries(
    session, show, downloads_dir, run_import, receiver, monkeypatch
):
    folder = downloads_dir / "Show.Name.S01E01.1080p.WEB-DL-GRP"
    write(folder / "Show.Name.S01E01.1080p.WEB-DL-GRP.mkv", 50_000)
    download = await completed_download(session, folder, kind="tv", show_id=show.id)

    def broken_disk(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(import_service.placement, "place", broken_disk)
    for _ in range(3):
        await run_import(download.id)

    state = await state_of(session, download.id)
    assert (state.status, state.attempts) == ("failed", 3)
    assert titles(receiver) == [f"Import failed: {folder.name}"]
    assert "Input/output error" in receiver.received[0].body["message"]
