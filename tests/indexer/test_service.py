"""Fan-out over several stand-in indexers: timeouts, failures, caps cache, what users see."""

import time

import httpx
import pytest

from media_manager.indexer.config import IndexerSettings
from media_manager.indexer.exceptions import NoIndexers
from media_manager.indexer.schemas import SearchQuery
from media_manager.indexer.service import IndexerService, IndexerState
from tests.support.torznab import PROWLARR_API_KEY, TorznabServer, episode, season_pack

SHOW = "Show Name"
TVDB_ID = 121361
SEASON_SEARCH = SearchQuery(kind="tv", query=SHOW, tvdb_id=TVDB_ID, season=1)


def pack(group: str, **options):
    return season_pack(SHOW, 1, group, tvdb_id=TVDB_ID, **options)


def settings_for(torznab: TorznabServer, timeout: float = 5.0, **options) -> IndexerSettings:
    return IndexerSettings(
        torznab=[
            {
                "name": indexer.name,
                "url": torznab.url(indexer.name),
                "api_key": indexer.api_key,
                "timeout_seconds": timeout,
            }
            for indexer in torznab.indexers.values()
        ],
        **options,
    )


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def service_for(
    torznab: TorznabServer, http_client: httpx.AsyncClient, state: IndexerState | None = None
) -> IndexerService:
    return IndexerService(http_client, settings_for(torznab), state or IndexerState())


async def test_failing_indexers_are_named_next_to_the_results_of_the_others(torznab, http_client):
    for name in ("alpha", "bravo", "charlie"):
        torznab.add(name, releases=[pack(name.upper())])
    torznab.add("sleepy", delay=5, releases=[pack("SLOW")])
    torznab.add("broken", behaviour="invalid_xml")
    timeout = 1.0
    service = IndexerService(http_client, settings_for(torznab, timeout), IndexerState())

    started = time.perf_counter()
    response = await service.search(SEASON_SEARCH, include_download_links=True)
    elapsed = time.perf_counter() - started

    assert elapsed < timeout + 0.5
    assert sorted(r.indexer for r in response.results) == ["alpha", "bravo", "charlie"]
    statuses = {s.name: s for s in response.indexers}
    assert [statuses[n].ok for n in ("alpha", "bravo", "charlie")] == [True, True, True]
    assert statuses["alpha"].result_count == 1
    assert not statuses["sleepy"].ok
    assert statuses["sleepy"].error == "no answer within 1 s"
    assert not statuses["broken"].ok
    assert "not valid XML" in statuses["broken"].error


async def test_capabilities_are_fetched_once_then_cached(torznab, http_client):
    indexer = torznab.add("alpha", releases=[pack("A")])
    state = IndexerState()

    for _ in range(3):
        await service_for(torznab, http_client, state).search(
            SEASON_SEARCH, include_download_links=True
        )

    assert [r["t"] for r in indexer.requests] == ["caps", "tvsearch", "tvsearch", "tvsearch"]


async def test_capabilities_are_refreshed_after_a_day(torznab, http_client):
    indexer = torznab.add("alpha", releases=[pack("A")])
    clock = Clock()
    state = IndexerState(clock=clock)
    service = service_for(torznab, http_client, state)

    await service.search(SEASON_SEARCH, include_download_links=True)
    clock.now += 23 * 3600
    await service.search(SEASON_SEARCH, include_download_links=True)
    clock.now += 2 * 3600
    await service.search(SEASON_SEARCH, include_download_links=True)

    assert [r["t"] for r in indexer.requests].count("caps") == 2


async def test_capabilities_are_dropped_after_an_error(torznab, http_client):
    indexer = torznab.add("alpha", releases=[pack("A")])
    state = IndexerState()
    service = service_for(torznab, http_client, state)
    await service.search(SEASON_SEARCH, include_download_links=True)

    indexer.behaviour = "http_error"
    failed = await service.search(SEASON_SEARCH, include_download_links=True)
    indexer.behaviour = "normal"
    await service.search(SEASON_SEARCH, include_download_links=True)

    assert failed.indexers[0].error == "answered HTTP 500: error 900: Internal server error"
    assert [r["t"] for r in indexer.requests] == [
        "caps",
        "tvsearch",
        "tvsearch",
        "caps",
        "tvsearch",
    ]


async def test_disabled_indexer_is_not_queried(torznab, http_client):
    indexer = torznab.add("alpha", releases=[pack("A")])
    settings = settings_for(torznab)
    settings.torznab[0].enabled = False

    # With no other indexer there is nothing to search, and the answer says so.
    with pytest.raises(NoIndexers, match="No indexer is enabled"):
        await IndexerService(http_client, settings, IndexerState()).search(
            SEASON_SEARCH, include_download_links=True
        )

    assert indexer.requests == []


async def test_movie_search_leaves_out_tv_only_indexers(torznab, http_client):
    tv_only = torznab.add("tv-only")
    torznab.add("both")
    settings = settings_for(torznab)
    settings.torznab[0].categories = [5000]

    response = await IndexerService(http_client, settings, IndexerState()).search(
        SearchQuery(kind="movie", query="Movie Title"), include_download_links=True
    )

    assert [s.name for s in response.indexers] == ["both"]
    assert tv_only.requests == []


async def test_results_follow_indexer_priority_then_seeders(torznab, http_client):
    torznab.add("low", releases=[episode(SHOW, 1, 1, "LOW", seeders=500)])
    torznab.add(
        "high",
        releases=[episode(SHOW, 1, 1, "FEW", seeders=3), episode(SHOW, 1, 1, "MANY", seeders=90)],
    )
    settings = settings_for(torznab)
    settings.torznab[1].priority = 1

    response = await IndexerService(http_client, settings, IndexerState()).search(
        SearchQuery(query=SHOW), include_download_links=True
    )

    assert [r.title.rsplit("-", 1)[1] for r in response.results] == ["MANY", "FEW", "LOW"]


async def test_non_admin_results_carry_no_credentials(torznab, http_client):
    torznab.add("jackett", style="jackett", releases=[pack("GRP")])
    service = service_for(torznab, http_client)

    admin = await service.search(SEASON_SEARCH, include_download_links=True)
    user = await service.search(SEASON_SEARCH, include_download_links=False)

    [full], [public] = admin.results, user.results
    assert "jackett_apikey" in full.download_url
    assert "passkey" in full.magnet_url
    assert public.download_url is None
    assert public.guid is None  # Jackett's guid is the download link
    assert public.magnet_url == f"magnet:?xt=urn%3Abtih%3A{full.info_hash}&dn={full.title}"
    assert "indexer-key" not in user.model_dump_json()
    assert public.info_hash == full.info_hash


async def test_results_carry_the_parsers_reading(torznab, http_client):
    pytest.importorskip("media_manager.parsing")
    torznab.add("alpha", releases=[pack("GRP")])

    response = await service_for(torznab, http_client).search(
        SEASON_SEARCH, include_download_links=True
    )

    parsed = response.results[0].parsed
    assert parsed is not None
    assert (parsed.title, parsed.seasons, parsed.resolution) == (SHOW, [1], 1080)
    assert parsed.release_group == "GRP"


async def test_prowlarr_indexers_are_searched_through_their_own_endpoints(torznab, http_client):
    first = torznab.add("First", releases=[pack("ONE")])
    second = torznab.add("Second", style="newznab", releases=[pack("TWO")])
    settings = IndexerSettings(
        prowlarr={"enabled": True, "url": torznab.base_url, "api_key": PROWLARR_API_KEY}
    )

    response = await IndexerService(http_client, settings, IndexerState()).search(
        SEASON_SEARCH, include_download_links=True
    )

    assert sorted((r.indexer, r.protocol) for r in response.results) == [
        ("First", "torrent"),
        ("Second", "usenet"),
    ]
    assert first.searches()[0]["apikey"] == PROWLARR_API_KEY
    assert len(second.searches()) == 1


async def test_prowlarr_failure_is_reported_next_to_other_results(torznab, http_client):
    torznab.add("alpha", listed_in_prowlarr=False, releases=[pack("A")])
    settings = settings_for(
        torznab, prowlarr={"enabled": True, "url": torznab.base_url, "api_key": "wrong-key"}
    )

    response = await IndexerService(http_client, settings, IndexerState()).search(
        SEASON_SEARCH, include_download_links=True
    )

    assert [r.indexer for r in response.results] == ["alpha"]
    prowlarr = response.indexers[0]
    assert (prowlarr.name, prowlarr.ok) == ("Prowlarr", False)
    assert "refused the API key" in prowlarr.error
