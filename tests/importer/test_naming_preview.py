"""The naming preview: sample paths from unsaved templates, by the importer's naming code."""

from httpx import AsyncClient

PREVIEW = "/api/v1/naming/preview"


async def test_preview_renders_sample_paths_with_the_defaults(
    client: AsyncClient, admin_headers: dict
):
    response = await client.post(PREVIEW, json={}, headers=admin_headers)

    assert response.status_code == 200, response.text
    assert response.json() == {
        "episode": "Northern Lights - The Story (2019) [tmdbid-81234]/Season 01/"
        "Northern Lights - The Story - S01E03 - The Long Night [WEBDL-1080p].mkv",
        "multi_episode": "Northern Lights - The Story (2019) [tmdbid-81234]/Season 01/"
        "Northern Lights - The Story - S01E04-E05 - Crossing (1) [WEBDL-1080p].mkv",
        "movie": "A Quiet Harbour (2021) [tmdbid-612345]/"
        "A Quiet Harbour (2021) - Director's Cut [Bluray-2160p] [Proper].mkv",
    }


async def test_unsaved_templates_change_the_preview_and_saved_ones_fill_the_gaps(
    client: AsyncClient, admin_headers: dict
):
    saved = await client.patch(
        "/api/v1/settings/import",
        json={"movie_file": "{title} {{{imdb_id}}}"},
        headers=admin_headers,
    )
    assert saved.status_code == 200, saved.text

    response = await client.post(
        PREVIEW,
        json={"show_folder": "{title}", "episode_file": "{episode:02} {release_group}"},
        headers=admin_headers,
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["episode"] == "Northern Lights - The Story/Season 01/03 NTb.mkv"
    assert body["multi_episode"] == "Northern Lights - The Story/Season 01/04-E05 NTb.mkv"
    assert body["movie"].endswith("/A Quiet Harbour {tt1234567}.mkv")
    # Nothing was saved by previewing.
    current = await client.get("/api/v1/settings/import", headers=admin_headers)
    assert current.json()["show_folder"] == "{title} ({year}) [tmdbid-{tmdb_id}]"


async def test_bad_templates_are_refused_naming_the_field(client: AsyncClient, admin_headers: dict):
    cases = [
        ({"episode_file": "{title} {resolution}"}, "episode_file", "unknown token {resolution}"),
        ({"season_folder": "Season {season:02"}, "season_folder", "malformed"),
        ({"movie_file": "{year:%Y}"}, "movie_file", "does not suit"),
        # Renders while the id is empty; the sample show has one.
        ({"show_folder": "{title} {tvdb_id:s}"}, "show_folder", "does not suit 1"),
        ({"show_folder": ""}, "show_folder", "at least 1 character"),
    ]
    for body, field, message in cases:
        response = await client.post(PREVIEW, json=body, headers=admin_headers)
        assert response.status_code == 422, (body, response.text)
        errors = {tuple(e["loc"]): e["msg"] for e in response.json()["errors"]}
        assert message in errors[("body", field)], errors


async def test_only_administrators_preview(client: AsyncClient, user_headers: dict):
    response = await client.post(PREVIEW, json={}, headers=user_headers)

    assert response.status_code == 403
    assert (await client.post(PREVIEW, json={})).status_code == 401
