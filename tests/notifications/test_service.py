"""notify(): in-app rows for the users concerned, Apprise delivery once per key and window."""

import uuid

from httpx import AsyncClient

from media_manager.core.jobs import JobContext
from media_manager.notifications.service import ItemRef, notify
from tests.support.webhook import WebhookReceiver


async def _me(client: AsyncClient, headers: dict) -> uuid.UUID:
    return uuid.UUID((await client.get("/api/v1/users/me", headers=headers)).json()["id"])


async def test_event_reaches_the_webhook_through_apprise_exactly_once(
    app, client: AsyncClient, user_headers: dict, receiver: WebhookReceiver
):
    user_id = await _me(client, user_headers)
    context = JobContext(app.state)
    item = ItemRef("show", uuid.uuid4())

    outcomes = [
        await notify(
            context,
            "import_failed",
            "Import failed: Show S01",
            f"Episode {n} could not be imported",
            item=item,
            users=[user_id],
            key=f"import:{item.id}",
        )
        for n in range(5)
    ]

    assert [outcome.sent for outcome in outcomes] == [True, False, False, False, False]
    assert len(receiver.received) == 1
    delivered = receiver.received[0]
    assert delivered.path == "/hook"
    assert delivered.body["title"] == "Import failed: Show S01"
    assert delivered.body["message"] == "Episode 0 could not be imported"
    page = (await client.get("/api/v1/notifications", headers=user_headers)).json()
    assert page["total"] == 1
    assert page["items"][0]["event"] == "import_failed"
    assert page["items"][0]["item_id"] == str(item.id)


async def test_different_subjects_are_not_deduplicated(app, receiver: WebhookReceiver):
    context = JobContext(app.state)

    await notify(context, "download_failed", "A failed", "a", key="download:a")
    await notify(context, "download_failed", "B failed", "b", key="download:b")
    await notify(context, "grabbed", "A grabbed", "a", key="download:a")

    assert sorted(r.body["title"] for r in receiver.received) == [
        "A failed",
        "A grabbed",
        "B failed",
    ]


async def test_same_key_notifies_again_after_the_window(app, receiver: WebhookReceiver):
    app.state.settings.notifications.dedup_minutes = 0
    context = JobContext(app.state)

    await notify(context, "download_failed", "A failed", "a", key="download:a")
    await notify(context, "download_failed", "A failed", "a", key="download:a")

    assert len(receiver.received) == 2


async def test_target_gets_only_the_events_it_subscribes_to(app, receiver: WebhookReceiver):
    app.state.settings.notifications.targets[0].events = ["health_problem"]
    context = JobContext(app.state)

    await notify(context, "grabbed", "Grabbed", "x")
    await notify(context, "health_problem", "Disk full", "y")

    assert [r.body["title"] for r in receiver.received] == ["Disk full"]


async def test_system_event_goes_to_admins_only(
    app, client: AsyncClient, admin_headers: dict, user_headers: dict
):
    await notify(JobContext(app.state), "health_problem", "Indexer down", "it is down")

    admin = (await client.get("/api/v1/notifications/unread-count", headers=admin_headers)).json()
    user = (await client.get("/api/v1/notifications/unread-count", headers=user_headers)).json()
    assert admin == {"unread": 1}
    assert user == {"unread": 0}


async def test_a_failing_target_is_reported_and_does_not_stop_in_app_notifications(
    app, client: AsyncClient, admin_headers: dict, receiver: WebhookReceiver
):
    receiver.status = 500

    outcome = await notify(JobContext(app.state), "health_problem", "Disk full", "y")

    assert outcome.sent
    assert not outcome.targets[0].ok
    assert "500" in (outcome.targets[0].problem or "") or outcome.targets[0].problem
    unread = (await client.get("/api/v1/notifications/unread-count", headers=admin_headers)).json()
    assert unread == {"unread": 1}
