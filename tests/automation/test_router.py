"""Wanted lists, search now, queued wanted searches, decisions: the API and who may use it."""

import uuid
from datetime import UTC, datetime, timedelta

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.automation.models import AutomationDecision
from media_manager.downloads.models import Download
from tests.automation.conftest import TMDB_ID, TVDB_ID, tv
from tests.downloads.factories import create_download
from tests.importer.factories import create_media_file
from tests.metadata.relay import FUTURE, PAST, TODAY
from tests.movies.factories import create_movie
from tests.support.torznab import Release
from tests.tv.factories import create_show


async def missing(client: AsyncClient, headers: dict, **params) -> dict:
    response = await client.get("/api/v1/wanted/missing", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_wanted_missing_lists_monitored_aired_units_without_a_file(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    show = await create_show(
        session,
        name="Alpha",
        seasons={0: [PAST], 1: [PAST, PAST, PAST, FUTURE]},
        episodes_with_file=2,  # the special and S01E01
    )
    await create_show(session, name="Unwatched", seasons={1: [PAST]}, monitor="none")
    movie = await create_movie(session, title="Beta", release_date=TODAY - timedelta(days=3))
    await create_movie(session, title="Later", release_date=FUTURE)
    await create_movie(session, title="Unmonitored", monitored=False)
    done = await create_movie(session, title="Done")
    await create_download(
        session, kind="movie", movie_id=done.id, status="completed", title="Done.2015.1080p"
    )

    body = await missing(client, user_headers)

    assert body["total"] == 3
    rows = [(r["kind"], r["title"], r["season_number"], r["episode_number"]) for r in body["items"]]
    # Newest air date first.
    assert rows == [("movie", "Beta", None, None), ("tv", "Alpha", 1, 2), ("tv", "Alpha", 1, 3)]
    assert body["items"][0]["unit_id"] == str(movie.id)
    assert body["items"][1]["item_id"] == str(show.id)
    assert body["items"][1]["episode_title"] == "Episode 2"


async def test_wanted_missing_pages_filters_and_sorts_in_sql(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    show = await create_show(session, name="Gamma", seasons={1: [PAST] * 5})
    await create_show(session, name="Delta", seasons={1: [PAST] * 2})
    await create_movie(session, title="Epsilon")

    first = await missing(client, user_headers, kind="tv", sort="title", order="asc", page_size=3)
    second = await missing(
        client, user_headers, kind="tv", sort="title", order="asc", page_size=3, page=2
    )
    only_show = await missing(client, user_headers, show_id=str(show.id))
    movies = await missing(client, user_headers, kind="movie")
    nothing = await missing(client, user_headers, show_id=str(show.id), kind="movie")

    assert first["total"] == second["total"] == 7
    titles = [r["title"] for r in first["items"] + second["items"]]
    assert titles == ["Delta", "Delta", "Gamma", "Gamma", "Gamma", "Gamma"]
    assert [r["episode_number"] for r in first["items"]] == [1, 2, 1]
    assert only_show["total"] == 5
    assert [r["title"] for r in movies["items"]] == ["Epsilon"]
    assert nothing["total"] == 0


async def test_wanted_cutoff_lists_files_below_the_profiles_cutoff(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    # The default profile HD-1080p has the cutoff web-1080p: webrip-1080p is below it.
    low = await create_movie(session, title="Low")
    good = await create_movie(session, title="Good")
    for movie, quality in ((low, "webrip-1080p"), (good, "web-1080p")):
        await create_media_file(session, movie_id=movie.id, quality=quality)

    response = await client.get("/api/v1/wanted/cutoff", headers=user_headers)

    assert response.status_code == 200, response.text
    [row] = response.json()["items"]
    assert row["title"] == "Low"
    assert row["current_quality"] == "webrip-1080p"
    assert (await missing(client, user_headers))["total"] == 0


async def test_search_now_for_an_episode_grabs_and_says_why(
    client: AsyncClient, user_headers: dict, session: AsyncSession, clients, torznab
):
    show = await create_show(
        session, name="Show Name", tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, seasons={1: [PAST, PAST]}
    )
    episode_id = show.seasons[0].episodes[1].id
    torznab.indexers["tor"].releases += [
        tv("Show.Name.S01E02.1080p.WEB-DL.H.264-GRP"),
        tv("Show.Name.S01E02.480p.WEB-DL.x264-LOW", seeders=900),
    ]

    response = await client.post(
        f"/api/v1/tv/shows/{show.id}/episodes/{episode_id}/search", headers=user_headers
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["grabbed"] == 1
    [decision] = body["decisions"]
    assert decision["trigger"] == "search_now"
    assert decision["release_title"] == "Show.Name.S01E02.1080p.WEB-DL.H.264-GRP"
    [rejected] = decision["details"]["rejected"]
    assert "is not allowed by profile HD-1080p" in rejected["reasons"][0]
    download = (await session.execute(select(Download))).scalar_one()
    assert decision["download_id"] == str(download.id)


async def test_search_now_for_a_movie_with_nothing_acceptable_says_so(
    client: AsyncClient, user_headers: dict, session: AsyncSession, clients, torznab
):
    movie = await create_movie(session, title="Movie Title", year=1999, tmdb_id=603)
    torznab.indexers["tor"].releases.append(
        Release("Movie.Title.1999.480p.DVDRip.x264-LOW", category=2040, tmdb_id=603)
    )

    response = await client.post(f"/api/v1/movies/{movie.id}/search", headers=user_headers)

    assert response.status_code == 200, response.text
    [decision] = response.json()["decisions"]
    assert decision["outcome"] == "nothing"
    assert decision["message"].startswith("No acceptable release among 1 results")
    assert (await session.execute(select(Download))).first() is None


async def test_search_now_when_nothing_is_wanted_searches_nothing(
    client: AsyncClient, user_headers: dict, session: AsyncSession, clients, torznab
):
    show = await create_show(session, seasons={1: [PAST]}, episodes_with_file=1)

    response = await client.post(
        f"/api/v1/tv/shows/{show.id}/seasons/1/search", headers=user_headers
    )

    assert response.status_code == 200, response.text
    [decision] = response.json()["decisions"]
    assert decision["outcome"] == "skipped"
    assert torznab.indexers["tor"].searches() == []


async def test_search_now_for_unknown_items_is_404(
    client: AsyncClient, user_headers: dict, session: AsyncSession, clients
):
    show = await create_show(session, seasons={1: [PAST]})
    unknown = uuid.uuid4()

    paths = [
        f"/api/v1/tv/shows/{unknown}/search",
        f"/api/v1/tv/shows/{show.id}/seasons/7/search",
        f"/api/v1/tv/shows/{show.id}/episodes/{unknown}/search",
        f"/api/v1/movies/{unknown}/search",
    ]
    for path in paths:
        response = await client.post(path, headers=user_headers)
        assert response.status_code == 404, (path, response.text)


async def test_queued_wanted_search_runs_as_a_job_and_is_visible(
    app,
    client: AsyncClient,
    user_headers: dict,
    admin_headers: dict,
    session: AsyncSession,
    clients,
    torznab,
):
    show = await create_show(
        session, name="Show Name", tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, seasons={1: [PAST, FUTURE]}
    )
    torznab.indexers["tor"].releases.append(tv("Show.Name.S01E01.1080p.WEB-DL.H.264-GRP"))
    unit_id = show.seasons[0].episodes[0].id

    response = await client.post(
        "/api/v1/wanted/search", json={"unit_ids": [str(unit_id)]}, headers=user_headers
    )
    assert response.status_code == 202, response.text
    assert response.json()["queued"] == 1
    assert response.json()["job_id"] == "automation.search_wanted"
    await app.state.job_runner.wait_idle()

    download = (await session.execute(select(Download))).scalar_one()
    assert download.title == "Show.Name.S01E01.1080p.WEB-DL.H.264-GRP"
    decisions = await client.get(
        "/api/v1/automation/decisions",
        params={"show_id": str(show.id), "trigger": "wanted"},
        headers=user_headers,
    )
    assert decisions.json()["total"] == 1
    jobs = await client.get("/api/v1/system/jobs", headers=admin_headers)
    job = next(j for j in jobs.json() if j["id"] == "automation.search_wanted")
    assert job["last_run"]["outcome"] == "success"
    runs = await client.get("/api/v1/wanted/missing", headers=user_headers)
    assert runs.json()["total"] == 1  # still missing until imported (downloading)
    assert runs.json()["items"][0]["last_searched_at"] is not None


async def test_only_admins_may_search_every_wanted_item(
    app,
    client: AsyncClient,
    user_headers: dict,
    admin_headers: dict,
    session: AsyncSession,
    clients,
    torznab,
):
    await create_show(session, seasons={1: [PAST]})
    body = {"all": True}

    refused = await client.post("/api/v1/wanted/search", json=body, headers=user_headers)
    accepted = await client.post("/api/v1/wanted/search", json=body, headers=admin_headers)
    # The job shares the test's one connection: let it finish before the next request.
    await app.state.job_runner.wait_idle()
    invalid = await client.post(
        "/api/v1/wanted/search",
        json={"all": True, "unit_ids": [str(uuid.uuid4())]},
        headers=admin_headers,
    )

    assert refused.status_code == 403, refused.text
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["queued"] == 1
    assert invalid.status_code == 422


async def test_indexer_health_is_for_admins(client: AsyncClient, user_headers: dict):
    response = await client.get("/api/v1/automation/indexers", headers=user_headers)
    assert response.status_code == 403


async def test_decisions_are_paginated_newest_first(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    now = datetime.now(UTC)
    for minutes in range(5):
        session.add(
            AutomationDecision(
                created_at=now - timedelta(minutes=minutes),
                trigger="sweep",
                outcome="nothing",
                kind="tv",
                subject=f"Show S01E0{minutes}",
                message="No acceptable release",
                details={},
            )
        )
    await session.commit()

    response = await client.get(
        "/api/v1/automation/decisions", params={"page": 2, "page_size": 2}, headers=user_headers
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 5
    assert [d["subject"] for d in body["items"]] == ["Show S01E02", "Show S01E03"]


async def test_search_now_upgrades_a_file_below_the_cutoff_only(
    client: AsyncClient, user_headers: dict, session: AsyncSession, clients, torznab
):
    # HD-1080p: web-1080p is the cutoff, bluray-1080p ranks above it, webrip-1080p below.
    low = await create_movie(session, title="Movie Title", year=1999, tmdb_id=603)
    good = await create_movie(session, title="Other Title", year=1999, tmdb_id=604)
    for movie, quality in ((low, "webrip-1080p"), (good, "web-1080p")):
        await create_media_file(session, movie_id=movie.id, quality=quality)
    torznab.indexers["tor"].releases += [
        Release("Movie.Title.1999.1080p.WEBRip.x264-SAME", category=2040, tmdb_id=603),
        Release("Movie.Title.1999.1080p.BluRay.x264-BETTER", category=2040, tmdb_id=603),
    ]

    upgraded = await client.post(f"/api/v1/movies/{low.id}/search", headers=user_headers)
    left_alone = await client.post(f"/api/v1/movies/{good.id}/search", headers=user_headers)

    assert upgraded.status_code == 200, upgraded.text
    [decision] = upgraded.json()["decisions"]
    assert decision["outcome"] == "grabbed"
    assert decision["release_title"] == "Movie.Title.1999.1080p.BluRay.x264-BETTER"
    [rejected] = decision["details"]["rejected"]
    assert "no upgrade over the" in " ".join(rejected["reasons"])
    assert left_alone.json()["decisions"][0]["outcome"] == "skipped"
