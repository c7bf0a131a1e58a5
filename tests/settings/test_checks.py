"""The "test" actions against the stand-in indexer, real folders and dead addresses."""

from pathlib import Path

import pytest
from httpx import AsyncClient

from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.source import check_metadata_source
from tests.settings.conftest import KEY
from tests.support.torznab import PROWLARR_API_KEY, TorznabServer

INDEXERS = "/api/v1/settings/indexers"


async def run_indexer_test(client: AsyncClient, headers: dict, **body) -> dict:
    response = await client.post(f"{INDEXERS}/test", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_saved_indexer_passes_against_the_stand_in(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer
):
    response = await client.post(f"{INDEXERS}/file:filed/test", headers=admin_headers)

    assert response.status_code == 200, response.text
    result = response.json()
    assert result["ok"] is True, result
    assert "accepts the API key" in result["message"]
    assert "5000" in result["details"]["categories_offered"]


async def test_unsaved_indexer_failures_are_told_in_plain_words(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer, dead_url: str
):
    torznab.add("broken", behaviour="invalid_xml")
    url = torznab.url("other")

    dead = await run_indexer_test(client, admin_headers, name="x", url=dead_url)
    wrong_key = await run_indexer_test(client, admin_headers, name="x", url=url, api_key="wrong")
    not_xml = await run_indexer_test(client, admin_headers, name="x", url=torznab.url("broken"))
    good = await run_indexer_test(client, admin_headers, name="x", url=url, api_key=KEY)

    assert dead["ok"] is False and dead["message"].startswith("Nothing answers at")
    assert wrong_key["ok"] is False and "refused the API key" in wrong_key["message"]
    assert not_xml["ok"] is False and "not with Torznab/Newznab XML" in not_xml["message"]
    assert good["ok"] is True, good
    assert KEY not in str([dead, wrong_key, not_xml, good])


async def test_unsaved_test_takes_the_saved_secret_when_given_an_id(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer
):
    body = {"name": "saved", "url": torznab.url("other"), "api_key": KEY}
    saved = (await client.post(INDEXERS, json=body, headers=admin_headers)).json()

    with_id = await run_indexer_test(client, admin_headers, id=saved["id"], priority=3)
    without = await run_indexer_test(client, admin_headers, name="saved", url=torznab.url("other"))

    assert with_id["ok"] is True, with_id
    assert without["ok"] is False


async def test_library_root_check(client: AsyncClient, admin_headers: dict, tmp_path: Path):
    path = "/api/v1/settings/movie-libraries/test"
    folder = tmp_path / "films"
    missing = await client.post(
        path, json={"name": "films", "path": str(folder)}, headers=admin_headers
    )
    folder.mkdir()
    (tmp_path / "a-file").write_text("")
    not_folder = await client.post(
        path, json={"name": "f", "path": str(tmp_path / "a-file")}, headers=admin_headers
    )
    good = await client.post(
        path, json={"name": "films", "path": str(folder)}, headers=admin_headers
    )

    assert missing.json()["ok"] is False and "does not exist" in missing.json()["message"]
    assert not_folder.json()["ok"] is False and "not a folder" in not_folder.json()["message"]
    result = good.json()
    assert result["ok"] is True, result
    assert result["details"]["free_bytes"] > 0
    # tmp_path holds the data dir, downloads included: one filesystem.
    assert result["details"]["hardlinks"] is True
    assert "imports hardlink" in result["message"]


async def test_builtin_library_root_can_be_tested(client: AsyncClient, admin_headers: dict):
    response = await client.post(
        "/api/v1/settings/tv-libraries/default/test", headers=admin_headers
    )

    assert response.status_code == 200
    assert response.json()["ok"] is True, response.text


async def test_download_client_check_against_a_dead_address(
    client: AsyncClient, admin_headers: dict, dead_url: str
):
    pytest.importorskip("media_manager.downloads.clients.qbittorrent")
    body = {"name": "qbit", "kind": "qbittorrent", "url": dead_url, "timeout_seconds": 5}

    response = await client.post(
        "/api/v1/settings/download-clients/test", json=body, headers=admin_headers
    )

    assert response.status_code == 200, response.text
    assert response.json()["ok"] is False


async def test_metadata_check_against_a_dead_relay(
    app, client: AsyncClient, admin_headers: dict, dead_url: str
):
    try:
        await check_metadata_source(MetadataSettings(relay_url=dead_url), app.state)
    except NotImplementedError:
        pytest.skip("check_metadata_source is not implemented on this branch yet")

    response = await client.post(
        "/api/v1/settings/metadata/test", json={"relay_url": dead_url}, headers=admin_headers
    )

    assert response.status_code == 200, response.text
    assert response.json()["ok"] is False


@pytest.mark.parametrize("key", ["clé-secrète", "two words", "tab\there", "\U00071a7d"])
async def test_an_api_key_that_cannot_go_in_a_header_is_refused(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer, key: str
):
    response = await client.post(
        "/api/v1/settings/prowlarr/test",
        json={"enabled": True, "url": torznab.base_url, "api_key": key},
        headers=admin_headers,
    )

    assert response.status_code == 422, response.text
    assert "api_key" in response.json()["detail"]
    assert "printable ASCII" in response.json()["detail"]
    assert key not in response.text


async def test_prowlarr_test_against_the_stand_in_and_a_dead_address(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer, dead_url: str
):
    async def run(**body) -> dict:
        response = await client.post(
            "/api/v1/settings/prowlarr/test", json=body, headers=admin_headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    live = await run(enabled=True, url=torznab.base_url, api_key=PROWLARR_API_KEY)
    wrong_key = await run(enabled=True, url=torznab.base_url, api_key="not-the-key")
    dead = await run(enabled=True, url=dead_url, api_key=PROWLARR_API_KEY)

    assert live["ok"] is True, live
    assert "filed" in live["details"]["indexers"]
    assert wrong_key["ok"] is False and wrong_key["message"], wrong_key
    assert dead["ok"] is False and dead_url.split("//")[1] in dead["message"], dead
