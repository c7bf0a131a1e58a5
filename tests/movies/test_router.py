from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from media_manager.config import Settings
from tests.conftest import make_settings
from tests.images.host import IMAGE_HOSTS, FakeImageHost, poster_bytes
from tests.metadata.relay import FUTURE, FakeRelay
from tests.movies.factories import create_movie
from tests.support.statements import counted_statements


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    library = {"movies": [{"name": "kids", "path": str(tmp_path / "kids")}]}
    # The image server stand-in answers for TMDB's host name, without a DNS lookup.
    metadata = {"image_hosts": IMAGE_HOSTS}
    return make_settings(tmp_path / "data", database_url, library=library, metadata=metadata)


@pytest.fixture
def fight_club(relay: FakeRelay) -> FakeRelay:
    relay.add_tmdb_movie(550, "Fight Club", date(1999, 10, 15))
    return relay


async def add_movie(client: AsyncClient, headers: dict, **body: object) -> Response:
    payload = {"metadata_provider": "tmdb", "external_id": 550} | body
    return await client.post("/api/v1/movies", json=payload, headers=headers)


async def list_movies(client: AsyncClient, headers: dict, **params: object) -> dict:
    response = await client.get("/api/v1/movies", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_adding_a_movie_stores_its_metadata(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    response = await add_movie(client, user_headers, library="kids")

    assert response.status_code == 201, response.text
    movie = response.json()
    assert (movie["title"], movie["year"], movie["runtime"]) == ("Fight Club", 1999, 139)
    assert (movie["tmdb_id"], movie["imdb_id"]) == (550, "tt0000550")
    assert movie["release_date"] == "1999-10-15"
    assert (movie["library"], movie["monitored"], movie["has_file"]) == ("kids", True, False)


async def test_movie_is_listed_and_opens(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    added = (await add_movie(client, user_headers)).json()

    page = await list_movies(client, user_headers)
    opened = await client.get(f"/api/v1/movies/{added['id']}", headers=user_headers)

    assert page["total"] == 1
    assert page["items"] == [added]
    assert opened.json() == added


async def test_refresh_takes_the_new_metadata(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    added = (await add_movie(client, user_headers)).json()
    fight_club.tmdb_movies[550]["runtime"] = 151
    fight_club.tmdb_movies[550]["title"] = "Fight Club (Director's Cut)"

    response = await client.post(f"/api/v1/movies/{added['id']}/refresh", headers=user_headers)

    assert response.status_code == 200, response.text
    movie = response.json()
    assert (movie["title"], movie["runtime"]) == ("Fight Club (Director's Cut)", 151)
    assert movie["id"] == added["id"]


async def test_alternate_titles_are_stored_on_add_and_replaced_on_refresh(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    relay.add_tmdb_movie(550, "Fight Club", alternative_titles=["Le Club de combat"])
    added = (await add_movie(client, user_headers)).json()
    relay.tmdb_movies[550]["alternative_titles"]["titles"] = [
        {"iso_3166_1": "IT", "title": "Fight Club - Il club", "type": ""}
    ]

    response = await client.post(f"/api/v1/movies/{added['id']}/refresh", headers=user_headers)

    assert added["alternate_titles"] == ["Le Club de combat"]
    assert response.json()["alternate_titles"] == ["Fight Club - Il club"]


async def test_refresh_bypasses_the_relay_cache_but_adding_does_not(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    added = (await add_movie(client, user_headers)).json()
    on_add = fight_club.cache_control()
    fight_club.requests.clear()

    response = await client.post(f"/api/v1/movies/{added['id']}/refresh", headers=user_headers)

    assert response.status_code == 200, response.text
    assert on_add == {None}
    assert fight_club.paths() == ["/tmdb/movie/550"]
    assert fight_club.cache_control() == {"no-cache"}


async def test_admin_deletes_a_movie(
    client: AsyncClient, admin_headers: dict, user_headers: dict, fight_club: FakeRelay
):
    added = (await add_movie(client, user_headers)).json()

    refused = await client.delete(f"/api/v1/movies/{added['id']}", headers=user_headers)
    response = await client.delete(f"/api/v1/movies/{added['id']}", headers=admin_headers)
    again = await client.get(f"/api/v1/movies/{added['id']}", headers=admin_headers)

    assert refused.status_code == 403
    assert response.status_code == 204
    assert again.status_code == 404
    assert again.json()["error"] == "MovieNotFound"


async def test_adding_a_movie_twice_is_a_conflict(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    await add_movie(client, user_headers)

    again = await add_movie(client, user_headers)

    assert again.status_code == 409
    assert again.json()["error"] == "MovieAlreadyExists"
    assert (await list_movies(client, user_headers))["total"] == 1


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("down", 502),
        ("timeout", 504),
        ("not_json", 502),
        ("wrong_shape", 502),
        ("not_found", 404),
        ("rate_limited", 429),
    ],
)
async def test_relay_failure_is_reported_and_nothing_is_saved(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay, kind: str, status: int
):
    fight_club.fail("/tmdb/movie/550", kind)

    response = await add_movie(client, user_headers)

    assert response.status_code == status, response.text
    assert "metadata service" in response.json()["detail"]
    assert (await list_movies(client, user_headers))["total"] == 0


async def test_failed_refresh_changes_nothing(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    added = (await add_movie(client, user_headers)).json()
    fight_club.fail("/tmdb/movie/550", "down")

    response = await client.post(f"/api/v1/movies/{added['id']}/refresh", headers=user_headers)
    movie = await client.get(f"/api/v1/movies/{added['id']}", headers=user_headers)

    assert response.status_code == 502
    assert movie.json() == added


async def test_unknown_library_is_refused(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    response = await add_movie(client, user_headers, library="anime")

    assert response.status_code == 422
    assert 'no movie library named "anime"' in response.json()["detail"]
    assert fight_club.requests == []


async def test_movie_settings_can_be_changed(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    added = (await add_movie(client, user_headers)).json()

    response = await client.patch(
        f"/api/v1/movies/{added['id']}",
        json={"library": "kids", "quality_profile": "Ultra-HD", "monitored": False},
        headers=user_headers,
    )

    assert response.status_code == 200, response.text
    movie = response.json()
    assert (movie["library"], movie["quality_profile"], movie["monitored"]) == (
        "kids",
        "Ultra-HD",
        False,
    )


async def test_unknown_quality_profile_is_refused_for_movies(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    refused_add = await add_movie(client, user_headers, quality_profile="uhd")
    added = (await add_movie(client, user_headers)).json()
    refused_patch = await client.patch(
        f"/api/v1/movies/{added['id']}", json={"quality_profile": "uhd"}, headers=user_headers
    )

    assert refused_add.status_code == 422
    assert refused_add.json()["error"] == "UnknownProfile"
    assert refused_patch.status_code == 422


async def test_search_and_trending_mark_movies_in_the_library(
    client: AsyncClient, user_headers: dict, fight_club: FakeRelay
):
    fight_club.add_tmdb_movie(603, "The Matrix", date(1999, 3, 31))
    added = (await add_movie(client, user_headers)).json()

    search = await client.get("/api/v1/movies/search", params={"query": "f"}, headers=user_headers)
    trending = await client.get("/api/v1/movies/trending", headers=user_headers)

    assert [(r["title"], r["in_library"], r["movie_id"]) for r in search.json()] == [
        ("Fight Club", True, added["id"])
    ]
    assert {r["external_id"]: r["in_library"] for r in trending.json()} == {550: True, 603: False}


async def test_list_searches_filters_sorts_and_pages(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    await create_movie(session, title="Heat", year=1995, has_file=True)
    await create_movie(session, title="alien", year=1979, library="kids", monitored=False)
    await create_movie(session, title="Dune: Part Three", year=None, release_date=FUTURE)

    async def titles(**params: object) -> list[str]:
        page = await list_movies(client, user_headers, **params)
        return [item["title"] for item in page["items"]]

    assert await titles() == ["alien", "Dune: Part Three", "Heat"]
    assert await titles(sort="year", order="asc") == ["alien", "Heat", "Dune: Part Three"]
    assert await titles(sort="year", order="desc") == ["Heat", "alien", "Dune: Part Three"]
    assert await titles(search="DUNE") == ["Dune: Part Three"]
    assert await titles(search="aL") == ["alien"]  # shorter than a trigram
    assert await titles(library="kids") == ["alien"]
    assert await titles(monitored="false") == ["alien"]
    assert await titles(has_file="true") == ["Heat"]
    second = await list_movies(client, user_headers, page=2, page_size=2)
    assert ([i["title"] for i in second["items"]], second["total"]) == (["Heat"], 3)


async def test_list_search_finds_alternate_titles_and_follows_changes(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    heat = await create_movie(session, title="Heat", alternate_titles=["Фарт", "Hitze"])
    await create_movie(session, title="Alien", alternate_titles=[])

    async def titles(search: str) -> list[str]:
        page = await list_movies(client, user_headers, search=search)
        return [item["title"] for item in page["items"]]

    assert await titles("фар") == ["Heat"]
    assert await titles("HITZ") == ["Heat"]
    assert await titles("li") == ["Alien"]
    assert await titles("t") == ["Heat"]
    heat.alternate_titles = ["Calor"]
    await session.flush()
    assert await titles("hitze") == []
    assert await titles("calor") == ["Heat"]
    await session.delete(heat)
    await session.flush()
    assert await titles("heat") == []


async def test_poster_is_downloaded_after_the_add_and_served(
    app, client: AsyncClient, user_headers: dict, fight_club: FakeRelay, image_host: FakeImageHost
):
    image_host.serve("/t/p/w500/movie550.jpg", poster_bytes("PNG", (400, 600)))

    added = (await add_movie(client, user_headers)).json()
    await app.state.task_runner.drain()
    movie = (await client.get(f"/api/v1/movies/{added['id']}", headers=user_headers)).json()
    poster = await client.get(f"/api/v1/movies/{added['id']}/poster", headers=user_headers)
    original = await client.get(
        f"/api/v1/movies/{added['id']}/poster", params={"size": "original"}, headers=user_headers
    )

    assert (added["has_poster"], movie["has_poster"]) == (False, True)
    assert poster.status_code == 200
    assert poster.headers["content-type"] == "image/webp"
    assert poster.headers["cache-control"] == "private, max-age=86400"
    assert original.headers["content-type"] == "image/png"


async def test_delete_with_files_removes_the_movie_folder_only(
    client: AsyncClient, admin_headers: dict, fight_club: FakeRelay, settings: Settings
):
    added = (await add_movie(client, admin_headers, library="kids")).json()
    kids = Path(settings.library.movies[0].path)
    folder = kids / "Fight Club (1999)"
    folder.mkdir(parents=True)
    (folder / "Fight Club (1999).mkv").write_bytes(b"video")
    (kids / "Heat (1995)").mkdir()

    response = await client.delete(
        f"/api/v1/movies/{added['id']}", params={"delete_files": "true"}, headers=admin_headers
    )

    assert response.status_code == 204
    assert not folder.exists()
    assert (kids / "Heat (1995)").is_dir()


async def test_delete_with_files_refuses_a_folder_linking_out_of_the_library(
    client: AsyncClient,
    admin_headers: dict,
    fight_club: FakeRelay,
    settings: Settings,
    tmp_path: Path,
):
    added = (await add_movie(client, admin_headers)).json()
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "wedding.mkv").write_bytes(b"video")
    assert settings.paths.movies is not None
    settings.paths.movies.mkdir(parents=True, exist_ok=True)
    (settings.paths.movies / "Fight Club (1999)").symlink_to(outside)

    response = await client.delete(
        f"/api/v1/movies/{added['id']}", params={"delete_files": "true"}, headers=admin_headers
    )

    assert response.status_code == 409
    assert (await list_movies(client, admin_headers))["total"] == 1
    assert (outside / "wedding.mkv").read_bytes() == b"video"


async def test_provider_ids_beyond_32_bits_are_stored(
    client: AsyncClient, user_headers: dict, relay: FakeRelay
):
    big = 2**40 + 3
    relay.add_tmdb_movie(big, "Far Away")

    response = await add_movie(client, user_headers, external_id=big)

    assert response.status_code == 201, response.text
    assert response.json()["external_id"] == big


async def test_nul_in_search_is_refused(client: AsyncClient, user_headers: dict):
    response = await client.get("/api/v1/movies", params={"search": "x\x00"}, headers=user_headers)

    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("query.search: ")


@pytest.mark.parametrize(
    ("sort", "order"),
    [("title", "asc"), ("title", "desc"), ("year", "asc"), ("year", "desc"), ("added", "asc")],
)
async def test_every_page_read_forwards_or_from_the_end_joins_up_to_the_whole_list(
    client: AsyncClient, user_headers: dict, session: AsyncSession, sort: str, order: str
):
    # Pages in the back half are read from the end of the sort order (page_window).
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number, (title, year) in enumerate(
        [("Echo", 2001), ("alpha", None), ("Echo", 2001), ("delta", 1999), ("Bravo", None),
         ("charlie", 2001), ("Foxtrot", 1999)]
    ):  # fmt: skip
        await create_movie(session, title=title, year=year, added_at=start + timedelta(days=number))

    async def ids(**params: object) -> list[str]:
        page = await list_movies(client, user_headers, sort=sort, order=order, **params)
        assert page["total"] == 7
        return [item["id"] for item in page["items"]]

    whole = await ids(page_size=50)
    pages = [await ids(page=page, page_size=2) for page in range(1, 5)]
    assert [len(page) for page in pages] == [2, 2, 2, 1]
    assert [movie for page in pages for movie in page] == whole
    assert await ids(page=5, page_size=2) == []


async def test_searched_pages_carry_the_number_of_matches_even_after_the_last(
    client: AsyncClient, user_headers: dict, session: AsyncSession
):
    # See read_page: a searched page carries its total; an empty page after it counts apart.
    for title in ["Echo", "Echo Park", "alpha", "Echoes"]:
        await create_movie(session, title=title)

    async def page(**params: object) -> tuple[list[str], int]:
        found = await list_movies(client, user_headers, search="echo", **params)
        return [item["title"] for item in found["items"]], found["total"]

    assert await page() == (["Echo", "Echo Park", "Echoes"], 3)
    assert await page(page=2, page_size=2) == (["Echoes"], 3)
    assert await page(page=3, page_size=2) == ([], 3)
    assert await page(monitored="false") == ([], 0)


async def test_list_and_search_take_the_same_number_of_statements_for_any_number_of_movies(
    client: AsyncClient, user_headers: dict, session: AsyncSession, connection: AsyncConnection
):
    async def statements_for(**params: object) -> int:
        with counted_statements(connection) as statements:
            await list_movies(client, user_headers, **params)
        return len(statements)

    await create_movie(session, title="Alpha One")
    listing_one, search_one = await statements_for(), await statements_for(search="alpha")
    for number in range(5):
        await create_movie(session, title=f"Alpha {number}", has_file=number % 2 == 0)
    listing_six, search_six = await statements_for(), await statements_for(search="alpha")
    movie_id = (await list_movies(client, user_headers))["items"][0]["id"]
    with counted_statements(connection) as detail:
        await client.get(f"/api/v1/movies/{movie_id}", headers=user_headers)

    assert (await list_movies(client, user_headers, search="alpha"))["total"] == 6
    assert listing_one > 0
    assert (listing_six, search_six) == (listing_one, search_one)
    assert 0 < len(detail) <= listing_one
