"""The activity API: queue, history, one download, pause/resume/remove, and the blocklist."""

import uuid

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.downloads.clients.base import DownloadStatus
from media_manager.downloads.models import Download
from media_manager.downloads.service import DownloadPoller
from tests.downloads.factories import ago, create_download, listed


async def user_id(client: AsyncClient, headers: dict) -> uuid.UUID:
    return uuid.UUID((await client.get("/api/v1/users/me", headers=headers)).json()["id"])


async def test_queue_and_history_split_by_status_newest_first_and_paginated(
    client: AsyncClient, admin_headers: dict, session: AsyncSession
):
    for n, status in enumerate(["queued", "downloading", "paused", "completed", "failed"]):
        await create_download(session, title=f"R{n}", status=status, grabbed_at=ago(minutes=n))

    queue = await client.get("/api/v1/activity/queue", headers=admin_headers)
    page2 = await client.get(
        "/api/v1/activity/queue", params={"page": 2, "page_size": 2}, headers=admin_headers
    )
    history = await client.get("/api/v1/activity/history", headers=admin_headers)

    assert [d["title"] for d in queue.json()["items"]] == ["R0", "R1", "R2"]
    assert queue.json()["total"] == 3
    assert [d["title"] for d in page2.json()["items"]] == ["R2"]
    assert page2.json()["total"] == 3
    assert [d["title"] for d in history.json()["items"]] == ["R3", "R4"]


async def test_queue_filters_by_status_show_movie_and_client(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, show, movie
):
    await create_download(session, title="show-qbit", show_id=show.id)
    await create_download(
        session, title="movie-sab", kind="movie", movie_id=movie.id, client="sab", status="paused"
    )
    await create_download(session, title="other")

    async def titles(**params) -> list[str]:
        response = await client.get("/api/v1/activity/queue", params=params, headers=admin_headers)
        assert response.status_code == 200, response.text
        return sorted(d["title"] for d in response.json()["items"])

    assert await titles(show_id=str(show.id)) == ["show-qbit"]
    assert await titles(movie_id=str(movie.id)) == ["movie-sab"]
    assert await titles(client="sab") == ["movie-sab"]
    assert await titles(status="paused") == ["movie-sab"]
    assert await titles(status="completed") == []


async def test_queue_etag_answers_304_until_something_changes(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, app, clients
):
    download = await create_download(session, progress=0.1)
    first = await client.get("/api/v1/activity/queue", headers=admin_headers)
    etag = first.headers["etag"]

    same = await client.get(
        "/api/v1/activity/queue", headers=admin_headers | {"If-None-Match": etag}
    )
    qbit = app.state.download_clients.get("qbit")
    listed(qbit, download, progress=0.5)
    await DownloadPoller(
        app.state.sessionmaker, app.state.settings, app.state.download_clients
    ).poll()
    changed = await client.get(
        "/api/v1/activity/queue", headers=admin_headers | {"If-None-Match": etag}
    )

    assert same.status_code == 304
    assert same.content == b""
    assert changed.status_code == 200
    assert changed.json()["items"][0]["progress"] == 0.5
    assert changed.headers["etag"] != etag


async def test_users_see_and_control_only_their_own_downloads(
    client: AsyncClient, admin_headers: dict, user_headers: dict, session: AsyncSession, clients
):
    mine = await create_download(
        session, title="mine", grabbed_by=await user_id(client, user_headers)
    )
    theirs = await create_download(
        session, title="theirs", grabbed_by=await user_id(client, admin_headers)
    )

    as_user = await client.get("/api/v1/activity/queue", headers=user_headers)
    as_admin = await client.get("/api/v1/activity/queue", headers=admin_headers)
    other = await client.get(f"/api/v1/activity/{theirs.id}", headers=user_headers)
    remove_other = await client.delete(f"/api/v1/activity/{theirs.id}", headers=user_headers)
    own = await client.get(f"/api/v1/activity/{mine.id}", headers=user_headers)

    assert [d["title"] for d in as_user.json()["items"]] == ["mine"]
    assert sorted(d["title"] for d in as_admin.json()["items"]) == ["mine", "theirs"]
    assert other.status_code == 404
    assert remove_other.status_code == 404
    assert own.status_code == 200


async def test_pause_and_resume_go_to_the_client(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, app, clients
):
    download = await create_download(session, status="downloading")
    qbit = app.state.download_clients.get("qbit")
    listed(qbit, download)

    paused = await client.post(f"/api/v1/activity/{download.id}/pause", headers=admin_headers)
    resumed = await client.post(f"/api/v1/activity/{download.id}/resume", headers=admin_headers)

    assert paused.status_code == 200, paused.text
    assert paused.json()["status"] == "paused"
    assert resumed.json()["status"] == "queued"
    assert qbit.calls["pause"] == 1
    assert qbit.calls["resume"] == 1
    assert qbit.downloads[download.client_item_id].status == DownloadStatus.DOWNLOADING


async def test_remove_with_delete_data_asks_the_client_to_delete_the_files(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, app, clients
):
    download = await create_download(session)
    qbit = app.state.download_clients.get("qbit")
    listed(qbit, download)

    response = await client.delete(
        f"/api/v1/activity/{download.id}", params={"delete_data": "true"}, headers=admin_headers
    )

    assert response.status_code == 204, response.text
    assert qbit.removed == [([download.client_item_id], True)]
    assert (
        await session.execute(select(Download).where(Download.id == download.id))
    ).first() is None


async def test_remove_keeps_data_unless_asked(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, app, clients
):
    download = await create_download(session)
    qbit = app.state.download_clients.get("qbit")
    listed(qbit, download)

    await client.delete(f"/api/v1/activity/{download.id}", headers=admin_headers)

    assert qbit.removed == [([download.client_item_id], False)]


async def test_client_down_answers_503_naming_it_and_others_still_work(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, app, clients
):
    on_qbit = await create_download(session)
    on_sab = await create_download(session, client="sab", protocol="usenet", client_item_id="n1")
    app.state.download_clients.get("qbit").down = True
    listed(app.state.download_clients.get("sab"), on_sab)

    down = await client.post(f"/api/v1/activity/{on_qbit.id}/pause", headers=admin_headers)
    fine = await client.post(f"/api/v1/activity/{on_sab.id}/pause", headers=admin_headers)
    queue = await client.get("/api/v1/activity/queue", headers=admin_headers)

    assert down.status_code == 503
    assert down.json()["detail"].startswith("Download client qbit: ")
    assert down.json()["error"] == "DownloadClientUnavailable"
    assert fine.status_code == 200
    assert queue.status_code == 200


async def test_blocklist_removes_the_download_and_can_be_undone_by_an_admin(
    client: AsyncClient,
    admin_headers: dict,
    user_headers: dict,
    session: AsyncSession,
    app,
    clients,
    show,
):
    download = await create_download(
        session,
        show_id=show.id,
        info_hash="ab" * 20,
        grabbed_by=await user_id(client, user_headers),
    )
    listed(app.state.download_clients.get("qbit"), download)

    response = await client.post(
        f"/api/v1/activity/{download.id}/blocklist",
        json={"reason": "wrong language", "delete_data": True},
        headers=user_headers,
    )
    listing = await client.get(
        "/api/v1/activity/blocklist", params={"show_id": str(show.id)}, headers=user_headers
    )
    entry_id = response.json()["id"]
    refused = await client.delete(f"/api/v1/activity/blocklist/{entry_id}", headers=user_headers)
    removed = await client.delete(f"/api/v1/activity/blocklist/{entry_id}", headers=admin_headers)
    after = await client.get("/api/v1/activity/blocklist", headers=admin_headers)

    assert response.status_code == 201, response.text
    assert response.json()["reason"] == "wrong language"
    assert app.state.download_clients.get("qbit").removed == [([download.client_item_id], True)]
    assert [e["title"] for e in listing.json()["items"]] == [download.title]
    assert refused.status_code == 403
    assert removed.status_code == 204
    assert after.json()["total"] == 0


async def test_missing_download_is_removed_without_calling_the_client(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, app, clients
):
    download = await create_download(session, status="missing")

    response = await client.delete(f"/api/v1/activity/{download.id}", headers=admin_headers)

    assert response.status_code == 204
    assert app.state.download_clients.get("qbit").calls["remove"] == 0
