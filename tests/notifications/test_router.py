"""The notifications API: each user sees and changes only their own notifications."""

import uuid

from httpx import AsyncClient

from media_manager.core.jobs import JobContext
from media_manager.notifications.service import ItemRef, notify


async def _me(client: AsyncClient, headers: dict) -> uuid.UUID:
    return uuid.UUID((await client.get("/api/v1/users/me", headers=headers)).json()["id"])


async def _seed(app, client, admin_headers, user_headers) -> tuple[uuid.UUID, uuid.UUID]:
    admin_id = await _me(client, admin_headers)
    user_id = await _me(client, user_headers)
    context = JobContext(app.state)
    for n in range(3):
        await notify(
            context,
            "imported",
            f"Imported {n}",
            "ok",
            item=ItemRef("show", uuid.uuid4()),
            users=[user_id],
        )
    await notify(context, "grabbed", "Admin's grab", "ok", users=[admin_id])
    await notify(context, "health_problem", "System", "disk")
    return admin_id, user_id


async def test_users_see_their_own_and_admins_the_system_events(
    app, client: AsyncClient, admin_headers: dict, user_headers: dict
):
    await _seed(app, client, admin_headers, user_headers)

    mine = (await client.get("/api/v1/notifications", headers=user_headers)).json()
    admins = (await client.get("/api/v1/notifications", headers=admin_headers)).json()

    assert [n["subject"] for n in mine["items"]] == ["Imported 2", "Imported 1", "Imported 0"]
    assert sorted(n["subject"] for n in admins["items"]) == ["Admin's grab", "System"]


async def test_list_is_paginated_and_filters_unread(
    app, client: AsyncClient, admin_headers: dict, user_headers: dict
):
    await _seed(app, client, admin_headers, user_headers)
    first = (await client.get("/api/v1/notifications?page_size=2", headers=user_headers)).json()
    await client.post(f"/api/v1/notifications/{first['items'][0]['id']}/read", headers=user_headers)

    unread = (
        await client.get("/api/v1/notifications?unread_only=true", headers=user_headers)
    ).json()

    assert first["total"] == 3 and len(first["items"]) == 2
    assert unread["total"] == 2


async def test_mark_read_all_read_and_unread_count(
    app, client: AsyncClient, admin_headers: dict, user_headers: dict
):
    await _seed(app, client, admin_headers, user_headers)
    count = "/api/v1/notifications/unread-count"
    items = (await client.get("/api/v1/notifications", headers=user_headers)).json()["items"]

    one = await client.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=user_headers)
    after_one = (await client.get(count, headers=user_headers)).json()
    everything = await client.post("/api/v1/notifications/read-all", headers=user_headers)
    after_all = (await client.get(count, headers=user_headers)).json()
    admin_count = (await client.get(count, headers=admin_headers)).json()

    assert one.status_code == 200 and one.json()["read_at"] is not None
    assert after_one == {"unread": 2}
    assert everything.json() == {"marked": 2}
    assert after_all == {"unread": 0}
    assert admin_count == {"unread": 2}


async def test_others_notifications_cannot_be_read_marked_or_deleted(
    app, client: AsyncClient, admin_headers: dict, user_headers: dict
):
    await _seed(app, client, admin_headers, user_headers)
    theirs = (await client.get("/api/v1/notifications", headers=admin_headers)).json()["items"][0]

    marked = await client.post(f"/api/v1/notifications/{theirs['id']}/read", headers=user_headers)
    deleted = await client.delete(f"/api/v1/notifications/{theirs['id']}", headers=user_headers)
    still = (await client.get("/api/v1/notifications", headers=admin_headers)).json()

    assert marked.status_code == 404
    assert deleted.status_code == 404
    assert still["total"] == 2
    assert all(n["read_at"] is None for n in still["items"])


async def test_delete_own_notification(
    app, client: AsyncClient, admin_headers: dict, user_headers: dict
):
    await _seed(app, client, admin_headers, user_headers)
    items = (await client.get("/api/v1/notifications", headers=user_headers)).json()["items"]

    response = await client.delete(f"/api/v1/notifications/{items[0]['id']}", headers=user_headers)
    again = await client.delete(f"/api/v1/notifications/{items[0]['id']}", headers=user_headers)

    assert response.status_code == 204
    assert again.status_code == 404
    left = (await client.get("/api/v1/notifications", headers=user_headers)).json()
    assert left["total"] == 2
