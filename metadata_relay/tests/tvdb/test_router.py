import asyncio

import httpx

from tests.conftest import StartRelay
from tests.standin import StandIn


async def test_search_series_passes_tvdb_envelope_through(
    relay: httpx.AsyncClient, upstream: StandIn
):
    response = await relay.get("/tvdb/search", params={"query": "breaking", "type": "series"})

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    assert [r["tvdb_id"] for r in body["data"]] == ["81189"]
    assert upstream.queries["/tvdb/v4/search"][0] == {"query": "breaking", "type": "series"}


async def test_search_movies_only(relay: httpx.AsyncClient):
    response = await relay.get("/tvdb/search", params={"query": "fight", "type": "movie"})

    assert response.status_code == 200
    assert [r["type"] for r in response.json()["data"]] == ["movie"]


async def test_search_rejects_other_types(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tvdb/search", params={"query": "x", "type": "person"})

    assert response.status_code == 422
    assert upstream.hits.total() == 0


async def test_series_extended(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tvdb/series/81189")

    assert response.status_code == 200
    series = response.json()["data"]
    assert series["name"] == "Breaking Bad"
    assert [s["number"] for s in series["seasons"]] == [0, 1, 2]
    assert {"language": "spa", "name": "Perdiendo el rumbo"} in series["aliases"]
    assert upstream.hits["/tvdb/v4/series/81189/extended"] == 1


async def test_movie_extended(relay: httpx.AsyncClient):
    response = await relay.get("/tvdb/movies/340")

    assert response.status_code == 200
    movie = response.json()["data"]
    assert movie["runtime"] == 139
    assert movie["releases"][0]["date"] == "1999-10-15"


async def test_season_episodes_collect_every_page(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tvdb/series/81189/episodes", params={"season": 1})

    assert response.status_code == 200
    body = response.json()
    episodes = body["data"]["episodes"]
    assert [e["number"] for e in episodes] == [1, 2, 3, 4, 5, 6, 7]
    assert {e["seasonNumber"] for e in episodes} == {1}
    assert episodes[0]["name"] == "Pilot"
    assert body["data"]["series"]["id"] == 81189
    assert body["links"]["next"] is None
    assert body["links"]["total_items"] == 7
    pages = [q["page"] for q in upstream.queries["/tvdb/v4/series/81189/episodes/default"]]
    assert pages == ["0", "1", "2"]


async def test_single_page_season_makes_one_call(relay: httpx.AsyncClient, upstream: StandIn):
    response = await relay.get("/tvdb/series/81189/episodes", params={"season": 2})

    assert [e["name"] for e in response.json()["data"]["episodes"]] == [
        "Seven Thirty-Seven",
        "Grilled",
    ]
    assert upstream.hits["/tvdb/v4/series/81189/episodes/default"] == 1


async def test_episodes_without_season_list_the_whole_series(relay: httpx.AsyncClient):
    response = await relay.get("/tvdb/series/81189/episodes")

    assert len(response.json()["data"]["episodes"]) == 9


async def test_token_is_reused_across_requests(relay: httpx.AsyncClient, upstream: StandIn):
    await relay.get("/tvdb/series/81189")
    await relay.get("/tvdb/movies/340")
    await relay.get("/tvdb/search", params={"query": "fight"})

    assert upstream.tvdb_logins == 1


async def test_concurrent_first_requests_log_in_once(relay: httpx.AsyncClient, upstream: StandIn):
    responses = await asyncio.gather(relay.get("/tvdb/series/81189"), relay.get("/tvdb/movies/340"))

    assert [r.status_code for r in responses] == [200, 200]
    assert upstream.tvdb_logins == 1


async def test_expired_token_logs_in_again_once(relay: httpx.AsyncClient, upstream: StandIn):
    await relay.get("/tvdb/series/81189")
    upstream.tvdb_tokens.clear()

    response = await relay.get("/tvdb/movies/340")

    assert response.status_code == 200
    assert upstream.tvdb_logins == 2
    assert upstream.hits["/tvdb/v4/movies/340/extended"] == 2


async def test_token_refused_after_fresh_login_answers_502(
    relay: httpx.AsyncClient, upstream: StandIn
):
    upstream.fail("/tvdb/v4/movies/340/extended", 401, body='{"status": "failure"}')

    response = await relay.get("/tvdb/movies/340")

    assert response.status_code == 502
    assert upstream.tvdb_logins == 2
    assert upstream.hits["/tvdb/v4/movies/340/extended"] == 2


async def test_refused_key_answers_502_naming_the_key(start_relay: StartRelay):
    relay = await start_relay(tvdb_api_key="not-the-right-key")

    response = await relay.get("/tvdb/series/81189")

    assert response.status_code == 502
    assert response.json()["detail"] == "TVDB refused the relay's API key (check TVDB_API_KEY)"


async def test_missing_key_answers_503_naming_the_key(start_relay: StartRelay, upstream: StandIn):
    relay = await start_relay(tvdb_api_key=None)

    response = await relay.get("/tvdb/series/81189")

    assert response.status_code == 503
    assert response.json()["detail"] == "TVDB is not configured on this relay: set TVDB_API_KEY"
    assert upstream.hits.total() == 0


async def test_unknown_series_answers_404(relay: httpx.AsyncClient):
    response = await relay.get("/tvdb/series/1")

    assert response.status_code == 404
    assert "TVDB" in response.json()["detail"]


async def test_rate_limit_answers_429_with_retry_after(relay: httpx.AsyncClient, upstream: StandIn):
    upstream.fail("/tvdb/v4/series/81189/extended", 429, headers={"Retry-After": "30"})

    response = await relay.get("/tvdb/series/81189")

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "30"


async def test_slow_upstream_answers_504(start_relay: StartRelay, upstream: StandIn):
    relay = await start_relay(relay_upstream_timeout_seconds=0.2)
    upstream.fail("/tvdb/v4/series/81189/extended", delay=0.6)

    response = await relay.get("/tvdb/series/81189")

    assert response.status_code == 504
    assert "TVDB" in response.json()["detail"]


async def test_slow_login_answers_504(start_relay: StartRelay, upstream: StandIn):
    relay = await start_relay(relay_upstream_timeout_seconds=0.2)
    upstream.fail("/tvdb/v4/login", delay=0.6)

    response = await relay.get("/tvdb/series/81189")

    assert response.status_code == 504


async def test_body_that_is_not_json_answers_502(relay: httpx.AsyncClient, upstream: StandIn):
    upstream.fail("/tvdb/v4/movies/340/extended", 200, body="<html>down</html>")

    response = await relay.get("/tvdb/movies/340")

    assert response.status_code == 502
    assert response.json()["detail"] == "TVDB answered with a body that is not JSON"


async def test_episode_page_of_the_wrong_shape_answers_502(
    relay: httpx.AsyncClient, upstream: StandIn
):
    upstream.fail(
        "/tvdb/v4/series/81189/episodes/default",
        200,
        body='{"status": "success", "data": {"episodes": "none"}}',
    )

    response = await relay.get("/tvdb/series/81189/episodes", params={"season": 1})

    assert response.status_code == 502


async def test_unreachable_upstream_answers_502(start_relay: StartRelay):
    relay = await start_relay(tvdb_base_url="http://127.0.0.1:9/v4")

    response = await relay.get("/tvdb/series/81189")

    assert response.status_code == 502
    assert response.json()["detail"] == "Could not reach TVDB"
