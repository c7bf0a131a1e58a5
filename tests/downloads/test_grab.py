"""Grabbing kept search results: the release file fetched once, handed to the right client."""

import uuid
from pathlib import Path

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.downloads.models import Download, download_episodes
from media_manager.downloads.registry import DownloadClients
from media_manager.main import apply_settings
from media_manager.tv.models import Episode, Season
from tests.downloads.conftest import (
    TMDB_ID,
    TORRENT_RELEASES,
    TVDB_ID,
    MemoryClients,
    downloads_settings,
)
from tests.metadata.relay import PAST
from tests.notifications.conftest import _receiver_url, receiver
from tests.support.torznab import TorznabServer, magnet, torrent_file, torrent_info_hash
from tests.support.webhook import WebhookReceiver
from tests.tv.factories import create_show

__all__ = ["_receiver_url", "receiver"]  # the webhook receiver's fixtures

PACK = TORRENT_RELEASES[0]


async def search(client: AsyncClient, headers: dict, show_id, **params) -> dict[str, dict]:
    response = await client.get(
        "/api/v1/tv/torrents",
        params={"show_id": str(show_id), "season_number": 1} | params,
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return {result["title"]: result for result in response.json()["results"]}


async def grab(client: AsyncClient, headers: dict, result_id: str, **body):
    return await client.post(
        "/api/v1/activity/queue", json={"result_id": result_id} | body, headers=headers
    )


async def season_episode_ids(session: AsyncSession, show_id, season: int = 1) -> set:
    query = (
        select(Episode.id)
        .join(Season, Season.id == Episode.season_id)
        .where(Season.show_id == show_id, Season.number == season)
    )
    return set((await session.execute(query)).scalars())


async def test_grab_season_pack_sends_the_torrent_and_links_the_seasons_episodes(
    client: AsyncClient, admin_headers: dict, clients, show, session: AsyncSession, settings
):
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["client"] == "qbit"
    assert body["status"] == "queued"
    assert body["info_hash"] == torrent_info_hash(PACK)
    assert body["client_item_id"] == torrent_info_hash(PACK)
    assert body["season_number"] == 1
    assert set(body["episode_ids"]) == {str(i) for i in await season_episode_ids(session, show.id)}
    added = clients["qbit"].added
    assert len(added) == 1
    assert added[0].content == torrent_file(PACK)
    assert added[0].name == PACK.title
    stored = settings.data_dir / "releases" / f"{body['id']}.torrent"
    assert stored.read_bytes() == torrent_file(PACK)


async def test_grab_episode_links_only_that_episode(
    client: AsyncClient, admin_headers: dict, clients, show, session: AsyncSession
):
    title = TORRENT_RELEASES[1].title
    results = await search(client, admin_headers, show.id, episode_number=2)

    response = await grab(client, admin_headers, results[title]["id"])

    assert response.status_code == 201, response.text
    rows = (
        await session.execute(
            select(Episode.number)
            .join(download_episodes, download_episodes.c.episode_id == Episode.id)
            .where(download_episodes.c.download_id == uuid.UUID(response.json()["id"]))
        )
    ).scalars()
    assert list(rows) == [2]


async def test_grab_movie_records_the_movie_and_who_grabbed_it(
    client: AsyncClient, user_headers: dict, clients, movie, session: AsyncSession
):
    response = await client.get(f"/api/v1/movies/{movie.id}/torrents", headers=user_headers)
    assert response.status_code == 200, response.text
    result = response.json()["results"][0]

    response = await grab(client, user_headers, result["id"])

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "movie"
    assert body["movie_id"] == str(movie.id)
    assert body["episode_ids"] == []
    me = (await client.get("/api/v1/users/me", headers=user_headers)).json()
    assert body["grabbed_by"] == me["id"]


async def test_usenet_release_goes_to_the_usenet_client_as_nzb(
    client: AsyncClient, admin_headers: dict, clients, show
):
    results = await search(client, admin_headers, show.id)

    response = await grab(
        client, admin_headers, results["Show.Name.S01.1080p.WEB-DL.H.264-NZB"]["id"]
    )

    assert response.status_code == 201, response.text
    assert response.json()["client"] == "sab"
    assert response.json()["protocol"] == "usenet"
    assert clients["sab"].added[0].kind == "nzb"
    assert b"<nzb" in clients["sab"].added[0].content


async def test_release_file_over_the_size_cap_is_refused_without_adding(
    client: AsyncClient,
    admin_headers: dict,
    show,
    app,
    tmp_path: Path,
    database_url: str,
    torznab: TorznabServer,
):
    settings = downloads_settings(
        tmp_path,
        database_url,
        torznab,
        downloads={
            "clients": [{"name": "qbit", "kind": "qbittorrent", "url": "http://x"}],
            "max_release_file_bytes": 100_000,
        },
    )
    torznab.indexers["tor"].download_behaviour = "huge"
    found = await _use(app, settings)
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 502, response.text
    assert "larger than 100000 bytes" in response.json()["detail"]
    assert "tor" in response.json()["detail"]
    assert not found["qbit"].added


async def test_redirect_to_a_magnet_link_is_added_as_magnet(
    client: AsyncClient, admin_headers: dict, clients, show, torznab: TorznabServer
):
    torznab.indexers["tor"].download_behaviour = "magnet_redirect"
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 201, response.text
    added = clients["qbit"].added[0]
    assert added.kind == "magnet"
    assert added.magnet == magnet(PACK)
    assert added.info_hash == torrent_info_hash(PACK)


async def test_indexer_error_document_is_named_in_the_error(
    client: AsyncClient, admin_headers: dict, clients, show, torznab: TorznabServer
):
    torznab.indexers["tor"].download_behaviour = "torznab_error"
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 502
    assert response.json()["detail"] == (
        "Indexer tor refused the release file: error 429: Request limit reached"
    )
    assert not clients["qbit"].added


async def test_login_page_instead_of_a_torrent_is_named(
    client: AsyncClient, admin_headers: dict, clients, show, torznab: TorznabServer
):
    torznab.indexers["tor"].download_behaviour = "html"
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 502
    assert "web page instead of a release file" in response.json()["detail"]


async def test_blocklisted_release_is_refused(
    client: AsyncClient, admin_headers: dict, clients, show, torznab: TorznabServer
):
    results = await search(client, admin_headers, show.id)
    first = (await grab(client, admin_headers, results[PACK.title]["id"])).json()
    response = await client.post(
        f"/api/v1/activity/{first['id']}/blocklist",
        json={"reason": "fake release"},
        headers=admin_headers,
    )
    assert response.status_code == 201, response.text
    results = await search(client, admin_headers, show.id)
    fetched_before = len(torznab.indexers["tor"].downloads)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 409
    assert "blocklisted (fake release)" in response.json()["detail"]
    assert len(torznab.indexers["tor"].downloads) == fetched_before
    assert len(clients["qbit"].added) == 1


async def test_without_a_client_for_the_protocol_the_message_says_to_add_one(
    client: AsyncClient,
    admin_headers: dict,
    show,
    app,
    tmp_path: Path,
    database_url: str,
    torznab: TorznabServer,
):
    settings = downloads_settings(
        tmp_path,
        database_url,
        torznab,
        downloads={
            "clients": [
                {"name": "sab", "kind": "sabnzbd", "url": "http://x"},
                {"name": "qbit", "kind": "qbittorrent", "url": "http://x", "enabled": False},
            ]
        },
    )
    await _use(app, settings)
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 503
    assert "add one in Settings → Download clients" in response.json()["detail"]
    assert "torrent" in response.json()["detail"]


async def test_library_download_client_is_chosen_over_priority(
    client: AsyncClient,
    admin_headers: dict,
    app,
    session: AsyncSession,
    tmp_path: Path,
    database_url: str,
    torznab: TorznabServer,
):
    settings = downloads_settings(
        tmp_path,
        database_url,
        torznab,
        downloads={
            "clients": [
                {"name": "first", "kind": "qbittorrent", "url": "http://x", "priority": 1},
                {"name": "anime", "kind": "transmission", "url": "http://x", "priority": 50},
            ]
        },
        library={
            "tv": [{"name": "anime", "path": str(tmp_path / "anime"), "download_client": "anime"}]
        },
    )
    found = await _use(app, settings)
    show = await create_show(
        session,
        name="Show Name",
        tvdb_id=TVDB_ID,
        tmdb_id=TMDB_ID,
        seasons={1: [PAST] * 10},
        library="anime",
    )
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 201, response.text
    assert response.json()["client"] == "anime"
    assert "first" not in found.by_name


async def test_unavailable_client_falls_back_to_the_next_by_priority(
    client: AsyncClient,
    admin_headers: dict,
    app,
    show,
    tmp_path: Path,
    database_url: str,
    torznab: TorznabServer,
):
    settings = downloads_settings(
        tmp_path,
        database_url,
        torznab,
        downloads={
            "clients": [
                {"name": "first", "kind": "qbittorrent", "url": "http://x", "priority": 1},
                {"name": "second", "kind": "transmission", "url": "http://x", "priority": 2},
            ]
        },
    )
    found = await _use(app, settings)
    app.state.download_clients.get("first").down = True
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 201, response.text
    assert response.json()["client"] == "second"
    assert found["first"].calls["add"] == 1


async def test_expired_or_unknown_result_is_not_found(client: AsyncClient, admin_headers: dict):
    response = await grab(client, admin_headers, "00000000-0000-4000-8000-000000000000")

    assert response.status_code == 404
    assert "search again" in response.json()["detail"]


async def test_grab_fetches_outside_the_transaction_and_records_one_download(
    client: AsyncClient, admin_headers: dict, clients, show, session: AsyncSession
):
    # strict_slow_calls (tests/conftest.py) fails any HTTP call made inside the transaction.
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 201, response.text
    count = len((await session.execute(select(Download.id))).all())
    assert count == 1


async def _use(app, settings):
    """Rebind the shared app to other settings, with in-memory test clients."""
    apply_settings(app.state, settings)
    found = MemoryClients()
    app.state.download_clients = DownloadClients(settings.downloads, found.factory)
    return found


async def test_grab_notifies_the_targets_once(
    client: AsyncClient,
    admin_headers: dict,
    app,
    show,
    tmp_path: Path,
    database_url: str,
    torznab: TorznabServer,
    receiver: WebhookReceiver,
):
    settings = downloads_settings(
        tmp_path,
        database_url,
        torznab,
        notifications={"targets": [{"name": "hook", "urls": receiver.apprise_url()}]},
    )
    await _use(app, settings)
    results = await search(client, admin_headers, show.id)

    response = await grab(client, admin_headers, results[PACK.title]["id"])

    assert response.status_code == 201, response.text
    assert [r.body["title"] for r in receiver.received] == [f"Grabbed: {PACK.title}"]
    assert "handed to qbit" in receiver.received[0].body["message"]
    mine = (await client.get("/api/v1/notifications", headers=admin_headers)).json()
    assert [n["event"] for n in mine["items"]] == ["grabbed"]
