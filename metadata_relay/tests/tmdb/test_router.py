import logging

import httpx
import pytest

from tests.conftest import StartRelay
from tests.standin import TMDB_KEY, StandIn


async def test_search_tv_passes_tmdb_results_through(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tmdb/tv/search", params={"query": "breaking", "language": "de"})

    assert response.status_code == 200
    body = response.json()
    assert body["total_results"] == 1
    assert body["results"][0]["id"] == 1396
    assert body["results"][0]["name"] == "Breaking Bad"
    sent = upstream.queries["/tmdb/3/search/tv"][0]
    assert sent["query"] == "breaking"
    assert sent["language"] == "de"
    assert sent["page"] == "1"


async def test_search_movie_narrows_by_year(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tmdb/movie/search", params={"query": "matrix", "year": 1999})

    assert response.status_code == 200
    assert [m["title"] for m in response.json()["results"]] == ["The Matrix"]
    assert upstream.queries["/tmdb/3/search/movie"][0]["year"] == "1999"


async def test_search_requires_a_query(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tmdb/tv/search")

    assert response.status_code == 422
    assert upstream.hits.total() == 0


async def test_trending_tv_defaults_to_the_week(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tmdb/tv/trending")

    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"]} == {1396, 60059}
    assert upstream.hits["/tmdb/3/trending/tv/week"] == 1


async def test_trending_movies_for_the_day(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tmdb/movie/trending", params={"time_window": "day"})

    assert response.status_code == 200
    assert [r["media_type"] for r in response.json()["results"]] == ["movie"]
    assert upstream.hits["/tmdb/3/trending/movie/day"] == 1


async def test_tv_details_include_seasons_external_ids_and_alternative_titles(
    relay: httpx.AsyncClient,
):
    response = await relay.get("/tmdb/tv/1396")

    assert response.status_code == 200
    show = response.json()
    assert show["name"] == "Breaking Bad"
    assert show["number_of_seasons"] == 2
    assert [s["season_number"] for s in show["seasons"]] == [0, 1, 2]
    assert show["external_ids"]["tvdb_id"] == 81189
    assert show["external_ids"]["imdb_id"] == "tt0903747"
    alternative = show["alternative_titles"]["results"]
    assert {"iso_3166_1": "ES", "title": "Perdiendo el rumbo", "type": ""} in alternative
    for field in ("status", "networks", "genres", "original_language", "episode_run_time"):
        assert field in show


async def test_season_details_list_episodes(relay: httpx.AsyncClient):
    response = await relay.get("/tmdb/tv/1396/season/1")

    assert response.status_code == 200
    episodes = response.json()["episodes"]
    assert len(episodes) == 7
    assert episodes[0]["episode_number"] == 1
    assert episodes[0]["name"] == "Pilot"
    assert episodes[0]["overview"]
    assert episodes[0]["air_date"].startswith("2008-")


async def test_movie_details_include_release_dates_external_ids_and_alternative_titles(
    relay: httpx.AsyncClient,
):
    response = await relay.get("/tmdb/movie/550")

    assert response.status_code == 200
    movie = response.json()
    assert movie["runtime"] == 139
    assert movie["release_date"] == "1999-10-15"
    assert movie["external_ids"]["imdb_id"] == "tt0137523"
    countries = {r["iso_3166_1"] for r in movie["release_dates"]["results"]}
    assert countries == {"US", "DE"}
    alternative = movie["alternative_titles"]["titles"]
    assert {"iso_3166_1": "FR", "title": "Le Club de combat", "type": ""} in alternative


async def test_find_by_imdb_id_lists_the_movie_or_show_it_names(
    relay: httpx.AsyncClient, upstream: StandIn
):
    movie = await relay.get("/tmdb/find/tt0133093", params={"external_source": "imdb_id"})
    show = await relay.get("/tmdb/find/tt0903747", params={"external_source": "imdb_id"})

    assert movie.status_code == 200 and show.status_code == 200
    assert [m["title"] for m in movie.json()["movie_results"]] == ["The Matrix"]
    assert movie.json()["tv_results"] == []
    assert [s["id"] for s in show.json()["tv_results"]] == [1396]
    assert upstream.queries["/tmdb/3/find/tt0133093"][0]["external_source"] == "imdb_id"


async def test_find_of_an_unknown_id_answers_empty_lists(relay: httpx.AsyncClient):
    response = await relay.get("/tmdb/find/tt9999999", params={"external_source": "imdb_id"})

    assert response.status_code == 200
    assert response.json()["movie_results"] == response.json()["tv_results"] == []


@pytest.mark.parametrize(
    ("external_id", "params"),
    [
        ("tt0133093", {}),
        ("tt0133093", {"external_source": "facebook_id"}),
        ("tt01..%2F33093", {"external_source": "imdb_id"}),
        ("tt0133093%3Fapi_key%3Dx", {"external_source": "imdb_id"}),
    ],
)
async def test_find_refuses_other_sources_and_ids_that_are_not_plain(
    relay: httpx.AsyncClient, upstream: StandIn, external_id: str, params: dict[str, str]
):
    response = await relay.get(f"/tmdb/find/{external_id}", params=params)

    assert response.status_code in (404, 422)
    assert upstream.hits.total() == 0


async def test_missing_key_answers_503_naming_the_key(start_relay: StartRelay, upstream: StandIn):
    relay = await start_relay(tmdb_api_key=None)

    response = await relay.get("/tmdb/tv/1396")

    assert response.status_code == 503
    assert response.json()["detail"] == "TMDB is not configured on this relay: set TMDB_API_KEY"
    assert upstream.hits.total() == 0


async def test_unknown_show_answers_404(relay: httpx.AsyncClient):
    response = await relay.get("/tmdb/tv/999999")

    assert response.status_code == 404
    assert "TMDB" in response.json()["detail"]


async def test_unknown_season_answers_404(relay: httpx.AsyncClient):
    response = await relay.get("/tmdb/tv/1396/season/9")

    assert response.status_code == 404


async def test_rate_limit_answers_429_with_upstream_retry_after(
    relay: httpx.AsyncClient, upstream: StandIn
):
    upstream.fail("/tmdb/3/movie/550", 429, body="{}", headers={"Retry-After": "7"})

    response = await relay.get("/tmdb/movie/550")

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert "TMDB" in response.json()["detail"]


async def test_rate_limit_without_retry_after_gets_a_default(
    relay: httpx.AsyncClient, upstream: StandIn
):
    upstream.fail("/tmdb/3/movie/550", 429, body="{}")

    response = await relay.get("/tmdb/movie/550")

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


async def test_refused_key_answers_502_without_leaking_it(start_relay: StartRelay):
    relay = await start_relay(tmdb_api_key="not-the-right-key")

    response = await relay.get("/tmdb/tv/1396")

    assert response.status_code == 502
    assert "refused" in response.json()["detail"]
    assert "TMDB_API_KEY" in response.json()["detail"]
    assert "not-the-right-key" not in response.text


async def test_slow_upstream_answers_504(start_relay: StartRelay, upstream: StandIn):
    relay = await start_relay(relay_upstream_timeout_seconds=0.2)
    upstream.fail("/tmdb/3/tv/1396", delay=0.6)

    response = await relay.get("/tmdb/tv/1396")

    assert response.status_code == 504
    assert "TMDB" in response.json()["detail"]


async def test_body_that_is_not_json_answers_502(relay: httpx.AsyncClient, upstream: StandIn):
    upstream.fail("/tmdb/3/tv/1396", 200, body="<html>maintenance</html>")

    response = await relay.get("/tmdb/tv/1396")

    assert response.status_code == 502
    assert "not JSON" in response.json()["detail"]


async def test_json_that_is_not_an_object_answers_502(relay: httpx.AsyncClient, upstream: StandIn):
    upstream.fail("/tmdb/3/tv/1396", 200, body="[1, 2]")

    response = await relay.get("/tmdb/tv/1396")

    assert response.status_code == 502


@pytest.mark.parametrize("status", [500, 503])
async def test_upstream_server_error_answers_502(
    relay: httpx.AsyncClient, upstream: StandIn, status: int
):
    upstream.fail("/tmdb/3/tv/1396", status, body="oops")

    response = await relay.get("/tmdb/tv/1396")

    assert response.status_code == 502
    assert str(status) in response.json()["detail"]


async def test_unreachable_upstream_answers_502(start_relay: StartRelay):
    # Port 9 (discard) on loopback has nothing listening, so the connection is refused.
    relay = await start_relay(tmdb_base_url="http://127.0.0.1:9/3")

    response = await relay.get("/tmdb/tv/1396")

    assert response.status_code == 502
    assert response.json()["detail"] == "Could not reach TMDB"


@pytest.mark.parametrize(
    ("path", "fault", "logged"),
    [
        ("/tv/1396/season/9", None, "TMDB answered HTTP 404 for /tv/1396/season/9"),
        ("/tv/1396/season/1", {"status": 500, "body": "oops"}, "HTTP 500 for /tv/1396/season/1"),
        ("/movie/550", {"status": 200, "body": "<html>"}, "TMDB answered /movie/550 with a body"),
        ("/tv/1396", {"status": 200, "body": "[1]"}, "TMDB answered /tv/1396 with JSON that"),
        ("/tv/1396/season/2", {"delay": 0.6}, "TMDB did not answer /tv/1396/season/2 within"),
    ],
)
async def test_failures_are_logged_with_the_tmdb_path_but_never_the_key(
    start_relay: StartRelay,
    upstream: StandIn,
    caplog: pytest.LogCaptureFixture,
    path: str,
    fault: dict | None,
    logged: str,
):
    relay = await start_relay(relay_upstream_timeout_seconds=0.2)
    if fault is not None:
        upstream.fail(f"/tmdb/3{path}", **fault)

    with caplog.at_level(logging.WARNING, logger="metadata_relay"):
        response = await relay.get(f"/tmdb{path}")

    assert response.status_code >= 400
    assert logged in caplog.text
    assert TMDB_KEY not in caplog.text


async def test_unreachable_upstream_is_logged_with_the_path(
    start_relay: StartRelay, caplog: pytest.LogCaptureFixture
):
    relay = await start_relay(tmdb_base_url="http://127.0.0.1:9/3")

    with caplog.at_level(logging.WARNING, logger="metadata_relay"):
        await relay.get("/tmdb/tv/1396/season/3")

    assert "Could not reach TMDB at http://127.0.0.1:9/3 for /tv/1396/season/3" in caplog.text
    assert TMDB_KEY not in caplog.text


async def test_two_relays_in_one_process_each_use_their_own_key(
    start_relay: StartRelay, upstream: StandIn
):
    # MediaManager runs relays in its own process (its own, and one to check unsaved keys).
    good = await start_relay()
    await start_relay(tmdb_api_key="not-the-right-key")

    response = await good.get("/tmdb/tv/1396")

    assert response.status_code == 200
    assert upstream.queries["/tmdb/3/tv/1396"][-1]["api_key"] == TMDB_KEY
