"""The settings API: entries and fields, read-only file settings, secrets, the change log."""

from pathlib import Path

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import register
from tests.settings.conftest import FILED_KEY, KEY
from tests.support.torznab import TorznabServer

INDEXERS = "/api/v1/settings/indexers"


async def add_indexer(client: AsyncClient, headers: dict, url: str, **fields) -> dict:
    body = {"name": "added", "url": url, "api_key": KEY, "categories": [5000]} | fields
    response = await client.post(INDEXERS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_indexer_is_created_read_updated_and_deleted(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer
):
    created = await add_indexer(client, admin_headers, torznab.url("other"), priority=5)

    assert created["source"] == "database" and created["read_only"] is False
    assert created["api_key_set"] is True and "api_key" not in created
    listed = (await client.get(INDEXERS, headers=admin_headers)).json()
    assert [(e["id"], e["source"]) for e in listed] == [
        ("file:filed", "file"),
        (created["id"], "database"),
    ]

    response = await client.patch(
        f"{INDEXERS}/{created['id']}", json={"priority": 7}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["priority"] == 7
    # The omitted secret is kept: the indexer still works with it.
    assert response.json()["api_key_set"] is True
    kept = await client.post(f"{INDEXERS}/{created['id']}/test", headers=admin_headers)
    assert kept.json()["ok"] is True, kept.text

    cleared = await client.patch(
        f"{INDEXERS}/{created['id']}", json={"api_key": None}, headers=admin_headers
    )
    assert cleared.json()["api_key_set"] is False

    deleted = await client.delete(f"{INDEXERS}/{created['id']}", headers=admin_headers)
    assert deleted.status_code == 204
    gone = await client.get(f"{INDEXERS}/{created['id']}", headers=admin_headers)
    assert gone.status_code == 404


async def test_secrets_are_never_returned_nor_logged_in_the_change_log(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer
):
    created = await add_indexer(client, admin_headers, torznab.url("other"))
    await client.patch(
        f"{INDEXERS}/{created['id']}",
        json={"api_key": "second-secret-key", "priority": 3},
        headers=admin_headers,
    )
    await client.patch(
        "/api/v1/settings/prowlarr", json={"api_key": "prowlarr-secret"}, headers=admin_headers
    )

    texts = [
        (await client.get(path, headers=admin_headers)).text
        for path in (INDEXERS, f"{INDEXERS}/{created['id']}", "/api/v1/settings/prowlarr")
    ]
    changes = await client.get("/api/v1/settings/changes", headers=admin_headers)
    for text in [*texts, changes.text]:
        for secret in (KEY, FILED_KEY, "second-secret-key", "prowlarr-secret"):
            assert secret not in text
    items = changes.json()["items"]
    assert [(i["section"], i["action"]) for i in items] == [
        ("prowlarr", "update"),
        ("indexers", "update"),
        ("indexers", "create"),
    ]
    assert items[1]["changes"]["api_key"]["secret"] is True
    assert items[1]["changes"]["priority"] == {"old": 25, "new": 3, "secret": False}
    assert items[1]["user_email"] == "admin@example.com"
    assert changes.json()["total"] == 3


async def test_entries_of_the_config_file_are_read_only(client: AsyncClient, admin_headers: dict):
    entry = await client.get(f"{INDEXERS}/file:filed", headers=admin_headers)
    assert entry.json()["read_only"] is True and entry.json()["api_key_set"] is True

    update = await client.patch(
        f"{INDEXERS}/file:filed", json={"priority": 1}, headers=admin_headers
    )
    delete = await client.delete(f"{INDEXERS}/file:filed", headers=admin_headers)

    for response in (update, delete):
        assert response.status_code == 409
        assert "[[indexer.torznab]]" in response.json()["detail"]
        assert "MEDIAMANAGER_INDEXER__TORZNAB" in response.json()["detail"]


async def test_names_are_unique_across_file_and_database(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer
):
    await add_indexer(client, admin_headers, torznab.url("other"))
    url = torznab.url("other")

    like_file = await client.post(
        INDEXERS, json={"name": "FILED", "url": url}, headers=admin_headers
    )
    like_stored = await client.post(
        INDEXERS, json={"name": "Added", "url": url}, headers=admin_headers
    )

    assert like_file.status_code == 409 and "config file" in like_file.json()["detail"]
    assert like_stored.status_code == 409 and "'Added'" in like_stored.json()["detail"]


async def test_bad_input_is_refused_naming_the_field(
    client: AsyncClient, admin_headers: dict, torznab: TorznabServer
):
    created = await add_indexer(client, admin_headers, torznab.url("other"))

    cases = [
        ("post", INDEXERS, {"name": "x", "url": "http://h", "priority": 99}, ["body", "priority"]),
        ("post", INDEXERS, {"name": "x"}, ["body", "url"]),
        ("patch", f"{INDEXERS}/{created['id']}", {"categories": []}, ["body", "categories"]),
        ("patch", f"{INDEXERS}/{created['id']}", {"name": None}, ["body", "name"]),
        ("post", "/api/v1/settings/tv-libraries", {"name": "x", "path": "tv"}, ["body", "path"]),
        (
            "patch",
            "/api/v1/settings/general",
            {"token_lifetime_seconds": 5},
            ["body", "token_lifetime_seconds"],
        ),
        ("patch", "/api/v1/settings/general", {"base_url": "example.com"}, ["body", "base_url"]),
    ]
    for method, path, body, loc in cases:
        response = await client.request(method, path, json=body, headers=admin_headers)
        assert response.status_code == 422, (path, body, response.text)
        assert loc in [error["loc"] for error in response.json()["errors"]], response.text

    prowlarr = await client.patch(
        "/api/v1/settings/prowlarr", json={"enabled": True}, headers=admin_headers
    )
    assert prowlarr.status_code == 422 and "api_key" in prowlarr.json()["detail"]


async def test_a_failed_change_leaves_the_settings_in_effect(
    app: FastAPI, client: AsyncClient, admin_headers: dict
):
    before = app.state.settings

    response = await client.patch(
        "/api/v1/settings/prowlarr", json={"enabled": True}, headers=admin_headers
    )

    assert response.status_code == 422
    assert app.state.settings is before
    prowlarr = (await client.get("/api/v1/settings/prowlarr", headers=admin_headers)).json()
    assert prowlarr["enabled"] is False
    changes = (await client.get("/api/v1/settings/changes", headers=admin_headers)).json()
    assert changes["total"] == 0


async def test_library_roots_and_their_download_client(
    client: AsyncClient, admin_headers: dict, tmp_path: Path
):
    libraries = "/api/v1/settings/tv-libraries"
    folder = tmp_path / "anime"
    unknown = await client.post(
        libraries,
        json={"name": "anime", "path": str(folder), "download_client": "nope"},
        headers=admin_headers,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "download_client"]

    client_body = {"name": "qbit", "kind": "qbittorrent", "url": "http://127.0.0.1:1/"}
    qbit = await client.post(
        "/api/v1/settings/download-clients", json=client_body, headers=admin_headers
    )
    assert qbit.status_code == 201, qbit.text
    assert qbit.json()["url"] == "http://127.0.0.1:1"
    anime = await client.post(
        libraries,
        json={"name": "anime", "path": str(folder), "download_client": "qbit"},
        headers=admin_headers,
    )
    assert anime.status_code == 201, anime.text

    in_use = await client.delete(
        f"/api/v1/settings/download-clients/{qbit.json()['id']}", headers=admin_headers
    )
    assert in_use.status_code == 409 and "anime" in in_use.json()["detail"]

    listed = (await client.get(libraries, headers=admin_headers)).json()
    assert [(e["name"], e["source"]) for e in listed] == [
        ("default", "default"),
        ("anime", "database"),
    ]
    builtin = await client.patch(f"{libraries}/default", json={"name": "x"}, headers=admin_headers)
    assert builtin.status_code == 409
    taken = await client.post(
        libraries, json={"name": "default", "path": str(folder)}, headers=admin_headers
    )
    assert taken.status_code == 409
    # The library API (used when adding shows) sees the new root at once.
    shown = (await client.get("/api/v1/libraries", headers=admin_headers)).json()
    assert [lib["name"] for lib in shown["tv"]] == ["default", "anime"]


async def test_fields_set_by_the_file_are_pinned(client: AsyncClient, admin_headers: dict):
    metadata = (await client.get("/api/v1/settings/metadata", headers=admin_headers)).json()
    assert metadata["default_language"] == "de"
    # relay_url is set by the tests' own settings (the relay stand-in), so pinned too.
    assert sorted(metadata["pinned"]) == ["default_language", "relay_url"]

    response = await client.patch(
        "/api/v1/settings/metadata", json={"default_language": "fr"}, headers=admin_headers
    )

    assert response.status_code == 409
    assert "MEDIAMANAGER_METADATA__DEFAULT_LANGUAGE" in response.json()["detail"]


async def test_open_registration_applies_to_the_next_sign_up(
    client: AsyncClient, admin_headers: dict
):
    waiting = await register(client, "early@example.com")
    assert waiting["is_active"] is False

    response = await client.patch(
        "/api/v1/settings/general", json={"open_registration": True}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["open_registration"] is True and response.json()["pinned"] == []

    assert (await register(client, "late@example.com"))["is_active"] is True


async def test_settings_are_for_admins_only(client: AsyncClient, user_headers: dict):
    for method, path in (
        ("get", INDEXERS),
        ("post", f"{INDEXERS}/test"),
        ("patch", "/api/v1/settings/general"),
        ("get", "/api/v1/settings/changes"),
    ):
        response = await client.request(method, path, json={}, headers=user_headers)
        assert response.status_code == 403, path
