import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from httpx import AsyncClient, Response
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from media_manager.config import Settings
from media_manager.tv.models import Episode, Season, Show
from tests.conftest import make_settings
from tests.images.host import IMAGE_HOSTS, FakeImageHost, poster_bytes
from tests.metadata.relay import FUTURE, PAST, FakeRelay
from tests.support.statements import counted_statements
from tests.tv.factories import create_show

# Specials, four finished seasons and one still airing: 16 regular episodes, 14 aired.
FIVE_SEASONS = {
    0: [PAST],
    1: [PAST] * 3,
    2: [PAST] * 3,
    3: [PAST] * 3,
    4: [PAST] * 3,
    5: [PAST, PAST, FUTURE, None],
}


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    library = {"tv": [{"name": "anime", "path": str(tmp_path / "anime")}]}
    # The image server stand-in answers for TMDB's host name, without a DNS lookup.
    metadata = {"image_hosts": IMAGE_HOSTS}
    return make_settings(tmp_path / "data", database_url, library=library, metadata=metadata)


@pytest.fixture
def breaking_bad(relay: FakeRelay) -> FakeRelay:
    relay.add_tmdb_show(1396, "Breaking Bad", FIVE_SEASONS, tvdb_id=81189)
    return relay


async def add_show(client: AsyncClient, headers: dict, **body: object) -> Response:
    payload = {"metadata_provider": "tmdb", "external_id": 1396} | body
    return await client.post("/api/v1/tv/shows", json=payload, headers=headers)


async def list_shows(client: AsyncClient, headers: dict, **params: object) -> dict:
    response = await client.get("/api/v1/tv/shows", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def monitored_episodes(show: dict) -> dict[int, list[bool]]:
    return {s["number"]: [e["monitored"] for e in s["episodes"]] for s in show["seasons"]}


async def test_adding_a_show_stores_every_season_and_episode(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    response = await add_show(client, user_headers)

    assert response.status_code == 201, response.text
    show = response.json()
    assert [(s["number"], len(s["episodes"])) for s in show["seasons"]] == [
        (0, 1), (1, 3), (2, 3), (3, 3), (4, 3), (5, 4)
    ]  # fmt: skip
    assert show["name"] == "Breaking Bad"
    assert (show["tmdb_id"], show["tvdb_id"], show["imdb_id"]) == (1396, 81189, "tt0001396")
    assert (show["library"], show["quality_profile"], show["monitor"]) == (
        "default",
        "default",
        "all",
    )
    assert show["seasons"][5]["episodes"][2]["air_date"] == FUTURE.isoformat()
    assert not any(e["has_file"] for s in show["seasons"] for e in s["episodes"])


@pytest.mark.parametrize(
    ("monitor", "season_five"),
    [
        ("all", [True, True, True, True]),
        ("future", [False, False, True, True]),
        ("missing", [True, True, True, True]),
        ("none", [False, False, False, False]),
    ],
)
async def test_monitor_setting_decides_which_episodes_are_monitored(
    client: AsyncClient,
    user_headers: dict,
    breaking_bad: FakeRelay,
    monitor: str,
    season_five: list[bool],
):
    response = await add_show(client, user_headers, monitor=monitor)

    show = response.json()
    episodes = monitored_episodes(show)
    assert episodes[5] == season_five
    assert episodes[1] == [monitor in ("all", "missing")] * 3
    assert episodes[0] == [False]  # specials are never monitored by default
    seasons = {s["number"]: s["monitored"] for s in show["seasons"]}
    assert seasons == {0: False} | {n: monitor in ("all", "missing") for n in (1, 2, 3, 4)} | {
        5: monitor != "none"
    }


async def test_listing_counts_episodes_aired_and_with_file(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay, session: AsyncSession
):
    await add_show(client, user_headers)
    # The special gets the first file; specials are left out of the counts.
    await create_show(
        session, name="Seeded", seasons={0: [PAST], 1: [PAST, PAST, FUTURE]}, episodes_with_file=3
    )

    page = await list_shows(client, user_headers)

    counts = {
        item["name"]: (
            item["episode_count"],
            item["aired_episode_count"],
            item["episode_file_count"],
        )
        for item in page["items"]
    }
    assert counts == {"Breaking Bad": (16, 14, 0), "Seeded": (3, 2, 2)}
    assert page["total"] == 2


async def test_show_opens_with_seasons_and_episodes(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    added = (await add_show(client, user_headers)).json()

    show = await client.get(f"/api/v1/tv/shows/{added['id']}", headers=user_headers)
    season = await client.get(f"/api/v1/tv/shows/{added['id']}/seasons/5", headers=user_headers)
    missing = await client.get(f"/api/v1/tv/shows/{added['id']}/seasons/9", headers=user_headers)

    assert show.status_code == 200
    assert show.json()["seasons"] == added["seasons"]
    assert [e["number"] for e in season.json()["episodes"]] == [1, 2, 3, 4]
    assert missing.status_code == 404
    assert missing.json()["error"] == "SeasonNotFound"


async def test_refresh_adds_new_episodes_monitored_per_setting(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    added = (await add_show(client, user_headers, monitor="future")).json()
    first = added["seasons"][5]["episodes"][2]
    unmonitor = await client.patch(
        f"/api/v1/tv/shows/{added['id']}/episodes/{first['id']}",
        json={"monitored": False},
        headers=user_headers,
    )
    breaking_bad.add_tmdb_episode(1396, 5, FUTURE)  # a new episode, still to air
    breaking_bad.add_tmdb_episode(1396, 1, PAST)  # a late addition to an old season
    breaking_bad.add_tmdb_episode(1396, 6, None)  # a new season, no date yet
    breaking_bad.tmdb_shows[1396]["name"] = "Breaking Bad (2008)"
    breaking_bad.tmdb_seasons[(1396, 4)]["episodes"].pop()  # dropped by the provider

    response = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)

    assert unmonitor.status_code == 200
    assert response.status_code == 200, response.text
    show = response.json()
    assert show["name"] == "Breaking Bad (2008)"
    episodes = monitored_episodes(show)
    assert episodes[5] == [False, False, False, True, True]  # the user's choice is kept
    assert episodes[1] == [False, False, False, False]
    assert episodes[6] == [True]
    assert episodes[4] == [False, False]
    assert show["seasons"][5]["episodes"][2]["id"] == first["id"]


async def test_alternate_titles_are_stored_on_add_and_replaced_on_refresh(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST]}, alternative_titles=["Reine Chemie"])
    added = (await add_show(client, user_headers)).json()
    relay.tmdb_shows[1396]["alternative_titles"]["results"] = [
        {"iso_3166_1": "ES", "title": "Perdiendo el rumbo", "type": ""}
    ]

    response = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)

    assert added["alternate_titles"] == ["Reine Chemie"]
    assert response.json()["alternate_titles"] == ["Perdiendo el rumbo"]


async def test_refresh_bypasses_the_relay_cache_but_adding_does_not(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    added = (await add_show(client, user_headers)).json()
    on_add = breaking_bad.cache_control()
    breaking_bad.requests.clear()

    response = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)

    assert response.status_code == 200, response.text
    assert on_add == {None}
    # The show and every one of its seasons.
    assert len(breaking_bad.requests) == 7
    assert breaking_bad.cache_control() == {"no-cache"}


async def test_refresh_whose_show_lookup_fails_changes_nothing(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    added = (await add_show(client, user_headers)).json()
    breaking_bad.tmdb_shows[1396]["name"] = "Renamed"
    breaking_bad.add_tmdb_episode(1396, 5, FUTURE)
    breaking_bad.fail("/tmdb/tv/1396", "timeout")

    response = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)
    show = await client.get(f"/api/v1/tv/shows/{added['id']}", headers=user_headers)

    assert response.status_code == 504
    assert show.json() == added


async def test_refresh_keeps_a_failed_season_as_it_was_and_updates_the_rest(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    added = (await add_show(client, user_headers)).json()
    breaking_bad.tmdb_shows[1396]["name"] = "Renamed"
    breaking_bad.add_tmdb_episode(1396, 5, FUTURE)
    breaking_bad.add_tmdb_episode(1396, 4, PAST)
    breaking_bad.fail("/tmdb/tv/1396/season/5", "timeout")

    response = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)

    assert response.status_code == 200, response.text
    show = response.json()
    assert show["name"] == "Renamed"
    assert [(s["number"], len(s["episodes"])) for s in show["seasons"]] == [
        (0, 1), (1, 3), (2, 3), (3, 3), (4, 4), (5, 4)
    ]  # fmt: skip
    assert show["seasons"][5] == added["seasons"][5]  # neither emptied nor removed
    assert [(f["number"], f["attempts"]) for f in show["failed_seasons"]] == [(5, 1)]
    assert "did not answer in time" in show["failed_seasons"][0]["reason"]
    assert show["retry_failed_seasons_at"] is not None
    assert added["failed_seasons"] == []
    assert added["retry_failed_seasons_at"] is None


async def test_a_season_that_answers_again_is_filled_in_and_no_longer_failed(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    breaking_bad.fail("/tmdb/tv/1396/season/2", "not_found")
    added = (await add_show(client, user_headers)).json()
    breaking_bad.faults.clear()

    response = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)

    assert [f["number"] for f in added["failed_seasons"]] == [2]
    assert response.status_code == 200, response.text
    show = response.json()
    assert [s["number"] for s in show["seasons"]] == [0, 1, 2, 3, 4, 5]
    assert (show["failed_seasons"], show["retry_failed_seasons_at"]) == ([], None)


async def test_a_season_failing_again_counts_its_attempts(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    breaking_bad.fail("/tmdb/tv/1396/season/2", "upstream_down")
    added = (await add_show(client, user_headers)).json()

    first = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)
    breaking_bad.fail("/tmdb/tv/1396/season/3", "upstream_down")
    second = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)

    attempts = [(f["number"], f["attempts"]) for f in second.json()["failed_seasons"]]
    assert [(f["number"], f["attempts"]) for f in first.json()["failed_seasons"]] == [(2, 2)]
    assert attempts == [(2, 3), (3, 1)]
    # Each failure in a row waits twice as long before the next try.
    waits = [
        datetime.fromisoformat(r["retry_failed_seasons_at"])
        - datetime.fromisoformat(r["last_refreshed_at"])
        for r in (added, first.json(), second.json())
    ]
    assert [round(w / timedelta(minutes=1)) for w in waits] == [50, 100, 200]


async def test_episode_listed_twice_is_stored_once_on_add_and_on_refresh(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    # Paging over a list that changes between two requests repeats an entry.
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST, PAST, PAST]})
    episodes = relay.tmdb_seasons[(1396, 1)]["episodes"]
    episodes.insert(2, dict(episodes[1]))
    added = await add_show(client, user_headers)
    episodes.append(dict(episodes[0]) | {"name": "Pilot (repeat)"})

    refreshed = await client.post(
        f"/api/v1/tv/shows/{added.json()['id']}/refresh", headers=user_headers
    )

    assert added.status_code == 201, added.text
    assert refreshed.status_code == 200, refreshed.text
    for show in (added.json(), refreshed.json()):
        titles = [e["title"] for e in show["seasons"][0]["episodes"]]
        assert titles == ["Episode 1x01", "Episode 1x02", "Episode 1x03"]


async def test_provider_text_the_database_cannot_store_is_cleaned(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    # JSON may carry \u0000 and lone surrogates; PostgreSQL stores neither.
    relay.add_tmdb_show(1396, "Breaking\x00 Bad", {1: [PAST]})
    relay.tmdb_shows[1396]["overview"] = "A chemistry teacher\ud800 turns\x00 cook."
    relay.tmdb_seasons[(1396, 1)]["episodes"][0]["name"] = "Pilot\x00"

    added = await add_show(client, user_headers)

    assert added.status_code == 201, added.text
    show = added.json()
    assert show["name"] == "Breaking Bad"
    assert show["overview"] == "A chemistry teacher\ufffd turns cook."
    assert show["seasons"][0]["episodes"][0]["title"] == "Pilot"


async def test_season_listed_twice_is_stored_once_on_add_and_on_refresh(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST], 2: [PAST, PAST]})
    summaries = relay.tmdb_shows[1396]["seasons"]
    summaries.append(dict(summaries[1]))
    added = await add_show(client, user_headers)
    relay.add_tmdb_episode(1396, 2, FUTURE)

    refreshed = await client.post(
        f"/api/v1/tv/shows/{added.json()['id']}/refresh", headers=user_headers
    )

    assert added.status_code == 201, added.text
    assert refreshed.status_code == 200, refreshed.text
    layout = [(s["number"], len(s["episodes"])) for s in refreshed.json()["seasons"]]
    assert layout == [(1, 1), (2, 3)]
    assert len([p for p in relay.paths() if p == "/tmdb/tv/1396/season/2"]) == 2  # once each


async def test_tvdb_episode_listed_twice_is_stored_once_on_add_and_on_refresh(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    relay.add_tvdb_series(81189, "Breaking Bad", {1: [PAST, PAST]}, tmdb_id=1396)
    listing = relay.tvdb_episodes[81189]
    listing.append(dict(listing[0]))
    added = await add_show(client, user_headers, metadata_provider="tvdb", external_id=81189)
    listing.insert(1, dict(listing[1]))

    refreshed = await client.post(
        f"/api/v1/tv/shows/{added.json()['id']}/refresh", headers=user_headers
    )

    assert added.status_code == 201, added.text
    assert refreshed.status_code == 200, refreshed.text
    assert [e["number"] for e in refreshed.json()["seasons"][0]["episodes"]] == [1, 2]


async def test_renumbered_and_removed_episodes_keep_rows_that_have_a_file(
    client: AsyncClient, user_headers: dict, relay: FakeRelay, session: AsyncSession
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST, PAST, PAST]})
    added = (await add_show(client, user_headers)).json()
    ids = [e["id"] for e in added["seasons"][0]["episodes"]]
    await session.execute(
        update(Episode)
        .where(Episode.id.in_([uuid.UUID(ids[1]), uuid.UUID(ids[2])]))
        .values(has_file=True)
    )
    await session.commit()
    # Upstream merges episodes 1 and 2 into one: the old third becomes the second.
    episodes = relay.tmdb_seasons[(1396, 1)]["episodes"]
    episodes[:] = [episodes[0], episodes[2] | {"episode_number": 2}]

    response = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)

    assert response.status_code == 200, response.text
    after = response.json()["seasons"][0]["episodes"]
    # Rows follow the number (as release names do): number 2 takes the new title; number 3
    # is gone upstream but has a file, so it stays as it was.
    assert [(e["id"], e["number"], e["title"]) for e in after] == [
        (ids[0], 1, "Episode 1x01"),
        (ids[1], 2, "Episode 1x03"),
        (ids[2], 3, "Episode 1x03"),
    ]


async def test_admin_deletes_a_show_with_its_seasons_and_episodes(
    client: AsyncClient, admin_headers: dict, breaking_bad: FakeRelay, session: AsyncSession
):
    added = (await add_show(client, admin_headers)).json()

    response = await client.delete(f"/api/v1/tv/shows/{added['id']}", headers=admin_headers)
    again = await client.get(f"/api/v1/tv/shows/{added['id']}", headers=admin_headers)

    assert response.status_code == 204
    assert again.status_code == 404
    assert again.json()["error"] == "ShowNotFound"
    for model in (Show, Season, Episode):
        assert await session.scalar(select(func.count()).select_from(model)) == 0


async def test_ordinary_user_cannot_delete_a_show(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    added = (await add_show(client, user_headers)).json()

    response = await client.delete(f"/api/v1/tv/shows/{added['id']}", headers=user_headers)

    assert response.status_code == 403
    assert (await list_shows(client, user_headers))["total"] == 1


async def test_adding_a_show_twice_is_a_conflict(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    breaking_bad.add_tvdb_series(81189, "Breaking Bad", {1: [PAST]}, tmdb_id=1396)
    await add_show(client, user_headers)
    calls = len(breaking_bad.requests)

    again = await add_show(client, user_headers)
    through_tvdb = await add_show(client, user_headers, metadata_provider="tvdb", external_id=81189)

    assert again.status_code == 409
    assert again.json()["error"] == "ShowAlreadyExists"
    assert len(breaking_bad.requests) == calls  # known by its TMDB and TVDB ids: no lookups
    assert through_tvdb.status_code == 409
    assert (await list_shows(client, user_headers))["total"] == 1


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("down", 502),
        ("upstream_down", 502),
        ("timeout", 504),
        ("not_json", 502),
        ("wrong_shape", 502),
        ("not_found", 404),
        ("rate_limited", 429),
    ],
)
async def test_relay_failure_is_reported_and_nothing_is_saved(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay, kind: str, status: int
):
    breaking_bad.fail("/tmdb/tv/1396", kind)

    response = await add_show(client, user_headers)

    assert response.status_code == status, response.text
    assert "metadata service" in response.json()["detail"]
    assert (await list_shows(client, user_headers))["total"] == 0


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("down", "could not be reached"),
        ("upstream_down", "HTTP 502"),
        ("timeout", "did not answer in time"),
        ("not_json", "not JSON"),
        ("wrong_shape", "unexpected data"),
        ("not_found", "found no season 3 of TMDB show 1396"),
        ("rate_limited", "rate limited"),
    ],
)
async def test_a_failing_season_is_named_and_the_rest_of_the_show_is_added(
    client: AsyncClient,
    user_headers: dict,
    breaking_bad: FakeRelay,
    caplog: pytest.LogCaptureFixture,
    kind: str,
    says: str,
):
    breaking_bad.fail("/tmdb/tv/1396/season/3", kind)

    with caplog.at_level(logging.WARNING, logger="media_manager.tv"):
        response = await add_show(client, user_headers)

    assert response.status_code == 201, response.text
    show = response.json()
    assert [s["number"] for s in show["seasons"]] == [0, 1, 2, 4, 5]
    assert [(f["number"], f["attempts"]) for f in show["failed_seasons"]] == [(3, 1)]
    assert says in show["failed_seasons"][0]["reason"]
    assert "no show" not in show["failed_seasons"][0]["reason"]
    assert show["retry_failed_seasons_at"] > show["added_at"]
    assert 'Season 3 of "Breaking Bad" (tmdb 1396) could not be fetched' in caplog.text
    assert says in caplog.text


async def test_only_a_missing_show_is_reported_as_not_found(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    breaking_bad.fail("/tmdb/tv/1396/season/", "not_found")

    every_season_missing = await add_show(client, user_headers)
    no_such_show = await add_show(client, user_headers, external_id=424242)

    assert every_season_missing.status_code == 201, every_season_missing.text
    failed = every_season_missing.json()["failed_seasons"]
    assert [f["number"] for f in failed] == [0, 1, 2, 3, 4, 5]
    assert no_such_show.status_code == 404
    assert "found no TMDB show 424242" in no_such_show.json()["detail"]


async def test_tvdb_episode_list_failing_records_every_season_and_keeps_them(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    relay.add_tvdb_series(81189, "Breaking Bad", {1: [PAST], 2: [PAST, FUTURE]}, tmdb_id=1396)
    added = (
        await add_show(client, user_headers, metadata_provider="tvdb", external_id=81189)
    ).json()
    relay.tvdb_series[81189]["name"] = "Breaking Bad (TVDB)"
    relay.fail("/tvdb/series/81189/episodes", "upstream_down")

    response = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)

    assert response.status_code == 200, response.text
    show = response.json()
    assert show["name"] == "Breaking Bad (TVDB)"
    assert show["seasons"] == added["seasons"]
    assert [f["number"] for f in show["failed_seasons"]] == [1, 2]
    assert "episodes of TVDB series" not in show["failed_seasons"][0]["reason"]  # not a 404
    assert "HTTP 502" in show["failed_seasons"][0]["reason"]


async def test_rate_limited_relay_passes_retry_after_on(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    breaking_bad.fail("/tmdb/tv/1396", "rate_limited")

    response = await add_show(client, user_headers)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.json()["error"] == "MetadataRateLimited"


async def test_unknown_show_on_the_provider_is_not_found(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    response = await add_show(client, user_headers, external_id=424242)

    assert response.status_code == 404
    assert response.json()["error"] == "MetadataNotFound"


async def test_unknown_library_is_refused_before_any_lookup(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    response = await add_show(client, user_headers, library="cartoons")

    assert response.status_code == 422
    assert 'no TV library named "cartoons"' in response.json()["detail"]
    assert "default, anime" in response.json()["detail"]
    assert breaking_bad.requests == []


@pytest.mark.parametrize(
    "body",
    [
        {"monitor": "sometimes"},
        {"external_id": 0},
        {"metadata_provider": "imdb"},
        {"quality_profile": ""},
        {"unexpected": True},
    ],
)
async def test_invalid_add_request_is_refused(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay, body: dict
):
    response = await add_show(client, user_headers, **body)

    assert response.status_code == 422
    assert breaking_bad.requests == []


async def test_add_show_through_tvdb(client: AsyncClient, user_headers: dict, relay: FakeRelay):
    relay.add_tvdb_series(81189, "Breaking Bad", {0: [PAST], 1: [PAST, FUTURE]}, tmdb_id=1396)

    response = await add_show(client, user_headers, metadata_provider="tvdb", external_id=81189)

    assert response.status_code == 201, response.text
    show = response.json()
    assert (show["metadata_provider"], show["external_id"], show["tmdb_id"]) == (
        "tvdb",
        81189,
        1396,
    )
    assert [(s["number"], len(s["episodes"])) for s in show["seasons"]] == [(0, 1), (1, 2)]


async def test_search_marks_shows_already_in_the_library(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    breaking_bad.add_tmdb_show(60059, "Better Call Saul", {1: [PAST]})
    added = (await add_show(client, user_headers)).json()

    response = await client.get("/api/v1/tv/search", params={"query": "b"}, headers=user_headers)

    assert response.status_code == 200
    found = {r["external_id"]: (r["in_library"], r["show_id"]) for r in response.json()}
    assert found == {1396: (True, added["id"]), 60059: (False, None)}


async def test_trending_comes_from_tmdb_only(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    tmdb = await client.get("/api/v1/tv/trending", headers=user_headers)
    tvdb = await client.get(
        "/api/v1/tv/trending", params={"metadata_provider": "tvdb"}, headers=user_headers
    )

    assert [r["name"] for r in tmdb.json()] == ["Breaking Bad"]
    assert tvdb.status_code == 400
    assert tvdb.json()["error"] == "MetadataNotSupported"


async def test_list_searches_filters_sorts_and_pages(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    await create_show(session, name="The Wire", year=2002, status="ended")
    await create_show(session, name="andor", year=2022, library="anime", monitor="none")
    await create_show(session, name="Breaking 100%", year=None)

    async def names(**params: object) -> list[str]:
        return [
            item["name"] for item in (await list_shows(client, user_headers, **params))["items"]
        ]

    assert await names() == ["andor", "Breaking 100%", "The Wire"]
    assert await names(sort="name", order="desc") == ["The Wire", "Breaking 100%", "andor"]
    assert await names(sort="year", order="desc") == ["andor", "The Wire", "Breaking 100%"]
    assert await names(sort="year") == ["The Wire", "andor", "Breaking 100%"]  # NULL last
    assert await names(search="WIR") == ["The Wire"]
    assert await names(search="wI") == ["The Wire"]  # shorter than a trigram
    assert await names(search="100%") == ["Breaking 100%"]
    assert await names(status="ended") == ["The Wire"]
    assert await names(library="anime") == ["andor"]
    assert await names(monitored="false") == ["andor"]
    second = await list_shows(client, user_headers, page=2, page_size=2)
    assert ([i["name"] for i in second["items"]], second["total"]) == (["The Wire"], 3)


async def test_list_search_finds_alternate_titles_and_follows_changes(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    wire = await create_show(session, name="The Wire", alternate_titles=["Sur écoute"])
    await create_show(session, name="Dark", alternate_titles=["Zwischen 100% und _"])

    async def names(search: str) -> list[str]:
        page = await list_shows(client, user_headers, search=search)
        return [item["name"] for item in page["items"]]

    assert await names("ÉCOUTE") == ["The Wire"]
    assert await names("100%") == ["Dark"]
    assert await names("% und _") == ["Dark"]
    assert await names("ar") == ["Dark"]
    assert await names("_") == ["Dark"]
    assert await names("e w") == ["The Wire"]
    wire.name, wire.alternate_titles = "The Corner", ["Sur le coin"]
    await session.flush()
    assert await names("wire") == []
    assert await names("le coin") == ["The Corner"]
    await session.delete(wire)
    await session.flush()
    assert await names("corner") == []


async def test_list_takes_the_same_number_of_statements_for_any_number_of_shows(
    client: AsyncClient, user_headers: dict, session: AsyncSession, connection: AsyncConnection
):
    async def statements_for_listing() -> int:
        with counted_statements(connection) as statements:
            await list_shows(client, user_headers)
        return len(statements)

    await create_show(session, seasons={1: [PAST, PAST]})
    with_one = await statements_for_listing()
    for _ in range(5):
        await create_show(session, seasons={1: [PAST], 2: [PAST, FUTURE]})
    with_six = await statements_for_listing()

    assert (await list_shows(client, user_headers))["total"] == 6
    assert with_one > 0
    assert with_six == with_one


async def test_detail_and_search_take_the_same_number_of_statements_for_any_size(
    client: AsyncClient, user_headers: dict, session: AsyncSession, connection: AsyncConnection
):
    small = await create_show(session, name="Alpha Small", seasons={1: [PAST]})
    large = await create_show(
        session, name="Alpha Large", seasons={n: [PAST] * 8 + [FUTURE] for n in range(6)}
    )

    async def statements_for(url: str, **params: object) -> int:
        with counted_statements(connection) as statements:
            response = await client.get(url, params=params, headers=user_headers)
        assert response.status_code == 200, response.text
        return len(statements)

    details = [await statements_for(f"/api/v1/tv/shows/{show.id}") for show in (small, large)]
    search_two = await statements_for("/api/v1/tv/shows", search="alpha")
    for number in range(5):
        await create_show(session, name=f"Alpha {number}", seasons={1: [PAST], 2: [PAST]})
    search_seven = await statements_for("/api/v1/tv/shows", search="alpha")

    assert details[0] > 0
    assert details[1] == details[0]
    assert (await list_shows(client, user_headers, search="alpha"))["total"] == 7
    assert search_seven == search_two


async def test_show_settings_can_be_changed(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    added = (await add_show(client, user_headers)).json()
    url = f"/api/v1/tv/shows/{added['id']}"

    response = await client.patch(
        url,
        json={"library": "anime", "quality_profile": "HD-1080p", "monitor": "none"},
        headers=user_headers,
    )
    unknown = await client.patch(url, json={"library": "cartoons"}, headers=user_headers)
    show = (await client.get(url, headers=user_headers)).json()

    assert response.status_code == 200, response.text
    assert (show["library"], show["quality_profile"], show["monitor"]) == (
        "anime",
        "HD-1080p",
        "none",
    )
    assert not any(any(episodes) for episodes in monitored_episodes(show).values())
    assert unknown.status_code == 422
    assert unknown.json()["error"] == "UnknownLibrary"


async def test_unknown_quality_profile_is_refused(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    refused_add = await add_show(client, user_headers, quality_profile="hd")
    added = (await add_show(client, user_headers)).json()
    refused_patch = await client.patch(
        f"/api/v1/tv/shows/{added['id']}", json={"quality_profile": "hd"}, headers=user_headers
    )
    show = (await client.get(f"/api/v1/tv/shows/{added['id']}", headers=user_headers)).json()

    assert refused_add.status_code == 422
    assert refused_add.json()["error"] == "UnknownProfile"
    assert '"HD-1080p"' in refused_add.json()["detail"]
    assert refused_patch.status_code == 422
    assert show["quality_profile"] == "default"


async def test_monitoring_a_season_applies_to_its_episodes(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay
):
    added = (await add_show(client, user_headers)).json()

    response = await client.patch(
        f"/api/v1/tv/shows/{added['id']}/seasons/0", json={"monitored": True}, headers=user_headers
    )
    show = (await client.get(f"/api/v1/tv/shows/{added['id']}", headers=user_headers)).json()

    assert response.status_code == 200
    assert response.json()["monitored"] is True
    assert monitored_episodes(show)[0] == [True]
    assert show["seasons"][0]["monitored"] is True


async def test_episode_of_another_show_is_not_found(
    client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay, session: AsyncSession
):
    added = (await add_show(client, user_headers)).json()
    other = await create_show(session)
    other_episode = other.seasons[0].episodes[0]

    response = await client.patch(
        f"/api/v1/tv/shows/{added['id']}/episodes/{other_episode.id}",
        json={"monitored": False},
        headers=user_headers,
    )

    assert response.status_code == 404
    assert response.json()["error"] == "EpisodeNotFound"


async def test_poster_is_downloaded_after_the_add_without_delaying_it(
    app, client: AsyncClient, user_headers: dict, breaking_bad: FakeRelay, image_host: FakeImageHost
):
    image_host.serve("/t/p/w500/poster1396.jpg", poster_bytes("JPEG", (500, 750)))
    image_host.gate = asyncio.Event()  # the image server answers only when released

    async with asyncio.timeout(10):  # hangs if the add waited for the image server
        response = await add_show(client, user_headers)
    show_id = response.json()["id"]
    poster_url = f"/api/v1/tv/shows/{show_id}/poster"
    before = await client.get(poster_url, headers=user_headers)
    image_host.gate.set()
    await app.state.task_runner.drain()
    show = (await client.get(f"/api/v1/tv/shows/{show_id}", headers=user_headers)).json()
    poster = await client.get(poster_url, headers=user_headers)
    original = await client.get(poster_url, params={"size": "original"}, headers=user_headers)
    cached = await client.get(
        poster_url, headers=user_headers | {"If-None-Match": poster.headers["ETag"]}
    )

    assert response.status_code == 201
    assert response.json()["has_poster"] is False
    assert before.status_code == 404
    assert before.json()["error"] == "PosterNotFound"
    assert image_host.requests == ["/t/p/w500/poster1396.jpg"]
    assert show["has_poster"] is True
    assert poster.status_code == 200
    assert poster.headers["content-type"] == "image/webp"
    assert poster.headers["cache-control"] == "private, max-age=86400"
    assert "last-modified" in poster.headers
    assert poster.content[8:12] == b"WEBP"
    assert original.headers["content-type"] == "image/jpeg"
    assert original.content == image_host.files["/t/p/w500/poster1396.jpg"][1]
    assert cached.status_code == 304
    assert cached.content == b""


async def test_failed_poster_download_is_logged_and_refresh_tries_again(
    app,
    client: AsyncClient,
    user_headers: dict,
    breaking_bad: FakeRelay,
    image_host: FakeImageHost,
    caplog: pytest.LogCaptureFixture,
):
    image_host.serve("/t/p/w500/poster1396.jpg", b"<html>oops</html>")
    with caplog.at_level(logging.WARNING, logger="media_manager.tv.tasks"):
        added = (await add_show(client, user_headers)).json()
        await app.state.task_runner.drain()
    image_host.serve("/t/p/w500/poster1396.jpg")

    refreshed = await client.post(f"/api/v1/tv/shows/{added['id']}/refresh", headers=user_headers)
    await app.state.task_runner.drain()
    show = (await client.get(f"/api/v1/tv/shows/{added['id']}", headers=user_headers)).json()

    assert 'No poster for the show "Breaking Bad"' in caplog.text
    assert "https://image.tmdb.org/t/p/w500/poster1396.jpg" in caplog.text
    assert refreshed.status_code == 200
    assert show["has_poster"] is True
    assert len(image_host.requests) == 2


async def test_delete_with_files_removes_the_show_folder_and_poster(
    app,
    client: AsyncClient,
    admin_headers: dict,
    breaking_bad: FakeRelay,
    image_host: FakeImageHost,
    settings: Settings,
):
    image_host.serve("/t/p/w500/poster1396.jpg")
    added = (await add_show(client, admin_headers)).json()
    await app.state.task_runner.drain()
    assert settings.paths.tv is not None and settings.paths.images is not None
    folder = settings.paths.tv / "Breaking Bad (2015)"
    (folder / "Season 01").mkdir(parents=True)
    (folder / "Season 01" / "Breaking Bad - S01E01.mkv").write_bytes(b"video")
    neighbour = settings.paths.tv / "Better Call Saul (2015)"
    neighbour.mkdir()
    posters = settings.paths.images / "shows" / added["id"]
    assert (posters / "poster.webp").exists()

    response = await client.delete(
        f"/api/v1/tv/shows/{added['id']}", params={"delete_files": "true"}, headers=admin_headers
    )

    assert response.status_code == 204
    assert not folder.exists()
    assert not posters.exists()
    assert neighbour.is_dir()
    assert settings.paths.tv.is_dir()


async def test_delete_without_files_keeps_the_show_folder(
    client: AsyncClient, admin_headers: dict, breaking_bad: FakeRelay, settings: Settings
):
    added = (await add_show(client, admin_headers)).json()
    assert settings.paths.tv is not None
    folder = settings.paths.tv / "Breaking Bad (2015)"
    folder.mkdir(parents=True)

    response = await client.delete(f"/api/v1/tv/shows/{added['id']}", headers=admin_headers)

    assert response.status_code == 204
    assert folder.is_dir()


async def test_delete_with_files_refuses_a_folder_linking_out_of_the_library(
    client: AsyncClient,
    admin_headers: dict,
    breaking_bad: FakeRelay,
    settings: Settings,
    tmp_path: Path,
):
    added = (await add_show(client, admin_headers)).json()
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "family-video.mkv").write_bytes(b"video")
    assert settings.paths.tv is not None
    settings.paths.tv.mkdir(parents=True, exist_ok=True)
    (settings.paths.tv / "Breaking Bad (2015)").symlink_to(outside)

    response = await client.delete(
        f"/api/v1/tv/shows/{added['id']}", params={"delete_files": "true"}, headers=admin_headers
    )
    still_there = await client.get(f"/api/v1/tv/shows/{added['id']}", headers=admin_headers)

    assert response.status_code == 409
    assert response.json()["error"] == "UnsafeLibraryPath"
    assert still_there.status_code == 200
    assert (outside / "family-video.mkv").read_bytes() == b"video"


async def test_provider_ids_beyond_32_bits_are_stored(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    big = 2**31 + 7
    relay.add_tmdb_show(big, "Far Away", {1: [PAST]}, tvdb_id=2**33)

    response = await add_show(client, user_headers, external_id=big)

    assert response.status_code == 201, response.text
    assert (response.json()["external_id"], response.json()["tvdb_id"]) == (big, 2**33)


@pytest.mark.parametrize(
    ("path", "params", "body", "field"),
    [
        ("/api/v1/tv/shows", {"page": 2**70}, None, "query.page"),
        ("/api/v1/tv/shows", {"page_size": -(2**70)}, None, "query.page_size"),
        ("/api/v1/tv/shows/{show_id}/seasons/" + str(2**70), {}, None, "path.season_number"),
        ("/api/v1/tv/torrents", {"season_number": 2**64}, None, "query.season_number"),
        ("/api/v1/tv/shows", {}, {"external_id": 2**64}, "body.external_id"),
        ("/api/v1/tv/shows", {}, {"external_id": 2**63}, "body.external_id"),
    ],
)
async def test_integers_beyond_64_bits_are_refused(
    client: AsyncClient,
    session: AsyncSession,
    user_headers: dict,
    path: str,
    params: dict,
    body: dict | None,
    field: str,
):
    show = await create_show(session)
    url = path.format(show_id=show.id)
    params = params | ({"show_id": str(show.id)} if "torrents" in path else {})
    if body is None:
        response = await client.get(url, params=params, headers=user_headers)
    else:
        payload = {"metadata_provider": "tmdb"} | body
        response = await client.post(url, json=payload, headers=user_headers)

    assert response.status_code == 422, response.text
    assert response.json()["error"] == "ValidationError"
    assert response.json()["detail"].startswith(f"{field}: ")


@pytest.mark.parametrize("search", ["a\x00b", "\x00"])
async def test_nul_in_search_is_refused(client: AsyncClient, user_headers: dict, search: str):
    response = await client.get("/api/v1/tv/shows", params={"search": search}, headers=user_headers)

    assert response.status_code == 422, response.text
    assert "query.search" in response.json()["detail"]
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize(
    ("sort", "order"),
    [("name", "asc"), ("name", "desc"), ("year", "asc"), ("year", "desc"), ("added", "desc")],
)
async def test_every_page_read_forwards_or_from_the_end_joins_up_to_the_whole_list(
    client: AsyncClient, user_headers: dict, session: AsyncSession, sort: str, order: str
):
    # Pages in the back half are read from the end of the sort order (page_window): ties on
    # the sort key, NULL years and a short last page must come out as a forward read has them.
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number, (name, year) in enumerate(
        [("Echo", 2001), ("alpha", None), ("Echo", 2001), ("delta", 1999), ("Bravo", None),
         ("charlie", 2001), ("Foxtrot", 1999)]
    ):  # fmt: skip
        await create_show(session, name=name, year=year, added_at=start + timedelta(days=number))

    async def ids(**params: object) -> list[str]:
        page = await list_shows(client, user_headers, sort=sort, order=order, **params)
        assert page["total"] == 7
        return [item["id"] for item in page["items"]]

    whole = await ids(page_size=50)
    pages = [await ids(page=page, page_size=2) for page in range(1, 5)]
    assert [len(page) for page in pages] == [2, 2, 2, 1]
    assert [show for page in pages for show in page] == whole
    assert await ids(page=5, page_size=2) == []


@pytest.mark.parametrize(("search", "matches"), [("o", 4), ("ECH", 2)])
async def test_searched_pages_join_up_and_carry_the_number_of_matches(
    client: AsyncClient, user_headers: dict, session: AsyncSession, search: str, matches: int
):
    # A search reads its page and its total in one statement (read_page "counted"); a page
    # after the last has no row to carry the total and counts apart. "o" is shorter than a
    # trigram (a pattern on SQLite), "ECH" a trigram phrase.
    for name, year in [("Echo", 2001), ("alpha", None), ("Echo", None), ("delta", 1999),
                       ("Bravo", None), ("charlie", 2001), ("Foxtrot", 1999)]:  # fmt: skip
        await create_show(session, name=name, year=year)

    async def page(**params: object) -> tuple[list[str], int]:
        found = await list_shows(client, user_headers, search=search, sort="year", **params)
        return [item["id"] for item in found["items"]], found["total"]

    whole, total = await page(page_size=50)
    assert (len(whole), total) == (matches, matches)
    pages = [await page(page=number, page_size=1) for number in range(1, matches + 1)]
    assert [show for ids, _ in pages for show in ids] == whole
    assert {total for _, total in pages} == {matches}
    assert await page(page=matches + 1, page_size=1) == ([], matches)
    nothing = await list_shows(client, user_headers, search="zzz")
    assert (nothing["items"], nothing["total"]) == ([], 0)
