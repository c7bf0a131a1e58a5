"""The "new_episode" event: a refresh that finds monitored episodes notifies once per show."""

from datetime import timedelta

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext
from media_manager.tv.tasks import refresh_shows
from tests.metadata.relay import FUTURE, PAST, FakeRelay, relay  # noqa: F401  (fixture)
from tests.support.webhook import WebhookReceiver
from tests.tv.test_tasks import add_show, last_refreshed


async def test_refresh_finding_two_episodes_notifies_once_and_the_next_refresh_not_at_all(
    app,
    client: AsyncClient,
    user_headers: dict,
    admin_headers: dict,
    relay: FakeRelay,  # noqa: F811
    receiver: WebhookReceiver,
    session: AsyncSession,
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST, PAST]})
    added = await add_show(client, user_headers, 1396, monitor="all")
    await app.state.task_runner.drain()
    assert receiver.received == []  # adding a show announces nothing
    relay.add_tmdb_episode(1396, 1, FUTURE)
    relay.add_tmdb_episode(1396, 2, FUTURE)
    await last_refreshed(session, added["id"], timedelta(hours=25))

    await refresh_shows(JobContext(app.state))

    assert len(receiver.received) == 1
    delivered = receiver.received[0].body
    assert delivered["title"] == "New episodes: Breaking Bad"
    assert "2 new monitored episodes" in delivered["message"]
    assert "S01E03" in delivered["message"] and "S02E01" in delivered["message"]
    page = (await client.get("/api/v1/notifications", headers=admin_headers)).json()
    assert [(n["event"], n["item_id"]) for n in page["items"]] == [("new_episode", added["id"])]

    await last_refreshed(session, added["id"], timedelta(hours=25))
    await refresh_shows(JobContext(app.state))

    assert len(receiver.received) == 1


async def test_refresh_from_the_api_notifies_and_unmonitored_finds_do_not(
    app,
    client: AsyncClient,
    user_headers: dict,
    relay: FakeRelay,  # noqa: F811
    receiver: WebhookReceiver,
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST]})
    relay.add_tmdb_show(60059, "Better Call Saul", {1: [PAST]})
    future_only = await add_show(client, user_headers, 1396, monitor="future")
    unmonitored = await add_show(client, user_headers, 60059, monitor="none")
    relay.add_tmdb_episode(1396, 1, PAST)  # back-filled: "future" does not want it
    relay.add_tmdb_episode(60059, 1, FUTURE)

    for show in (future_only, unmonitored):
        response = await client.post(f"/api/v1/tv/shows/{show['id']}/refresh", headers=user_headers)
        assert response.status_code == 200, response.text
    await app.state.task_runner.drain()
    assert receiver.received == []

    relay.add_tmdb_episode(1396, 1, FUTURE)
    response = await client.post(
        f"/api/v1/tv/shows/{future_only['id']}/refresh", headers=user_headers
    )
    assert response.status_code == 200, response.text
    await app.state.task_runner.drain()

    assert [r.body["title"] for r in receiver.received] == ["New episode: Breaking Bad"]
    assert "S01E03" in receiver.received[0].body["message"]
