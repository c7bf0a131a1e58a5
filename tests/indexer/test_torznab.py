"""The Torznab/Newznab client against the stand-in indexers, over real HTTP."""

import time

import httpx
import pytest

from media_manager.indexer.exceptions import (
    IndexerApiError,
    IndexerBadResponse,
    IndexerUnavailable,
)
from media_manager.indexer.providers.base import IndexerDefinition
from media_manager.indexer.providers.torznab import TorznabProvider
from media_manager.indexer.schemas import SearchQuery
from media_manager.indexer.service import _endpoint
from tests.support.torznab import (
    Release,
    TorznabServer,
    episode,
    magnet,
    season_pack,
    torrent_file,
    torrent_info_hash,
)

SHOW = "Show Name"
TVDB_ID = 121361


def provider(
    torznab: TorznabServer, http_client: httpx.AsyncClient, name: str, **overrides
) -> TorznabProvider:
    indexer = torznab.indexers[name]
    options = {
        "name": name,
        "source": "torznab",
        "endpoint": _endpoint(torznab.url(name)),
        "api_key": indexer.api_key,
        "categories": (5000, 2000),
        "priority": 25,
        "enabled": True,
        "timeout_seconds": 5.0,
    }
    max_bytes = overrides.pop("max_bytes", 1024 * 1024)
    return TorznabProvider(
        http_client, IndexerDefinition(**(options | overrides)), max_bytes=max_bytes
    )


async def search(p: TorznabProvider, max_results: int = 500, **query):
    return await p.search(SearchQuery(**query), await p.caps(), max_results)


async def test_torznab_results_carry_every_attribute(torznab, http_client):
    release = season_pack(
        SHOW,
        1,
        "GRP",
        seeders=42,
        leechers=8,
        download_factor=0,
        upload_factor=2,
        tags=("internal", "scene"),
        tvdb_id=TVDB_ID,
        imdb_id="tt0944947",
    )
    torznab.add("tracker", releases=[release])

    [result] = await search(provider(torznab, http_client, "tracker"), query=SHOW)

    assert result.title == release.title
    assert result.indexer == "tracker"
    assert result.protocol == "torrent"
    assert result.size == release.size
    assert result.seeders == 42
    assert result.peers == 50
    assert result.info_hash == torrent_info_hash(release)
    assert result.magnet_url == magnet(release)
    assert result.flags == ["freeleech", "double_upload", "internal", "scene"]
    assert result.download_volume_factor == 0
    assert result.minimum_ratio == 1
    assert result.minimum_seed_time == 172800
    assert result.categories == [5040]
    assert result.tvdb_id == TVDB_ID
    assert result.imdb_id == "tt0944947"
    assert 23 <= result.age_hours <= 25
    assert result.download_url is not None
    assert result.info_url.endswith("/details/0")


async def test_download_link_serves_the_advertised_torrent(torznab, http_client):
    release = season_pack(SHOW, 1, "GRP")
    torznab.add("tracker", releases=[release])

    [result] = await search(provider(torznab, http_client, "tracker"), query=SHOW)
    torrent = (await http_client.get(result.download_url)).content

    assert torrent == torrent_file(release)
    assert result.info_hash == torrent_info_hash(release)


async def test_newznab_results_are_usenet(torznab, http_client):
    torznab.add("nzbsite", style="newznab", releases=[episode(SHOW, 1, 2, "NZB", grabs=77)])

    [result] = await search(provider(torznab, http_client, "nzbsite"), query=SHOW)

    assert result.protocol == "usenet"
    assert result.grabs == 77
    assert result.seeders is None
    assert result.info_hash is None
    assert result.flags == []


async def test_halfleech_is_flagged(torznab, http_client):
    torznab.add("tracker", releases=[season_pack(SHOW, 1, "GRP", download_factor=0.5)])

    [result] = await search(provider(torznab, http_client, "tracker"), query=SHOW)

    assert result.flags == ["halfleech"]


async def test_caps_are_read(torznab, http_client):
    torznab.add("tracker", tv_params="q,season,tvdbid", movie_params=None, limit_max=75)

    caps = await provider(torznab, http_client, "tracker").caps()

    assert caps.mode("tv-search").params == {"q", "season", "tvdbid"}
    assert not caps.mode("movie-search").available
    assert caps.limit_max == 75
    assert caps.categories[5000] == (5030, 5040, 5045, 5070)


async def test_id_search_sends_only_supported_parameters(torznab, http_client):
    indexer = torznab.add(
        "tracker",
        tv_params="q,season,ep,tvdbid",
        releases=[episode(SHOW, 1, 2, "GRP", tvdb_id=TVDB_ID)],
    )

    results = await search(
        provider(torznab, http_client, "tracker"),
        kind="tv",
        query=SHOW,
        tvdb_id=TVDB_ID,
        tmdb_id=1399,
        imdb_id="tt0944947",
        season=1,
        episode=2,
    )

    [sent] = indexer.searches()
    assert len(results) == 1
    assert sent["t"] == "tvsearch"
    assert sent["tvdbid"] == str(TVDB_ID)
    assert (sent["season"], sent["ep"]) == ("1", "2")
    assert "tmdbid" not in sent and "imdbid" not in sent and "q" not in sent


async def test_tv_categories_are_the_tv_family_with_its_subcategories(torznab, http_client):
    indexer = torznab.add("tracker", releases=[season_pack(SHOW, 1, "GRP")])

    await search(provider(torznab, http_client, "tracker"), kind="tv", query=SHOW, season=1)

    assert indexer.searches()[0]["cat"] == "5000,5030,5040,5045,5070"


async def test_without_id_support_falls_back_to_text_search(torznab, http_client):
    indexer = torznab.add("tracker", tv_params=None, releases=[season_pack(SHOW, 1, "GRP")])

    results = await search(
        provider(torznab, http_client, "tracker"),
        kind="tv",
        query=SHOW,
        tvdb_id=TVDB_ID,
        season=1,
    )

    [sent] = indexer.searches()
    assert (sent["t"], sent["q"]) == ("search", "Show Name S01")
    assert "tvdbid" not in sent and "season" not in sent
    assert len(results) == 1


async def test_id_search_without_results_is_retried_as_text(torznab, http_client):
    indexer = torznab.add("tracker", ids_match=False, releases=[episode(SHOW, 1, 2, "GRP")])

    results = await search(
        provider(torznab, http_client, "tracker"),
        kind="tv",
        query=SHOW,
        tvdb_id=TVDB_ID,
        season=1,
        episode=2,
    )

    first, second = indexer.searches()
    assert first["tvdbid"] == str(TVDB_ID) and "q" not in first
    assert (second["t"], second["q"], second["season"], second["ep"]) == (
        "tvsearch",
        SHOW,
        "1",
        "2",
    )
    assert len(results) == 1


async def test_season_goes_into_the_text_when_the_mode_lacks_it(torznab, http_client):
    indexer = torznab.add("tracker", tv_params="q", releases=[episode(SHOW, 3, 4, "GRP")])

    await search(
        provider(torznab, http_client, "tracker"), kind="tv", query=SHOW, season=3, episode=4
    )

    [sent] = indexer.searches()
    assert (sent["t"], sent["q"]) == ("tvsearch", "Show Name S03E04")
    assert "season" not in sent


async def test_id_only_search_on_indexer_without_ids_is_an_error(torznab, http_client):
    torznab.add("tracker", tv_params="q,season,ep")

    with pytest.raises(IndexerApiError, match="no text to fall back to"):
        await search(provider(torznab, http_client, "tracker"), kind="tv", tvdb_id=TVDB_ID)


async def test_movie_search_uses_imdb_id_without_tt(torznab, http_client):
    movie = Release("Movie.Title.2010.1080p.BluRay.x264-GRP", category=2040, imdb_id="tt1375666")
    indexer = torznab.add("tracker", releases=[movie])

    results = await search(
        provider(torznab, http_client, "tracker"), kind="movie", imdb_id="tt1375666"
    )

    [sent] = indexer.searches()
    assert (sent["t"], sent["imdbid"], sent["cat"]) == ("movie", "1375666", "2000,2030,2040,2045")
    assert [r.imdb_id for r in results] == ["tt1375666"]


async def test_pages_are_followed_up_to_max_results(torznab, http_client):
    releases = [episode(SHOW, 1, n, f"G{n}") for n in range(1, 251)]
    indexer = torznab.add("tracker", limit_max=100, releases=releases)

    results = await search(provider(torznab, http_client, "tracker"), 180, query=SHOW)

    assert len(results) == 180
    assert len({r.title for r in results}) == 180
    assert [(s["limit"], s.get("offset")) for s in indexer.searches()] == [
        ("100", None),
        ("80", "100"),
    ]


async def test_paging_stops_at_the_last_page(torznab, http_client):
    releases = [episode(SHOW, 1, n, f"G{n}") for n in range(1, 131)]
    indexer = torznab.add("nzbsite", style="newznab", limit_max=100, releases=releases)

    results = await search(provider(torznab, http_client, "nzbsite"), query=SHOW)

    assert len(results) == 130
    assert len(indexer.searches()) == 2


async def test_wrong_api_key_reports_the_newznab_error(torznab, http_client):
    torznab.add("tracker")

    with pytest.raises(IndexerApiError, match="error 100: Incorrect user credentials"):
        await search(provider(torznab, http_client, "tracker", api_key="wrong"), query=SHOW)


async def test_http_error_status_is_reported_with_its_description(torznab, http_client):
    torznab.add("tracker", behaviour="http_error")

    with pytest.raises(IndexerUnavailable, match="HTTP 500: error 900: Internal server error"):
        await provider(torznab, http_client, "tracker").caps()


async def test_unreachable_indexer_is_reported(http_client):
    definition = IndexerDefinition(
        name="gone",
        source="torznab",
        endpoint="http://127.0.0.1:9/api",
        api_key="secret-key",
        categories=(5000,),
        priority=25,
        enabled=True,
        timeout_seconds=2,
    )

    with pytest.raises(IndexerUnavailable, match="cannot be reached") as error:
        await TorznabProvider(http_client, definition).caps()
    assert "secret-key" not in error.value.message


async def test_invalid_xml_is_reported(torznab, http_client):
    torznab.add("tracker", behaviour="invalid_xml")

    with pytest.raises(IndexerBadResponse, match="not valid XML"):
        await provider(torznab, http_client, "tracker").caps()


async def test_entity_bomb_is_refused_without_expanding_it(torznab, http_client):
    torznab.add("tracker", behaviour="entity_bomb")
    started = time.perf_counter()

    with pytest.raises(IndexerBadResponse, match="DTD or entities"):
        await provider(torznab, http_client, "tracker").caps()
    assert time.perf_counter() - started < 1


async def test_oversized_answer_is_refused(torznab, http_client):
    torznab.add("tracker", behaviour="oversized", oversized_bytes=8 * 1024 * 1024)

    with pytest.raises(IndexerBadResponse, match="larger than 65536 bytes"):
        await provider(torznab, http_client, "tracker", max_bytes=65536).caps()


async def test_connection_test_checks_the_api_key(torznab, http_client):
    torznab.add("tracker")

    caps = await provider(torznab, http_client, "tracker").test()
    with pytest.raises(IndexerApiError, match="Incorrect user credentials"):
        await provider(torznab, http_client, "tracker", api_key="wrong").test()
    assert caps.mode("search").available
