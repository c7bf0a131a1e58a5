from datetime import date, timedelta

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


async def create_api_key(client: AsyncClient, headers: dict) -> str:
    response = await client.post(
        "/api/v1/users/me/api-keys", json={"name": "calendar"}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()["key"]


async def test_calendar_lists_monitored_episodes_and_movies_by_date(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    wire = await create_show(session, name="The Wire", seasons={1: [day(-1), day(0), day(5)]})
    andor = await create_show(session, name="andor", seasons={2: [day(2), day(2)]})
    unwatched = await create_show(session, name="Unwatched", seasons={1: [day(1)]})
    unwatched.seasons[0].episodes[0].monitored = False
    await session.commit()
    heat = await create_movie(session, title="Heat", year=2030, release_date=day(2))
    await create_movie(session, title="Skipped", release_date=day(3), monitored=False)
    await create_movie(session, title="Later", release_date=day(30))

    found = await calendar(client, user_headers, day(0), day(4))

    assert [
        (item["kind"], item.get("show_name") or item["title"], item.get("episode_number"))
        for item in found["items"]
    ] == [("episode", "The Wire", 2), ("episode", "andor", 1), ("episode", "andor", 2),
          ("movie", "Heat", None)]  # fmt: skip
    first = found["items"][0]
    assert first == {
        "kind": "episode",
        "episode_id": str(wire.seasons[0].episodes[1].id),
        "show_id": str(wire.id),
        "show_name": "The Wire",
        "season_number": 1,
        "episode_number": 2,
        "title": "Episode 2",
        "overview": "",
        "air_date": day(0).isoformat(),
        "has_file": False,
    }
    assert found["items"][1]["show_id"] == str(andor.id)
    assert found["items"][3]["movie_id"] == str(heat.id)
    assert (found["start"], found["end"]) == (day(0).isoformat(), day(4).isoformat())


async def test_one_day_calendar_includes_that_day(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    await create_show(session, seasons={1: [day(0)]})

    found = await calendar(client, user_headers, day(0), day(0))

    assert len(found["items"]) == 1


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


async def test_ical_feed_is_read_with_an_api_key_in_the_address(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    today = date.today()
    show = await create_show(
        session,
        name="Severance",
        seasons={2: [today + timedelta(days=3), today - timedelta(days=90)]},
    )
    movie = await create_movie(session, title="Dune", year=today.year, release_date=today)
    key = await create_api_key(client, user_headers)

    response = await client.get("/api/v1/calendar.ics", params={"api_key": key})

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


@pytest.mark.parametrize("api_key", [None, "mm_not-a-key"], ids=["no-key", "wrong-key"])
async def test_ical_feed_refuses_callers_without_a_valid_key(
    client: AsyncClient, user_headers: dict, api_key: str | None
):
    params = {"api_key": api_key} if api_key else {}

    response = await client.get("/api/v1/calendar.ics", params=params, headers=user_headers)

    assert response.status_code == 401
    assert "api_key" in response.json()["detail"] or "API key" in response.json()["detail"]


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
