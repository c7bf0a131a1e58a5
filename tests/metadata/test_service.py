from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.exceptions import (
    MetadataBadResponse,
    MetadataNotFound,
    MetadataNotSupported,
    MetadataTimeout,
    MetadataUnavailable,
)
from media_manager.metadata.service import MetadataService
from tests.metadata.relay import FUTURE, PAST, FakeRelay


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def make_service(client: httpx.AsyncClient, **settings: object) -> MetadataService:
    return MetadataService(client, MetadataSettings(**settings))  # type: ignore[arg-type]


async def test_tmdb_show_has_every_season_with_its_episodes(relay: FakeRelay, http_client):
    relay.add_tmdb_show(
        1396, "Breaking Bad", {0: [PAST], 1: [PAST, PAST], 2: [PAST, None]}, tvdb_id=81189
    )

    show = await make_service(http_client).show("tmdb", 1396)

    assert [(s.number, len(s.episodes)) for s in show.seasons] == [(0, 1), (1, 2), (2, 2)]
    assert show.seasons[2].episodes[1].air_date is None
    assert (show.tmdb_id, show.tvdb_id, show.imdb_id) == (1396, 81189, "tt0001396")
    assert show.network == "AMC"
    assert show.genres == ["Drama", "Crime"]
    assert show.runtime == 45
    assert show.status == "continuing"
    assert show.poster_url == "https://image.tmdb.org/t/p/w500/poster1396.jpg"


async def test_season_requests_run_concurrently_but_bounded(relay: FakeRelay, http_client):
    relay.add_tmdb_show(1, "Long Runner", {number: [PAST] for number in range(1, 11)})
    relay.delay = 0.02

    show = await make_service(http_client, concurrent_requests=3).show("tmdb", 1)

    assert len(show.seasons) == 10
    assert relay.peak_in_flight == 3


async def test_show_in_a_primary_language_is_fetched_in_it(relay: FakeRelay, http_client):
    relay.add_tmdb_show(
        1429, "Attack on Titan", {1: [PAST]}, original_language="ja", original_name="進撃の巨人"
    )

    show = await make_service(http_client, default_language="en-US", primary_languages=["ja"]).show(
        "tmdb", 1429
    )

    assert show.name == "進撃の巨人"
    season_request = next(r for r in relay.requests if "/season/" in r.url.path)
    assert season_request.url.params["language"] == "ja"


async def test_other_shows_use_the_default_language(relay: FakeRelay, http_client):
    relay.add_tmdb_show(
        1429, "Attack on Titan", {1: [PAST]}, original_language="ja", original_name="進撃の巨人"
    )

    show = await make_service(http_client, default_language="de").show("tmdb", 1429)

    assert show.name == "Attack on Titan"
    assert {r.url.params["language"] for r in relay.requests} == {"de"}


async def test_tvdb_show_uses_the_aired_order(relay: FakeRelay, http_client):
    relay.add_tvdb_series(81189, "Breaking Bad", {0: [PAST], 1: [PAST, FUTURE]}, tmdb_id=1396)

    show = await make_service(http_client).show("tvdb", 81189)

    assert [(s.number, len(s.episodes)) for s in show.seasons] == [(0, 1), (1, 2)]
    assert show.seasons[1].episodes[1].air_date == FUTURE
    assert (show.tvdb_id, show.tmdb_id, show.imdb_id) == (81189, 1396, "tt0081189")
    assert show.year == 2015


async def test_tmdb_movie_details(relay: FakeRelay, http_client):
    relay.add_tmdb_movie(550, "Fight Club", date(1999, 10, 15))

    movie = await make_service(http_client).movie("tmdb", 550)

    assert (movie.title, movie.year, movie.runtime) == ("Fight Club", 1999, 139)
    assert movie.release_date == date(1999, 10, 15)
    assert movie.imdb_id == "tt0000550"
    assert movie.status == "released"


async def test_search_results_are_provider_neutral(relay: FakeRelay, http_client):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST]})
    relay.add_tvdb_series(81189, "Breaking Bad", {1: [PAST]}, tmdb_id=1396)
    service = make_service(http_client)

    tmdb = await service.search_shows("tmdb", "breaking")
    tvdb = await service.search_shows("tvdb", "breaking")

    assert [(r.external_id, r.name, r.year) for r in tmdb] == [(1396, "Breaking Bad", 2015)]
    assert [(r.external_id, r.name, r.year) for r in tvdb] == [(81189, "Breaking Bad", 2015)]


async def test_tvdb_has_no_trending_list(relay: FakeRelay, http_client):
    with pytest.raises(MetadataNotSupported, match="TVDB has no trending list"):
        await make_service(http_client).trending_shows("tvdb")


@pytest.mark.parametrize(
    ("kind", "error", "status"),
    [
        ("down", MetadataUnavailable, 502),
        ("upstream_down", MetadataUnavailable, 502),
        ("timeout", MetadataTimeout, 504),
        ("not_json", MetadataBadResponse, 502),
        ("wrong_shape", MetadataBadResponse, 502),
        ("not_found", MetadataNotFound, 404),
    ],
)
async def test_relay_failures_name_the_metadata_service(
    relay: FakeRelay, http_client, kind: str, error: type[Exception], status: int
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST]})
    relay.fail("/tmdb/tv/1396", kind)

    with pytest.raises(error) as raised:
        await make_service(http_client).show("tmdb", 1396)

    assert raised.value.status_code == status  # type: ignore[attr-defined]
    assert "metadata service" in raised.value.message  # type: ignore[attr-defined]
    assert relay.base_url in raised.value.message  # type: ignore[attr-defined]


async def test_one_failing_season_fails_the_whole_show(relay: FakeRelay, http_client):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST], 2: [PAST], 3: [PAST]})
    relay.fail("/tmdb/tv/1396/season/2", "not_json")

    with pytest.raises(MetadataBadResponse):
        await make_service(http_client).show("tmdb", 1396)
