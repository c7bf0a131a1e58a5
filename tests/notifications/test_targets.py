"""Notification targets and media servers as settings; the poller's download_failed."""

import socket
import uuid

from httpx import AsyncClient

from media_manager.core.jobs import JobContext
from media_manager.downloads.clients.base import DownloadStatus
from media_manager.downloads.dependencies import job_poller
from media_manager.downloads.registry import DownloadClients
from media_manager.main import apply_settings
from media_manager.notifications.media_servers import refresh_media_servers
from tests.conftest import make_settings
from tests.downloads.conftest import MemoryClients
from tests.downloads.factories import create_download, listed
from tests.support.media_servers import TOKEN, MediaServerStandIn
from tests.support.webhook import WebhookReceiver


def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_target_urls_are_write_only(client: AsyncClient, admin_headers: dict, receiver):
    created = await client.post(
        "/api/v1/settings/notifications",
        json={"name": "phone", "urls": "ntfy://secret-topic", "events": ["grabbed"]},
        headers=admin_headers,
    )

    assert created.status_code == 201, created.text
    assert created.json()["urls_set"] is True
    assert "secret-topic" not in created.text


async def test_test_action_sends_a_test_message(
    client: AsyncClient, admin_headers: dict, receiver: WebhookReceiver
):
    response = await client.post(
        "/api/v1/settings/notifications/test",
        json={"name": "hook2", "urls": receiver.apprise_url("tested")},
        headers=admin_headers,
    )

    assert response.status_code == 200
    assert response.json()["ok"] is True, response.json()
    assert [r.path for r in receiver.received] == ["/tested"]
    assert receiver.received[0].body["title"] == "MediaManager test notification"


async def test_test_action_reports_a_dead_address_in_plain_words(
    client: AsyncClient, admin_headers: dict
):
    response = await client.post(
        "/api/v1/settings/notifications/test",
        json={"name": "dead", "urls": f"json://127.0.0.1:{_dead_port()}/hook"},
        headers=admin_headers,
    )

    result = response.json()
    assert result["ok"] is False
    assert "not delivered" in result["message"]
    assert "Connection error" in result["message"]


async def test_test_action_refuses_a_url_apprise_does_not_know(
    client: AsyncClient, admin_headers: dict
):
    response = await client.post(
        "/api/v1/settings/notifications/test",
        json={"name": "odd", "urls": "nosuchservice://token-123"},
        headers=admin_headers,
    )

    result = response.json()
    assert result["ok"] is False
    assert "does not understand" in result["message"]
    assert "token-123" not in result["message"]


async def test_failed_download_notifies_once_across_polls(
    app, client: AsyncClient, user_headers: dict, session, receiver: WebhookReceiver
):
    me = (await client.get("/api/v1/users/me", headers=user_headers)).json()
    settings = make_settings(
        app.state.settings.data_dir,
        app.state.settings.database_url,
        downloads={"clients": [{"name": "qbit", "kind": "qbittorrent", "url": "http://x"}]},
        notifications={"targets": [{"name": "hook", "urls": receiver.apprise_url()}]},
    )
    apply_settings(app.state, settings)
    found = MemoryClients()
    app.state.download_clients = DownloadClients(settings.downloads, found.factory)
    download = await create_download(
        session, grabbed_by=uuid.UUID(me["id"]), title="Broken.Release"
    )
    listed(
        app.state.download_clients.get("qbit"),
        download,
        status=DownloadStatus.FAILED,
        error="tracker says no",
    )

    for _ in range(3):
        await job_poller(JobContext(app.state)).poll()

    assert [r.body["title"] for r in receiver.received] == ["Download failed: Broken.Release"]
    mine = (await client.get("/api/v1/notifications", headers=user_headers)).json()
    assert [n["event"] for n in mine["items"]] == ["download_failed"]
    assert mine["items"][0]["item_kind"] == "download"


def _servers(media: MediaServerStandIn, *kinds: str, token: str = TOKEN) -> dict:
    return {
        "media_servers": [
            {"name": kind, "kind": kind, "url": media.base_url, "token": token} for kind in kinds
        ]
    }


async def test_jellyfin_and_emby_rescan_just_the_folder(app, media_standin: MediaServerStandIn):
    app.state.settings = make_settings(
        app.state.settings.data_dir,
        app.state.settings.database_url,
        notifications=_servers(media_standin, "jellyfin", "emby"),
    )

    results = await refresh_media_servers(JobContext(app.state), "/srv/tv/Show Name/Season 01")

    assert all(result.ok for result in results)
    update = {"Updates": [{"Path": "/srv/tv/Show Name/Season 01", "UpdateType": "Modified"}]}
    assert media_standin.calls == [("jellyfin", update), ("jellyfin", update)]


async def test_plex_refreshes_the_section_holding_the_path(app, media_standin: MediaServerStandIn):
    media_standin.plex_sections.update({"1": ["/srv/movies"], "2": ["/srv/tv", "/mnt/tv2"]})
    app.state.settings = make_settings(
        app.state.settings.data_dir,
        app.state.settings.database_url,
        notifications=_servers(media_standin, "plex"),
    )

    results = await refresh_media_servers(JobContext(app.state), "/srv/tv/Show Name")
    outside = await refresh_media_servers(JobContext(app.state), "/elsewhere/Show")

    assert results[0].ok
    assert media_standin.calls == [("plex", "2", "/srv/tv/Show Name")]
    assert not outside[0].ok
    assert "No Plex library" in (outside[0].problem or "")


async def test_media_server_test_action(
    client: AsyncClient, admin_headers: dict, media_standin: MediaServerStandIn
):
    media_standin.plex_sections["1"] = ["/srv/tv"]
    base = {"url": media_standin.base_url}
    good = await client.post(
        "/api/v1/settings/media-servers/test",
        json={"name": "jf", "kind": "jellyfin", "token": TOKEN, **base},
        headers=admin_headers,
    )
    plex = await client.post(
        "/api/v1/settings/media-servers/test",
        json={"name": "px", "kind": "plex", "token": TOKEN, **base},
        headers=admin_headers,
    )
    wrong = await client.post(
        "/api/v1/settings/media-servers/test",
        json={"name": "jf", "kind": "emby", "token": "wrong", **base},
        headers=admin_headers,
    )
    dead = await client.post(
        "/api/v1/settings/media-servers/test",
        json={
            "name": "jf",
            "kind": "jellyfin",
            "token": TOKEN,
            "url": f"http://127.0.0.1:{_dead_port()}",
        },
        headers=admin_headers,
    )

    assert good.json()["ok"] is True and "10.10.3" in good.json()["message"]
    assert plex.json()["ok"] is True and "1 library" in plex.json()["message"]
    assert wrong.json() == {
        "ok": False,
        "message": "Emby refused the token (HTTP 401); check the token",
        "details": {},
    }
    assert dead.json()["ok"] is False and "Nothing answers" in dead.json()["message"]
