import asyncio

import httpx
import pytest

from metadata_relay.cache import ResponseCache
from tests.conftest import StartRelay
from tests.standin import StandIn


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_entry_expires_after_ttl():
    clock = FakeClock()
    cache = ResponseCache(ttl_seconds=60, max_entries=10, clock=clock)
    cache.put("/a", {"n": 1})

    clock.now += 59
    assert cache.get("/a") == (True, {"n": 1})
    clock.now += 1
    assert cache.get("/a") == (False, None)
    assert len(cache) == 0


def test_least_recently_used_entry_is_evicted_first():
    cache = ResponseCache(ttl_seconds=60, max_entries=2)
    cache.put("/a", 1)
    cache.put("/b", 2)
    cache.get("/a")

    cache.put("/c", 3)

    assert len(cache) == 2
    assert cache.get("/b") == (False, None)
    assert cache.get("/a") == (True, 1)
    assert cache.get("/c") == (True, 3)


def test_zero_ttl_disables_caching():
    cache = ResponseCache(ttl_seconds=0, max_entries=10)
    cache.put("/a", 1)

    assert cache.get("/a") == (False, None)


async def test_concurrent_misses_share_one_fetch():
    cache = ResponseCache(ttl_seconds=60, max_entries=10)
    calls = 0

    async def fetch() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.05)
        return 42

    results = await asyncio.gather(*(cache.get_or_fetch("/a", fetch) for _ in range(3)))

    assert calls == 1
    assert [value for value, _ in results] == [42, 42, 42]


async def test_failed_fetch_is_not_cached():
    cache = ResponseCache(ttl_seconds=60, max_entries=10)

    async def failing() -> int:
        raise RuntimeError("upstream down")

    async def working() -> int:
        return 7

    with pytest.raises(RuntimeError):
        await cache.get_or_fetch("/a", failing)

    assert await cache.get_or_fetch("/a", working) == (7, False)
    assert await cache.get_or_fetch("/a", working) == (7, True)


async def test_second_identical_request_is_served_from_cache(
    relay: httpx.AsyncClient, upstream: StandIn
):
    first = await relay.get("/tmdb/tv/1396")
    second = await relay.get("/tmdb/tv/1396")

    assert upstream.hits["/tmdb/3/tv/1396"] == 1
    assert second.json() == first.json()
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")


async def test_no_cache_request_skips_the_cache_and_refreshes_it(
    relay: httpx.AsyncClient, upstream: StandIn
):
    await relay.get("/tmdb/tv/1396")
    fresh = await relay.get("/tmdb/tv/1396", headers={"Cache-Control": "no-cache"})
    after = await relay.get("/tmdb/tv/1396")

    assert upstream.hits["/tmdb/3/tv/1396"] == 2
    assert (fresh.headers["X-Cache"], after.headers["X-Cache"]) == ("miss", "hit")


async def test_fresh_fetch_replaces_the_stored_answer():
    cache = ResponseCache(ttl_seconds=60, max_entries=10)
    cache.put("/a", 1)

    async def newer() -> int:
        return 2

    assert await cache.get_or_fetch("/a", newer, fresh=True) == (2, False)
    assert cache.get("/a") == (True, 2)


async def test_query_order_does_not_matter(relay: httpx.AsyncClient, upstream: StandIn):
    await relay.get("/tmdb/tv/search?query=bad&page=1")
    await relay.get("/tmdb/tv/search?page=1&query=bad")

    assert upstream.hits["/tmdb/3/search/tv"] == 1


async def test_different_query_is_a_different_entry(relay: httpx.AsyncClient, upstream: StandIn):
    await relay.get("/tmdb/tv/1396")
    await relay.get("/tmdb/tv/1396", params={"language": "de-DE"})

    assert upstream.hits["/tmdb/3/tv/1396"] == 2


async def test_entry_is_fetched_again_after_ttl(start_relay: StartRelay, upstream: StandIn):
    relay = await start_relay(relay_cache_ttl_seconds=0.1)

    await relay.get("/tvdb/series/81189")
    await asyncio.sleep(0.15)
    await relay.get("/tvdb/series/81189")

    assert upstream.hits["/tvdb/v4/series/81189/extended"] == 2


async def test_cache_holds_at_most_the_configured_entries(
    start_relay: StartRelay, upstream: StandIn
):
    relay = await start_relay(relay_cache_max_entries=2)

    for path in ("/tmdb/movie/550", "/tmdb/movie/603", "/tmdb/tv/1396", "/tmdb/movie/550"):
        await relay.get(path)

    assert upstream.hits["/tmdb/3/movie/550"] == 2
    assert upstream.hits["/tmdb/3/movie/603"] == 1


async def test_errors_are_not_cached(relay: httpx.AsyncClient, upstream: StandIn):
    upstream.fail("/tmdb/3/movie/550", 500, times=1)

    first = await relay.get("/tmdb/movie/550")
    second = await relay.get("/tmdb/movie/550")

    assert (first.status_code, second.status_code) == (502, 200)


async def test_concurrent_identical_requests_make_one_upstream_call(
    relay: httpx.AsyncClient, upstream: StandIn
):
    upstream.fail("/tmdb/3/movie/603", delay=0.2)

    responses = await asyncio.gather(*(relay.get("/tmdb/movie/603") for _ in range(3)))

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert upstream.hits["/tmdb/3/movie/603"] == 1
