"""Quality profiles, scoring rules and rule sets through the API."""

import logging
from pathlib import Path

import pytest
from httpx import AsyncClient, Response
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.profiles.service import ProfileService
from tests.conftest import make_settings
from tests.movies.factories import create_movie
from tests.tv.factories import create_show

SEEDED = ["Any", "HD-1080p", "HD-720p", "HD-720p/1080p", "SD", "Ultra-HD"]
PROFILE = {
    "name": "Web 1080p",
    "qualities": ["web-1080p", "webrip-1080p"],
    "cutoff": "web-1080p",
    "min_episode_size_mb": 200,
    "max_episode_size_mb": 4000,
    "min_seeders": 3,
    "ignored_words": ["CAM"],
    "preferred_words": [{"word": "x265", "score": 20}],
}


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    library = {"tv": [{"name": "anime", "path": str(tmp_path / "anime")}]}
    return make_settings(tmp_path / "data", database_url, library=library)


async def create(client: AsyncClient, headers: dict, **changes: object) -> Response:
    return await client.post("/api/v1/profiles", json=PROFILE | changes, headers=headers)


async def test_every_installation_starts_with_the_default_profiles(
    client: AsyncClient, user_headers: dict
):
    response = await client.get("/api/v1/profiles", headers=user_headers)

    assert response.status_code == 200
    profiles = {p["name"]: p for p in response.json()["items"]}
    assert sorted(profiles) == SEEDED
    assert profiles["HD-1080p"]["qualities"] == [
        "bluray-1080p",
        "web-1080p",
        "webrip-1080p",
        "tv-1080p",
    ]


async def test_qualities_are_listed_with_labels(client: AsyncClient, user_headers: dict):
    response = await client.get("/api/v1/profiles/qualities", headers=user_headers)

    qualities = {q["id"]: q for q in response.json()}
    assert qualities["web-1080p"] == {
        "id": "web-1080p",
        "label": "WEBDL-1080p",
        "source": "web",
        "resolution": 1080,
    }


async def test_admin_creates_a_profile_that_users_can_read_but_not_change(
    client: AsyncClient, admin_headers: dict, user_headers: dict
):
    created = await create(client, admin_headers)
    assert created.status_code == 201, created.text
    profile_id = created.json()["id"]

    read = await client.get(f"/api/v1/profiles/{profile_id}", headers=user_headers)
    changed = await client.patch(
        f"/api/v1/profiles/{profile_id}", json={"min_seeders": 0}, headers=user_headers
    )
    made = await create(client, user_headers, name="Mine")

    assert read.json() == created.json()
    assert read.json()["preferred_words"] == [{"word": "x265", "score": 20}]
    assert (changed.status_code, made.status_code) == (403, 403)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"qualities": ["web-1080p", "web-999p"]}, "unknown quality 'web-999p'"),
        ({"qualities": ["web-1080p", "web-1080p"]}, "listed twice: web-1080p"),
        ({"qualities": []}, "at least 1 item"),
        ({"cutoff": "bluray"}, "unknown quality 'bluray'"),
    ],
)
async def test_invalid_qualities_are_refused(
    client: AsyncClient, admin_headers: dict, changes: dict, message: str
):
    response = await create(client, admin_headers, **changes)

    assert response.status_code == 422
    assert message in response.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cutoff": "web-720p"}, "the cutoff WEBDL-720p is not one of the allowed qualities"),
        (
            {"min_episode_size_mb": 5000},
            "min_episode_size_mb (5000) is more than max_episode_size_mb (4000)",
        ),
        ({"name": "default"}, '"default" stands for the configured default profile'),
    ],
)
async def test_contradicting_values_are_refused_with_the_reason(
    client: AsyncClient, admin_headers: dict, changes: dict, message: str
):
    response = await create(client, admin_headers, **changes)

    assert response.status_code == 422
    assert response.json() == {"detail": message, "error": "InvalidProfile"}


async def test_a_change_is_checked_against_the_values_it_keeps(
    client: AsyncClient, admin_headers: dict
):
    profile_id = (await create(client, admin_headers)).json()["id"]

    response = await client.patch(
        f"/api/v1/profiles/{profile_id}",
        json={"qualities": ["webrip-1080p"]},
        headers=admin_headers,
    )

    assert response.status_code == 422
    assert "the cutoff WEBDL-1080p is not one of the allowed qualities" in response.text


async def test_names_are_unique(client: AsyncClient, admin_headers: dict):
    response = await create(client, admin_headers, name="HD-1080p")

    assert response.status_code == 409
    assert response.json()["detail"] == 'A quality profile named "HD-1080p" exists already'


async def test_profile_in_use_cannot_be_deleted(
    client: AsyncClient, admin_headers: dict, session: AsyncSession
):
    profile_id = (await create(client, admin_headers)).json()["id"]
    await create_show(session, quality_profile="Web 1080p")
    await create_movie(session, quality_profile="Web 1080p")
    await create_movie(session, quality_profile="Web 1080p")

    response = await client.delete(f"/api/v1/profiles/{profile_id}", headers=admin_headers)

    assert response.status_code == 409
    assert response.json()["detail"] == (
        'The quality profile "Web 1080p" is used by 1 show and 2 movies; '
        "give them another profile first"
    )


async def test_default_profile_cannot_be_deleted(client: AsyncClient, admin_headers: dict):
    profiles = (await client.get("/api/v1/profiles", headers=admin_headers)).json()["items"]
    default = next(p for p in profiles if p["name"] == "HD-1080p")

    response = await client.delete(f"/api/v1/profiles/{default['id']}", headers=admin_headers)

    assert response.status_code == 409
    assert "default for TV shows ([profiles] default_tv" in response.json()["detail"]


async def test_unused_profile_is_deleted(client: AsyncClient, admin_headers: dict):
    profile_id = (await create(client, admin_headers)).json()["id"]

    deleted = await client.delete(f"/api/v1/profiles/{profile_id}", headers=admin_headers)
    read = await client.get(f"/api/v1/profiles/{profile_id}", headers=admin_headers)

    assert deleted.status_code == 204
    assert read.status_code == 404


async def test_renamed_profile_stays_with_its_shows(
    client: AsyncClient, admin_headers: dict, session: AsyncSession
):
    profile_id = (await create(client, admin_headers)).json()["id"]
    show = await create_show(session, quality_profile="Web 1080p")

    renamed = await client.patch(
        f"/api/v1/profiles/{profile_id}", json={"name": "Web HD"}, headers=admin_headers
    )
    read = await client.get(f"/api/v1/tv/shows/{show.id}", headers=admin_headers)

    assert renamed.json()["name"] == "Web HD"
    assert read.json()["quality_profile"] == "Web HD"


async def test_missing_profile_falls_back_to_the_default_with_a_warning(
    session: AsyncSession, settings: Settings, caplog: pytest.LogCaptureFixture
):
    service = ProfileService(session, settings)

    with caplog.at_level(logging.WARNING):
        gone = await service.resolve("Deleted long ago", "tv")
    default = await service.resolve("default", "movies")

    assert (gone.name, default.name) == ("HD-1080p", "HD-1080p")
    assert 'Quality profile "Deleted long ago" does not exist' in caplog.text


async def test_rule_set_applies_named_rules_to_libraries(client: AsyncClient, admin_headers: dict):
    rule = await client.post(
        "/api/v1/scoring-rules",
        json={"name": "prefer-x265", "kind": "title", "keywords": ["x265"], "score_modifier": 50},
        headers=admin_headers,
    )
    assert rule.status_code == 201, rule.text

    rule_set = await client.post(
        "/api/v1/rule-sets",
        json={"name": "anime", "tv_libraries": ["anime"], "rules": ["prefer-x265"]},
        headers=admin_headers,
    )

    assert rule_set.status_code == 201, rule_set.text
    body = rule_set.json()
    assert (body["tv_libraries"], body["movie_libraries"]) == (["anime"], [])
    assert [r["name"] for r in body["rules"]] == ["prefer-x265"]


async def test_rule_set_refuses_unknown_rules_and_libraries(
    client: AsyncClient, admin_headers: dict
):
    unknown_rule = await client.post(
        "/api/v1/rule-sets", json={"name": "x", "rules": ["nope"]}, headers=admin_headers
    )
    unknown_library = await client.post(
        "/api/v1/rule-sets", json={"name": "x", "movie_libraries": ["kids"]}, headers=admin_headers
    )

    assert unknown_rule.status_code == 422
    assert unknown_rule.json()["detail"] == "There is no scoring rule named 'nope'"
    assert unknown_library.status_code == 422
    assert 'There is no movie library named "kids"' in unknown_library.json()["detail"]


async def test_rule_in_a_rule_set_cannot_be_deleted(client: AsyncClient, admin_headers: dict):
    rule = await client.post(
        "/api/v1/scoring-rules",
        json={
            "name": "freeleech-only",
            "kind": "indexer_flag",
            "keywords": ["freeleech"],
            "score_modifier": -1000,
            "negate": True,
        },
        headers=admin_headers,
    )
    await client.post(
        "/api/v1/rule-sets",
        json={"name": "private", "tv_libraries": ["*"], "rules": ["freeleech-only"]},
        headers=admin_headers,
    )

    response = await client.delete(
        f"/api/v1/scoring-rules/{rule.json()['id']}", headers=admin_headers
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        'The scoring rule "freeleech-only" is used by the rule set(s) "private"; '
        "take it out of them first"
    )
