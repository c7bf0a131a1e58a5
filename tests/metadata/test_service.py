from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.exceptions import (
    MetadataBadResponse,
    MetadataNotFound,
    MetadataNotSupported,
    MetadataProviderNotConfigured,
    MetadataTimeout,
    MetadataUnavailable,
)
from media_manager.metadata.providers.base import MAX_ALTERNATE_TITLES
from media_manager.metadata.relay import MetadataSource
from media_manager.metadata.service import MetadataService
from tests.metadata.relay import FUTURE, PAST, RELAY_URL, FakeRelay


@pytest.fixture
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def make_service(client: httpx.AsyncClient, **settings: object) -> MetadataService:
    # A relay URL: the source holds nothing that needs closing.
    metadata = MetadataSettings(**({"relay_url": RELAY_URL} | settings))  # type: ignore[arg-type]
    return MetadataService(client, metadata, MetadataSource())


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


async def test_untidy_tmdb_answers_keep_the_show(relay: FakeRelay, http_client):
    # Real answers carry nulls and impossible dates here and there; one odd field must not
    # fail the show, it is read as unknown.
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST, PAST]})
    body = relay.tmdb_shows[1396]
    body.update(networks=[{"id": 1, "name": None}, {"id": 2, "name": "AMC"}], genres=None)
    body.update(first_air_date="2008-00-00", episode_run_time=None)
    episodes = relay.tmdb_seasons[(1396, 1)]["episodes"]
    episodes[0].update(air_date="0000-00-00", name=None, overview=None)
    episodes[1].update(air_date="2008-01-27T00:00:00Z")

    show = await make_service(http_client).show("tmdb", 1396)

    assert show.network == "AMC"
    assert show.genres == []
    assert show.year is None
    assert [(e.title, e.air_date) for e in show.seasons[0].episodes] == [
        ("Episode 1", None),
        ("Episode 1x02", date(2008, 1, 27)),
    ]


async def test_untidy_tvdb_answers_keep_the_show(relay: FakeRelay, http_client):
    relay.add_tvdb_series(81189, "Breaking Bad", {1: [PAST, PAST]}, tmdb_id=1396)
    body = relay.tvdb_series[81189]
    body.update(year="TBA", firstAired="0000-00-00", aliases=None, genres=[{"name": None}])
    body.update(status={"id": 1, "name": None}, remoteIds=None)
    relay.tvdb_episodes[81189][0].update(aired="2008-13-45")

    show = await make_service(http_client).show("tvdb", 81189)

    assert show.year is None
    assert show.genres == []
    assert show.status == "continuing"  # unknown: still looked at for new episodes
    assert show.imdb_id is None
    assert [len(s.episodes) for s in show.seasons] == [2]
    assert show.seasons[0].episodes[0].air_date is None


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


async def test_tmdb_show_alternate_titles_leave_out_repeats_and_the_main_title(
    relay: FakeRelay, http_client
):
    relay.add_tmdb_show(
        1429,
        "Attack on Titan",
        {1: [PAST]},
        original_language="ja",
        original_name="進撃の巨人",
        alternative_titles=["Shingeki no Kyojin", "ATTACK ON TITAN", "shingeki-no-kyojin", ""],
    )

    show = await make_service(http_client, default_language="en-US").show("tmdb", 1429)

    assert show.name == "Attack on Titan"
    assert show.alternate_titles == ["進撃の巨人", "Shingeki no Kyojin"]


async def test_alternate_titles_are_capped(relay: FakeRelay, http_client):
    titles = [f"Titre {number}" for number in range(MAX_ALTERNATE_TITLES + 10)]
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST]}, alternative_titles=titles)

    show = await make_service(http_client).show("tmdb", 1396)

    assert show.alternate_titles == titles[:MAX_ALTERNATE_TITLES]


async def test_tmdb_movie_alternate_titles(relay: FakeRelay, http_client):
    relay.add_tmdb_movie(194, "Amélie", alternative_titles=["Le Fabuleux Destin d'Amélie Poulain"])

    movie = await make_service(http_client).movie("tmdb", 194)

    assert movie.alternate_titles == ["Le Fabuleux Destin d'Amélie Poulain"]


async def test_tvdb_show_alternate_titles_come_from_its_aliases(relay: FakeRelay, http_client):
    relay.add_tvdb_series(
        267440,
        "Attack on Titan",
        {1: [PAST]},
        tmdb_id=1429,
        aliases=["Shingeki no Kyojin", "Attack on Titan", "AoT"],
    )

    show = await make_service(http_client).show("tvdb", 267440)

    assert show.alternate_titles == ["Shingeki no Kyojin", "AoT"]


@pytest.mark.parametrize("provider", ["tmdb", "tvdb"])
async def test_fresh_lookups_ask_the_relay_to_skip_its_cache(
    relay: FakeRelay, http_client, provider: str
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST], 2: [PAST]})
    relay.add_tvdb_series(81189, "Breaking Bad", {1: [PAST]}, tmdb_id=1396)
    external_id = 1396 if provider == "tmdb" else 81189
    service = make_service(http_client)

    await service.show(provider, external_id)  # type: ignore[arg-type]
    cached = relay.cache_control()
    relay.requests.clear()
    await service.show(provider, external_id, fresh=True)  # type: ignore[arg-type]

    assert cached == {None}
    assert len(relay.requests) == (3 if provider == "tmdb" else 2)
    assert relay.cache_control() == {"no-cache"}


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
        ("proxy_unavailable", MetadataUnavailable, 502),
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


async def test_a_failing_season_is_reported_apart_and_the_others_kept(
    relay: FakeRelay, http_client
):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST], 2: [PAST], 3: [PAST]})
    relay.fail("/tmdb/tv/1396/season/2", "not_json")

    show = await make_service(http_client).show("tmdb", 1396)

    assert [season.number for season in show.seasons] == [1, 3]
    assert [failed.number for failed in show.failed_seasons] == [2]
    assert "not JSON" in show.failed_seasons[0].reason


async def test_a_missing_show_is_named_in_the_not_found_message(relay: FakeRelay, http_client):
    with pytest.raises(MetadataNotFound) as raised:
        await make_service(http_client).show("tmdb", 424242)

    assert "found no TMDB show 424242" in raised.value.message


async def test_tmdb_repeats_are_made_unique(relay: FakeRelay, http_client):
    relay.add_tmdb_show(1396, "Breaking Bad", {1: [PAST, PAST], 2: [PAST]})
    relay.tmdb_shows[1396]["seasons"].append(dict(relay.tmdb_shows[1396]["seasons"][0]))
    relay.tmdb_shows[1396]["genres"].append({"id": 18, "name": "Drama"})
    episodes = relay.tmdb_seasons[(1396, 1)]["episodes"]
    episodes.append(dict(episodes[0]) | {"name": "A repeat"})

    show = await make_service(http_client).show("tmdb", 1396)

    assert [(s.number, [e.title for e in s.episodes]) for s in show.seasons] == [
        (1, ["Episode 1x01", "Episode 1x02"]),
        (2, ["Episode 2x01"]),
    ]
    assert relay.paths().count("/tmdb/tv/1396/season/1") == 1
    assert show.genres == ["Drama", "Crime"]


async def test_tvdb_episode_listed_twice_is_kept_once(relay: FakeRelay, http_client):
    relay.add_tvdb_series(81189, "Breaking Bad", {1: [PAST, PAST], 2: [PAST]}, tmdb_id=1396)
    listing = relay.tvdb_episodes[81189]
    listing.insert(1, dict(listing[0]))
    relay.tvdb_series[81189]["genres"].append({"id": 11, "name": "Drama", "slug": "drama"})

    show = await make_service(http_client).show("tvdb", 81189)

    assert [(s.number, [e.number for e in s.episodes]) for s in show.seasons] == [
        (1, [1, 2]),
        (2, [1]),
    ]
    assert show.genres == ["Drama"]


async def test_tmdb_movie_repeats_are_made_unique(relay: FakeRelay, http_client):
    relay.add_tmdb_movie(550, "Fight Club", alternative_titles=["Le Club de combat"] * 2)
    relay.tmdb_movies[550]["genres"] *= 2

    movie = await make_service(http_client).movie("tmdb", 550)

    assert movie.alternate_titles == ["Le Club de combat"]
    assert movie.genres == ["Drama"]


async def test_tvdb_episode_list_failing_fails_every_listed_season(relay: FakeRelay, http_client):
    relay.add_tvdb_series(81189, "Breaking Bad", {1: [PAST], 2: [PAST]}, tmdb_id=1396)
    relay.fail("/tvdb/series/81189/episodes", "timeout")

    show = await make_service(http_client).show("tvdb", 81189)

    assert show.seasons == []
    assert [failed.number for failed in show.failed_seasons] == [1, 2]


async def test_provider_without_a_key_on_the_relay_points_to_the_other_one(
    relay: FakeRelay, http_client
):
    relay.fail("/tvdb/", "tvdb_not_configured")
    relay.providers["tvdb"] = False

    with pytest.raises(MetadataProviderNotConfigured) as raised:
        await make_service(http_client).show("tvdb", 81189)

    assert raised.value.status_code == 503
    assert raised.value.message == (
        f"The metadata service (relay at {relay.base_url}) has no API key for TVDB: "
        "set TVDB_API_KEY on the relay, or use the tmdb metadata provider"
    )


async def test_provider_without_a_key_is_not_pointed_to_when_the_other_has_none_either(
    relay: FakeRelay, http_client
):
    relay.fail("/tvdb/", "tvdb_not_configured")
    relay.providers.update(tmdb=False, tvdb=False)

    with pytest.raises(MetadataProviderNotConfigured) as raised:
        await make_service(http_client).show("tvdb", 81189)

    assert raised.value.message == (
        f"The metadata service (relay at {relay.base_url}) has no API key for TVDB: "
        "set TVDB_API_KEY on the relay"
    )
    assert set(relay.paths()) == {"/tvdb/series/81189", "/tvdb/series/81189/episodes", "/health"}
