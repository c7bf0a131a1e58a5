"""Every kind of setting through the same API: create, read, update, delete, bad input naming
the field, secrets never returned, entries and fields of the config file read-only, and a
change in effect for the next request (the effective settings are rebuilt)."""

from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from media_manager.config import Settings
from media_manager.settings.sections import COLLECTIONS, SINGLETONS
from tests.conftest import make_settings

API = "/api/v1/settings"
SECRET = "never-shown-0123456789"
FILE_SECRET = "file-secret-9876543210"


def collections(tmp: Path) -> dict[str, dict]:
    """Per collection: a valid entry, a change, a bad entry with the field it names, the
    secret field (if any), the entry the config file defines, and where it lands in Settings."""
    return {
        "indexers": {
            "body": {"name": "site", "url": "http://127.0.0.1:9/", "api_key": SECRET},
            "change": {"priority": 7},
            "bad": ({"name": "bad", "url": "http://h", "priority": 99}, "priority"),
            "secret": "api_key",
            "filed": {"name": "filed", "url": "http://127.0.0.1:9/f", "api_key": FILE_SECRET},
            "effective": lambda s: [(i.name, i.priority) for i in s.indexer.torznab],
        },
        "download-clients": {
            "body": {
                "name": "qbit",
                "kind": "qbittorrent",
                "url": "http://127.0.0.1:9",
                "username": "admin",
                "password": SECRET,
            },
            "change": {"priority": 3},
            "bad": ({"name": "bad", "kind": "utorrent", "url": "http://h"}, "kind"),
            "secret": "password",
            "filed": {
                "name": "filed",
                "kind": "sabnzbd",
                "url": "http://127.0.0.1:9",
                "api_key": FILE_SECRET,
            },
            "effective": lambda s: [(c.name, c.priority) for c in s.downloads.clients],
        },
        "tv-libraries": {
            "body": {"name": "anime", "path": str(tmp / "anime")},
            "change": {"path": str(tmp / "anime-2")},
            "bad": ({"name": "bad", "path": "relative/folder"}, "path"),
            "secret": None,
            "filed": {"name": "filed", "path": str(tmp / "filed-tv")},
            "effective": lambda s: [(e.name, str(e.path)) for e in s.library.tv],
        },
        "movie-libraries": {
            "body": {"name": "kids", "path": str(tmp / "kids")},
            "change": {"path": str(tmp / "kids-2")},
            "bad": ({"name": "bad", "path": "relative/folder"}, "path"),
            "secret": None,
            "filed": {"name": "filed", "path": str(tmp / "filed-movies")},
            "effective": lambda s: [(e.name, str(e.path)) for e in s.library.movies],
        },
        "notifications": {
            "body": {
                "name": "hook",
                "urls": f"json://127.0.0.1:9/{SECRET}",
                "events": ["imported"],
            },
            "change": {"enabled": False},
            "bad": ({"name": "bad", "urls": "json://h", "events": ["tea_time"]}, "events"),
            "secret": "urls",
            "filed": {"name": "filed", "urls": f"json://127.0.0.1:9/{FILE_SECRET}"},
            "effective": lambda s: [(t.name, t.enabled) for t in s.notifications.targets],
        },
        "media-servers": {
            "body": {
                "name": "jf",
                "kind": "jellyfin",
                "url": "http://127.0.0.1:9",
                "token": SECRET,
            },
            "change": {"timeout_seconds": 5.0},
            "bad": ({"name": "bad", "kind": "jellyfin", "url": "ftp://h", "token": "t"}, "url"),
            "secret": "token",
            "filed": {
                "name": "filed",
                "kind": "plex",
                "url": "http://127.0.0.1:9",
                "token": FILE_SECRET,
            },
            "effective": lambda s: [
                (m.name, m.timeout_seconds) for m in s.notifications.media_servers
            ],
        },
    }


# Per singleton: a change, a bad value with its field, and where it lands in Settings.
SINGLETON_CASES = {
    "prowlarr": ({"timeout_seconds": 12.0}, {"timeout_seconds": 0}, lambda s: s.indexer.prowlarr),
    "metadata": ({"concurrent_requests": 8}, {"concurrent_requests": 0}, lambda s: s.metadata),
    "import": ({"placement": "copy"}, {"placement": "teleport"}, lambda s: s.importer),
    "automation": ({"sweep_size": 3}, {"rss_interval_minutes": 1}, lambda s: s.automation),
    "general": ({"open_registration": True}, {"token_lifetime_seconds": 5}, lambda s: s.auth),
    "health": ({"free_space_warning_gib": 2.5}, {"free_space_warning_gib": -1}, lambda s: s.health),
    "backups": ({"keep": 9}, {"keep": 0}, lambda s: s.backups),
}


def test_every_section_has_a_case():
    assert {s.key for s in COLLECTIONS} == set(collections(Path("/x")))
    assert {s.key for s in SINGLETONS} == set(SINGLETON_CASES)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Each collection has one entry in the config file; backups.keep is pinned by it."""
    filed = {key: case["filed"] for key, case in collections(tmp_path).items()}
    return make_settings(
        tmp_path / "data",
        database_url,
        indexer={"torznab": [filed["indexers"]]},
        downloads={"clients": [filed["download-clients"]]},
        library={"tv": [filed["tv-libraries"]], "movies": [filed["movie-libraries"]]},
        notifications={
            "targets": [filed["notifications"]],
            "media_servers": [filed["media-servers"]],
        },
        backups={"every_days": 3},
    )


@pytest.mark.parametrize("key", sorted(collections(Path("/x"))))
async def test_collection_entries_through_the_api(
    app: FastAPI, client: AsyncClient, admin_headers: dict, tmp_path: Path, key: str
):
    case = collections(tmp_path)[key]
    base = f"{API}/{key}"
    secret = case["secret"]

    created = await client.post(base, json=case["body"], headers=admin_headers)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert entry["source"] == "database" and entry["read_only"] is False
    if secret:
        assert entry[f"{secret}_set"] is True and secret not in entry
    name = case["body"]["name"]
    assert (name, *[v for k, v in []]) and name in [
        n for n, *_ in case["effective"](app.state.settings)
    ]

    url = f"{base}/{entry['id']}"
    changed = await client.patch(url, json=case["change"], headers=admin_headers)
    assert changed.status_code == 200, changed.text
    [(field, value)] = case["change"].items()
    assert changed.json()[field] == value
    if secret:
        # An update that omits the secret keeps it.
        assert changed.json()[f"{secret}_set"] is True
    effective = dict(case["effective"](app.state.settings))
    assert str(effective[name]) == str(value)

    body, bad_field = case["bad"]
    refused = await client.post(base, json=body, headers=admin_headers)
    assert refused.status_code == 422, refused.text
    assert ["body", bad_field] in [e["loc"][:2] for e in refused.json()["errors"]], refused.text

    listed = await client.get(base, headers=admin_headers)
    by_name = {e["name"]: e for e in listed.json()}
    assert by_name["filed"]["source"] == "file" and by_name["filed"]["read_only"] is True
    filed_update = await client.patch(
        f"{base}/{by_name['filed']['id']}", json=case["change"], headers=admin_headers
    )
    filed_delete = await client.delete(f"{base}/{by_name['filed']['id']}", headers=admin_headers)
    assert filed_update.status_code == filed_delete.status_code == 409
    assert "config file" in filed_update.json()["detail"] or "[[" in filed_update.json()["detail"]

    changes = await client.get(f"{API}/changes", headers=admin_headers)
    texts = [listed.text, changed.text, created.text, changes.text]
    assert not any(s in t for t in texts for s in (SECRET, FILE_SECRET))

    deleted = await client.delete(url, headers=admin_headers)
    assert deleted.status_code == 204
    assert (await client.get(url, headers=admin_headers)).status_code == 404
    assert name not in dict(case["effective"](app.state.settings))


@pytest.mark.parametrize("key", sorted(SINGLETON_CASES))
async def test_singleton_fields_through_the_api(
    app: FastAPI, client: AsyncClient, admin_headers: dict, key: str
):
    change, bad, effective = SINGLETON_CASES[key]

    response = await client.patch(f"{API}/{key}", json=change, headers=admin_headers)
    assert response.status_code == 200, response.text
    [(field, value)] = change.items()
    assert response.json()[field] == value
    assert (await client.get(f"{API}/{key}", headers=admin_headers)).json()[field] == value
    assert getattr(effective(app.state.settings), field) == value

    refused = await client.patch(f"{API}/{key}", json=bad, headers=admin_headers)
    assert refused.status_code == 422, refused.text
    [bad_field] = bad
    assert ["body", bad_field] in [e["loc"] for e in refused.json()["errors"]], refused.text
    assert getattr(effective(app.state.settings), field) == value


async def test_a_field_set_in_the_config_file_is_read_only(
    client: AsyncClient, admin_headers: dict
):
    backups = (await client.get(f"{API}/backups", headers=admin_headers)).json()
    assert backups["pinned"] == ["every_days"]

    response = await client.patch(f"{API}/backups", json={"every_days": 1}, headers=admin_headers)

    assert response.status_code == 409
    assert "MEDIAMANAGER_BACKUPS__EVERY_DAYS" in response.json()["detail"]
