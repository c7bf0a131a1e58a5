"""The indexer API with indexers configured against the stand-in servers."""

from pathlib import Path

import pytest
from httpx import AsyncClient

from tests.conftest import make_settings
from tests.support.torznab import PROWLARR_API_KEY, TorznabServer, season_pack

SHOW = "Show Name"
KEY = "indexer-key-0123456789"


@pytest.fixture
def settings(tmp_path: Path, database_url: str, torznab: TorznabServer):
    torznab.add("alpha", api_key=KEY, releases=[season_pack(SHOW, 1, "ALPHA")])
    torznab.add("beta", api_key=KEY, behaviour="invalid_xml", listed_in_prowlarr=False)
    torznab.add("proxied", api_key=KEY, releases=[season_pack(SHOW, 1, "PROX")])
    return make_settings(
        tmp_path / "data",
        database_url,
        indexer={
            "torznab": [
                {"name": "alpha", "url": torznab.url("alpha"), "api_key": KEY, "priority": 1},
                {
                    "name": "beta",
                    "url": f"{torznab.url('beta')}api?apikey={KEY}",
                    "timeout_seconds": 5,
                },
            ],
            "prowlarr": {
                "enabled": True,
                "url": torznab.base_url,
                "api_key": PROWLARR_API_KEY,
            },
        },
    )


async def test_list_shows_indexers_without_secrets(client: AsyncClient, user_headers: dict):
    response = await client.get("/api/v1/indexers", headers=user_headers)

    assert response.status_code == 200
    body = response.json()
    assert KEY not in response.text and PROWLARR_API_KEY not in response.text
    by_name = {i["name"]: i for i in body["indexers"]}
    # "alpha" is both configured and in Prowlarr; Prowlarr's copy gets a suffix.
    assert sorted(by_name) == ["alpha", "alpha (Prowlarr)", "beta", "proxied"]
    assert by_name["alpha"]["source"] == "torznab"
    assert by_name["alpha"]["has_api_key"] is True
    assert by_name["beta"]["url"].endswith("/api")
    assert by_name["proxied"]["source"] == "prowlarr"
    assert by_name["proxied"]["protocol"] == "torrent"
    assert body["errors"] == []


async def test_search_names_failures_and_hides_links_from_users(
    client: AsyncClient, user_headers: dict
):
    response = await client.get(
        "/api/v1/indexers/search",
        params={"kind": "tv", "query": SHOW, "season": 1},
        headers=user_headers,
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert {r["indexer"] for r in body["results"]} == {"alpha", "alpha (Prowlarr)", "proxied"}
    assert all(r["download_url"] is None for r in body["results"])
    assert all(r["info_hash"] for r in body["results"])
    assert "passkey" not in response.text and KEY not in response.text
    statuses = {s["name"]: s for s in body["indexers"]}
    assert statuses["beta"]["ok"] is False
    assert "not valid XML" in statuses["beta"]["error"]


async def test_admins_get_download_links(client: AsyncClient, admin_headers: dict):
    response = await client.get(
        "/api/v1/indexers/search", params={"query": SHOW}, headers=admin_headers
    )

    results = response.json()["results"]
    assert results
    assert all(r["download_url"].endswith(".torrent") for r in results)


async def test_search_needs_a_text_or_an_id(client: AsyncClient, user_headers: dict):
    response = await client.get(
        "/api/v1/indexers/search", params={"kind": "tv", "season": 1}, headers=user_headers
    )

    assert response.status_code == 422
    assert "give a query text" in response.text


async def test_connection_test_reports_success_and_failure(
    client: AsyncClient, admin_headers: dict
):
    good = await client.post("/api/v1/indexers/alpha/test", headers=admin_headers)
    bad = await client.post("/api/v1/indexers/beta/test", headers=admin_headers)

    assert good.status_code == 200
    assert good.json()["ok"] is True
    assert "tvdbid" in good.json()["search_modes"]["tv-search"]
    assert bad.json()["ok"] is False
    assert "not valid XML" in bad.json()["error"]


async def test_connection_test_of_unknown_indexer_is_404(client: AsyncClient, admin_headers):
    response = await client.post("/api/v1/indexers/nope/test", headers=admin_headers)

    assert response.status_code == 404
    assert response.json()["error"] == "IndexerNotFound"


async def test_connection_test_is_for_admins_only(client: AsyncClient, user_headers: dict):
    response = await client.post("/api/v1/indexers/alpha/test", headers=user_headers)

    assert response.status_code == 403
