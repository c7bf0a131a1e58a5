import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.core.jobs import JobContext
from media_manager.tv.models import Show
from media_manager.tv.tasks import refresh_shows
from tests.images.host import IMAGE_HOSTS, FakeImageHost
from tests.metadata.relay import FUTURE, PAST, FakeRelay
from tests.tv.factories import create_show

HOUR = timedelta(hours=1)


async def last_refreshed(session: AsyncSession, show_id: uuid.UUID | str, ago: timedelta) -> None:
    when = datetime.now(UTC) - ago
    show_id = uuid.UUID(str(show_id))
    await session.execute(update(Show).where(Show.id == show_id).values(last_refreshed_at=when))
    await session.commit()


async def add_show(client: AsyncClient, headers: dict, external_id: int, **body: object) -> dict:
    payload = {"metadata_provider": "tmdb", "external_id": external_id} | body
    response = await client.post("/api/v1/tv/shows", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def get_show(client: AsyncClient, headers: dict, show_id: str) -> dict:
    response = await client.get(f"/api/v1/tv/shows/{show_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_scheduled_refresh_adds_new_episodes_monitored_per_setting(
    app,
    client: AsyncClient,
    user_headers: dict,
    relay: FakeRelay,
    image_host: FakeImageHost,
    session: AsyncSession,
):
    app.state.settings.metadata.image_hosts = IMAGE_HOSTS  # the stand-in, no DNS
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST, PAST], 2: [PAST]})
    added = await add_show(client, user_headers, 1396, monitor="future")
    await app.state.task_runner.drain()  # the poster is not served yet: that download fails
    await last_refreshed(session, added["id"], timedelta(hours=25))
    relay.add_tmdb_episode(1396, 2, FUTURE)
    relay.add_tmdb_episode(1396, 1, PAST)
    relay.add_tmdb_episode(1396, 3, None)
    image_host.serve("/t/p/w500/poster1396.jpg")
    relay.requests.clear()

    await refresh_shows(JobContext(app.state))

    # The relay must not answer a refresh from its cache.
    assert relay.requests and relay.cache_control() == {"no-cache"}

    show = await get_show(client, user_headers, added["id"])
    episodes = {s["number"]: [e["monitored"] for e in s["episodes"]] for s in show["seasons"]}
    assert episodes == {1: [False, False, False], 2: [False, True], 3: [True]}
    refreshed_at = datetime.fromisoformat(show["last_refreshed_at"])
    assert datetime.now(UTC) - refreshed_at < timedelta(minutes=1)
    assert show["has_poster"] is True  # the refresh retried the missing poster


async def test_failing_show_is_logged_and_the_others_still_refresh(
    app,
    client: AsyncClient,
    user_headers: dict,
    relay: FakeRelay,
    session: AsyncSession,
    caplog: pytest.LogCaptureFixture,
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST]})
    relay.add_tmdb_show(60059, "Better Call Saul", {1: [PAST]})
    broken = await add_show(client, user_headers, 1396)
    working = await add_show(client, user_headers, 60059)
    await app.state.task_runner.drain()
    for show in (broken, working):
        await last_refreshed(session, show["id"], timedelta(days=2))
    relay.tmdb_shows[1396]["name"] = "Breaking Bad (renamed)"
    relay.tmdb_shows[60059]["name"] = "Better Call Saul (renamed)"
    relay.add_tmdb_episode(1396, 1, PAST)
    relay.fail("/tmdb/tv/1396", "upstream_down")

    with caplog.at_level(logging.WARNING, logger="media_manager.tv.tasks"):
        await refresh_shows(JobContext(app.state))

    assert 'Refreshing the show "Breaking Bad" failed' in caplog.text
    assert "HTTP 502" in caplog.text
    unchanged = await get_show(client, user_headers, broken["id"])
    assert unchanged["name"] == "Breaking Bad"
    assert [len(s["episodes"]) for s in unchanged["seasons"]] == [1]
    assert unchanged["last_refreshed_at"] < working["last_refreshed_at"]  # due again next hour
    assert (await get_show(client, user_headers, working["id"]))["name"] == (
        "Better Call Saul (renamed)"
    )


async def test_only_due_shows_are_refreshed(app, relay: FakeRelay, session: AsyncSession):
    now = datetime.now(UTC)
    shows = {
        "continuing, refreshed 23 hours ago": ("continuing", timedelta(hours=23), None, False),
        "continuing, refreshed 25 hours ago": ("continuing", timedelta(hours=25), None, True),
        "ended, refreshed 6 days ago": ("ended", timedelta(days=6), None, False),
        "ended, refreshed 8 days ago": ("ended", timedelta(days=8), None, True),
        "failed season, retry due": ("ended", timedelta(hours=1), now, True),
        "failed season, retry later": ("continuing", timedelta(hours=1), now + HOUR, False),
    }
    expected = set()
    for name, (status, ago, retry, due) in shows.items():
        show = await create_show(session, name=name, status=status, retry_failed_seasons_at=retry)
        await last_refreshed(session, show.id, ago)
        status_word = "Ended" if status == "ended" else "Returning Series"
        relay.add_tmdb_show(show.external_id, name, {1: [PAST]}, status=status_word)
        if due:
            expected.add(f"/tmdb/tv/{show.external_id}")

    await refresh_shows(JobContext(app.state))

    fetched = {path for path in relay.paths() if "/season/" not in path}
    assert fetched == expected


async def test_show_with_a_failed_season_is_retried_sooner_and_then_completed(
    app,
    client: AsyncClient,
    user_headers: dict,
    relay: FakeRelay,
    session: AsyncSession,
    caplog: pytest.LogCaptureFixture,
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST], 2: [PAST, PAST]})
    relay.fail("/tmdb/tv/1396/season/2", "not_found")
    added = await add_show(client, user_headers, 1396)
    await app.state.task_runner.drain()
    relay.faults.clear()
    relay.requests.clear()

    # Refreshed a minute ago and the retry not due yet: nothing to do.
    await refresh_shows(JobContext(app.state))
    not_yet = relay.paths()
    # An hour later (the next run of the job) the show is due, well before its daily refresh.
    await last_refreshed(session, added["id"], timedelta(hours=1))
    await retry_at(session, added["id"], timedelta(minutes=-10))
    with caplog.at_level(logging.INFO, logger="media_manager.tv.tasks"):
        await refresh_shows(JobContext(app.state))

    assert not_yet == []
    assert "/tmdb/tv/1396/season/2" in relay.paths()
    assert "Refreshed 1 of 1 due shows" in caplog.text
    show = await get_show(client, user_headers, added["id"])
    assert [(s["number"], len(s["episodes"])) for s in show["seasons"]] == [(1, 1), (2, 2)]
    assert (show["failed_seasons"], show["retry_failed_seasons_at"]) == ([], None)


async def retry_at(session: AsyncSession, show_id: str, from_now: timedelta) -> None:
    when = datetime.now(UTC) + from_now
    show_id_ = uuid.UUID(str(show_id))
    await session.execute(
        update(Show).where(Show.id == show_id_).values(retry_failed_seasons_at=when)
    )
    await session.commit()
