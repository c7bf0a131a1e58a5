from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from httpx import AsyncClient
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from tests.movies.factories import create_movie
from tests.tv.factories import create_show

DAY = date(2030, 6, 10)


def day(offset: int) -> date:
    return DAY + timedelta(days=offset)


async def calendar(client: AsyncClient, headers: dict, start: date, end: date) -> dict:
    response = await client.get(
        "/api/v1/calendar", params={"start": start, "end": end}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def feed_url(client: AsyncClient, headers: dict) -> str:
    response = await client.post("/api/v1/users/me/feed-token", headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["url"]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (day(5), day(4), "is before start"),
        (day(0), day(367), "367 days apart; at most 366"),
    ],
)
async def test_invalid_range_is_refused(
    client: AsyncClient, user_headers: dict, start: date, end: date, message: str
):
    response = await client.get(
        "/api/v1/calendar", params={"start": start, "end": end}, headers=user_headers
    )

    assert response.status_code == 422
    assert response.json()["error"] == "InvalidDateRange"
    assert message in response.json()["detail"]


async def test_calendar_takes_the_same_number_of_statements_for_any_number_of_shows(
    client: AsyncClient, user_headers: dict, session: AsyncSession, connection: AsyncConnection
):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    async def statements_for_calendar() -> int:
        statements.clear()
        event.listen(connection.sync_connection, "before_cursor_execute", count)
        try:
            await calendar(client, user_headers, day(0), day(10))
        finally:
            event.remove(connection.sync_connection, "before_cursor_execute", count)
        return len(statements)

    await create_show(session, seasons={1: [day(1)]})
    await create_movie(session, release_date=day(1))
    with_one = await statements_for_calendar()
    for _ in range(4):
        await create_show(session, seasons={1: [day(1), day(2)], 2: [day(3)]})
        await create_movie(session, release_date=day(2))
    with_five = await statements_for_calendar()

    assert len((await calendar(client, user_headers, day(0), day(10)))["items"]) == 18
    assert with_five == with_one


async def test_ical_feed_is_read_with_the_feed_address(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    today = date.today()
    show = await create_show(
        session,
        name="Severance",
        seasons={2: [today + timedelta(days=3), today - timedelta(days=90)]},
    )
    movie = await create_movie(session, title="Dune", year=today.year, release_date=today)
    url = await feed_url(client, user_headers)

    response = await client.get(url)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    feed = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    episode = show.seasons[0].episodes[0]
    assert set(events) == {f"episode-{episode.id}@mediamanager", f"movie-{movie.id}@mediamanager"}
    aired = events[f"episode-{episode.id}@mediamanager"]
    assert str(aired["SUMMARY"]) == "Severance - S02E01 - Episode 1"
    assert aired.decoded("DTSTART") == today + timedelta(days=3)
    assert aired.decoded("DTEND") == today + timedelta(days=4)
    assert str(events[f"movie-{movie.id}@mediamanager"]["SUMMARY"]) == f"Dune ({today.year})"


@pytest.mark.parametrize("token", [None, "mmfeed_not-a-token"], ids=["no-token", "wrong-token"])
async def test_ical_feed_refuses_callers_without_a_valid_token(
    client: AsyncClient, user_headers: dict, token: str | None
):
    params = {"token": token} if token else {}

    response = await client.get("/api/v1/calendar.ics", params=params, headers=user_headers)

    assert response.status_code == 401
    assert "feed" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "9999-12-31"}, "start (9999-12-31) must be between"),
        ({"start": "9999-12-01", "end": "9999-12-31"}, "start (9999-12-01) must be between"),
        ({"start": "0001-01-01"}, "start (0001-01-01) must be between"),
        ({"end": "0001-01-01"}, "end (0001-01-01) must be between"),
    ],
)
async def test_dates_far_from_now_are_refused(
    client: AsyncClient, user_headers: dict, params: dict, message: str
):
    response = await client.get("/api/v1/calendar", params=params, headers=user_headers)

    assert response.status_code == 422, response.text
    assert response.json()["error"] == "InvalidDateRange"
    assert message in response.json()["detail"]


async def test_ical_feed_refuses_api_keys_in_the_address(client: AsyncClient, user_headers: dict):
    created = await client.post(
        "/api/v1/users/me/api-keys", json={"name": "calendar"}, headers=user_headers
    )

    response = await client.get("/api/v1/calendar.ics", params={"api_key": created.json()["key"]})

    assert response.status_code == 401
    assert "API keys are not accepted in addresses" in response.json()["detail"]


async def test_feed_address_uses_the_configured_base_url(app, client: AsyncClient, user_headers):
    app.state.settings.server.base_url = "https://media.example.org/"

    url = await feed_url(client, user_headers)

    assert url.startswith("https://media.example.org/api/v1/calendar.ics?token=mmfeed_")


async def test_feed_token_opens_nothing_but_the_feed(client: AsyncClient, user_headers: dict):
    token = parse_qs(urlsplit(await feed_url(client, user_headers)).query)["token"][0]

    as_key = await client.get("/api/v1/users/me", headers={"X-Api-Key": token})
    as_bearer = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    as_json_calendar = await client.get("/api/v1/calendar", params={"token": token})

    assert [as_key.status_code, as_bearer.status_code, as_json_calendar.status_code] == [401] * 3


async def test_rotating_the_feed_token_ends_the_old_address(client: AsyncClient, user_headers):
    old = await feed_url(client, user_headers)
    new = await feed_url(client, user_headers)

    assert (await client.get(old)).status_code == 401
    assert (await client.get(new)).status_code == 200


async def test_revoked_feed_token_stops_working(client: AsyncClient, user_headers: dict):
    url = await feed_url(client, user_headers)

    revoke = await client.delete("/api/v1/users/me/feed-token", headers=user_headers)
    after = await client.get(url)
    status = await client.get("/api/v1/users/me/feed-token", headers=user_headers)
    again = await client.delete("/api/v1/users/me/feed-token", headers=user_headers)

    assert revoke.status_code == 204
    assert after.status_code == 401
    assert after.json()["error"] == "InvalidFeedToken"
    assert status.status_code == 404
    assert again.status_code == 404


async def test_feed_token_status_shows_last_use_but_not_the_token(client, user_headers):
    url = await feed_url(client, user_headers)
    before = (await client.get("/api/v1/users/me/feed-token", headers=user_headers)).json()
    await client.get(url)
    after = (await client.get("/api/v1/users/me/feed-token", headers=user_headers)).json()

    assert before["last_used_at"] is None
    assert after["last_used_at"] is not None
    assert set(after) == {"created_at", "last_used_at"}


async def test_feed_token_of_deactivated_user_is_refused(client, admin_headers, user_headers):
    url = await feed_url(client, user_headers)
    me = (await client.get("/api/v1/users/me", headers=user_headers)).json()
    await client.patch(
        f"/api/v1/users/{me['id']}", json={"is_active": False}, headers=admin_headers
    )

    assert (await client.get(url)).status_code == 403
