"""Season, episode and movie searches against the stand-in indexers, judged and kept."""

from pathlib import Path

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.search.models import SearchResult
from media_manager.search.repository import LibraryRepository
from tests.conftest import make_settings
from tests.importer.factories import create_media_file
from tests.metadata.relay import PAST
from tests.movies.factories import create_movie
from tests.support.torznab import TRACKER, Release, TorznabServer
from tests.tv.factories import create_show

SHOW = "Show Name"
TVDB_ID, TMDB_ID = 121361, 1399
MOVIE_TMDB_ID, MOVIE_IMDB_ID = 603, "tt0133093"
KEY = "indexer-key-0123456789"


def tv(title: str, **options) -> Release:
    return Release(title, tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, **options)


def movie(title: str, **options) -> Release:
    return Release(title, category=2040, tmdb_id=MOVIE_TMDB_ID, imdb_id=MOVIE_IMDB_ID, **options)


@pytest.fixture
def settings(tmp_path: Path, database_url: str, torznab: TorznabServer) -> Settings:
    torznab.add(
        "alpha",
        api_key=KEY,
        releases=[
            tv("Show.Name.S01.1080p.WEB-DL.H.264-ALPHA", seeders=50),
            tv("Show.Name.S01.1080p.BluRay.x264-BLU", seeders=5),
            tv("Show.Name.S01E02.1080p.WEB-DL.H.264-EPI", seeders=100, size=1_200_000_000),
            tv("Show.Name.S01.720p.WEB-DL.H.264-LOWRES"),
            tv("Show.Name.S01.1080p.HDTV.x264-CAM"),
            tv("Show.Name.S01.1080p.WEBRip.x264-DEAD", seeders=0),
            movie("Movie.Title.1999.2160p.UHD.BluRay.x265-UHD"),
            movie("Movie.Title.1999.1080p.BluRay.x264-FHD"),
            movie("Movie.Title.1989.2160p.WEB-DL.H.265-OLD"),
        ],
    )
    # Answers with every season whatever is asked, like many real indexers.
    torznab.add(
        "bravo",
        api_key=KEY,
        numbering_match=False,
        releases=[
            tv("Show.Name.S03.1080p.WEB-DL.H.264-BRAVO"),
            tv("Show.Name.S01-S03.1080p.BluRay.x264-MULTI", size=30_000_000_000),
            tv("Other.Show.S01.1080p.WEB-DL.H.264-OTHER"),
        ],
    )
    torznab.add("broken", api_key=KEY, behaviour="http_error")
    indexers = [
        {"name": name, "url": torznab.url(name), "api_key": KEY, "timeout_seconds": 5}
        for name in ("alpha", "bravo", "broken")
    ]
    return make_settings(
        tmp_path / "data",
        database_url,
        indexer={"torznab": indexers},
        profiles={"default_movies": "Ultra-HD"},
    )


@pytest.fixture
async def show(session: AsyncSession):
    return await create_show(
        session,
        name=SHOW,
        tvdb_id=TVDB_ID,
        tmdb_id=TMDB_ID,
        seasons={1: [PAST] * 10, 2: [PAST] * 10, 3: [PAST] * 8},
    )


async def ignore_cam(client: AsyncClient, admin_headers: dict) -> None:
    profiles = (await client.get("/api/v1/profiles", headers=admin_headers)).json()["items"]
    hd = next(p for p in profiles if p["name"] == "HD-1080p")
    response = await client.patch(
        f"/api/v1/profiles/{hd['id']}", json={"ignored_words": ["CAM"]}, headers=admin_headers
    )
    assert response.status_code == 200, response.text


async def search_season(client: AsyncClient, headers: dict, show_id, **params) -> dict:
    response = await client.get(
        "/api/v1/tv/torrents",
        params={"show_id": str(show_id), "season_number": 1} | params,
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


def by_group(body: dict) -> dict[str, dict]:
    return {r["title"].rsplit("-", 1)[1]: r for r in body["results"]}


async def test_season_search_judges_the_results_of_every_indexer(
    client: AsyncClient, admin_headers: dict, show
):
    await ignore_cam(client, admin_headers)

    body = await search_season(client, admin_headers, show.id)

    assert body["profile"] == "HD-1080p"
    accepted = [r["title"] for r in body["results"] if r["accepted"]]
    assert accepted == [
        "Show.Name.S01.1080p.BluRay.x264-BLU",
        "Show.Name.S01.1080p.WEB-DL.H.264-ALPHA",
        "Show.Name.S01-S03.1080p.BluRay.x264-MULTI",
        "Show.Name.S01E02.1080p.WEB-DL.H.264-EPI",
    ]
    assert all(r["reasons"] == [] for r in body["results"][:4])
    assert all(not r["accepted"] for r in body["results"][4:])
    results = by_group(body)
    assert results["LOWRES"]["reasons"] == ["WEBDL-720p is not allowed by profile HD-1080p"]
    assert results["CAM"]["reasons"] == ["contains ignored word CAM"]
    assert results["DEAD"]["reasons"] == ["0 seeders, profile HD-1080p needs at least 1"]
    assert results["BRAVO"]["reasons"] == ["season 3 does not match (season 1 wanted)"]
    assert results["OTHER"]["reasons"] == ['title does not match Show Name (read as "Other Show")']
    assert results["ALPHA"]["parsed"]["is_full_season"] is True
    assert results["ALPHA"]["quality"] == "web-1080p"
    statuses = {s["name"]: s for s in body["indexers"]}
    assert (statuses["alpha"]["ok"], statuses["alpha"]["result_count"]) == (True, 6)
    assert statuses["bravo"]["ok"] is True
    assert statuses["broken"]["ok"] is False
    assert "HTTP 500" in statuses["broken"]["error"]
    assert results["ALPHA"]["download_url"].startswith("http://127.0.0.1")


async def test_users_see_verdicts_without_download_links(
    client: AsyncClient, user_headers: dict, show
):
    response = await client.get(
        "/api/v1/tv/torrents",
        params={"show_id": str(show.id), "season_number": 1},
        headers=user_headers,
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert results and all(r["download_url"] is None for r in results)
    assert "passkey" not in response.text and TRACKER not in response.text
    assert all(r["magnet_url"].startswith("magnet:?xt=") for r in results)


async def test_results_are_kept_with_their_links_until_they_expire(
    client: AsyncClient, user_headers: dict, show, session: AsyncSession
):
    body = await search_season(client, user_headers, show.id)

    kept = (await session.execute(select(SearchResult).order_by(SearchResult.position))).scalars()
    rows = list(kept)
    assert [str(row.id) for row in rows] == [r["id"] for r in body["results"]]
    assert all(row.download_url for row in rows)
    assert rows[0].show_id == show.id and rows[0].season_number == 1
    assert (rows[0].expires_at - rows[0].created_at).total_seconds() == 24 * 3600


async def test_episode_search_puts_the_episode_first(
    client: AsyncClient, admin_headers: dict, show
):
    body = await search_season(client, admin_headers, show.id, episode_number=2)

    # bravo answers with its packs whatever is asked; they contain the episode too.
    accepted = [r["title"] for r in body["results"] if r["accepted"]]
    assert accepted == [
        "Show.Name.S01E02.1080p.WEB-DL.H.264-EPI",
        "Show.Name.S01-S03.1080p.BluRay.x264-MULTI",
    ]


async def test_typed_text_searches_without_ids(
    client: AsyncClient, admin_headers: dict, show, torznab: TorznabServer
):
    await search_season(client, admin_headers, show.id, query="Show Name")

    searches = torznab.indexers["alpha"].searches()
    assert searches[-1]["q"] == "Show Name"
    assert "tvdbid" not in searches[-1]


async def test_releases_named_with_an_alternate_title_of_the_show_are_accepted(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, torznab: TorznabServer
):
    anime = await create_show(
        session,
        name="Shingeki no Kyojin",
        alternate_titles=["Attack on Titan", "L'Attaque des Titans"],
        tvdb_id=TVDB_ID,
        tmdb_id=TMDB_ID,
        seasons={1: [PAST] * 25},
    )
    torznab.indexers["bravo"].releases += [
        tv("Attack.on.Titan.S01.1080p.BluRay.x264-TITAN"),
        tv("Shingeki.no.Kyojin.S01.1080p.BluRay.x264-ROMAJI"),
    ]

    body = await search_season(client, admin_headers, anime.id)

    results = by_group(body)
    assert results["TITAN"]["accepted"], results["TITAN"]["reasons"]
    assert results["ROMAJI"]["accepted"], results["ROMAJI"]["reasons"]
    assert results["OTHER"]["reasons"] == [
        'title does not match Shingeki no Kyojin (read as "Other Show")'
    ]


async def test_season_search_matches_anime_releases_by_absolute_number(
    client: AsyncClient, admin_headers: dict, show, torznab: TorznabServer
):
    # Anime trackers ignore the season asked for, like bravo.
    torznab.indexers["bravo"].releases += [
        tv("[SubsPlease] Show Name - 05 (1080p) [ABCD1234].mkv"),
        tv("[Group] Show Name - 01-10 [1080p]"),
        tv("[Group] Show Name - 08-14 [1080p]"),
        tv("[Group] Show Name - 13v2 [1080p]"),
        tv("[Group] Show Name - 1089 [1080p]"),
        tv("[Group] Show Name S2 - 05 [1080p]"),
    ]

    body = await search_season(client, admin_headers, show.id)

    results = {r["title"]: r for r in body["results"]}
    accepted = [r["title"] for r in body["results"] if r["accepted"] and "[" in r["title"]]
    assert accepted == [
        "[Group] Show Name - 01-10 [1080p]",
        "[Group] Show Name - 08-14 [1080p]",
        "[SubsPlease] Show Name - 05 (1080p) [ABCD1234].mkv",
    ]
    assert results["[Group] Show Name - 13v2 [1080p]"]["reasons"] == [
        "absolute episode 13 is season 2 episode 3 (season 1 wanted)"
    ]
    assert results["[Group] Show Name - 1089 [1080p]"]["reasons"] == [
        "absolute episode 1089 is beyond the 28 episodes known for Show Name"
    ]
    assert results["[Group] Show Name S2 - 05 [1080p]"]["reasons"] == [
        "season 2 does not match (season 1 wanted)"
    ]


async def test_show_is_read_for_absolute_numbers_only_when_a_result_needs_them(
    client: AsyncClient,
    admin_headers: dict,
    show,
    torznab: TorznabServer,
    monkeypatch: pytest.MonkeyPatch,
):
    calls = []
    original = LibraryRepository.regular_episodes

    async def counted(self: LibraryRepository, show_id):
        calls.append(show_id)
        return await original(self, show_id)

    monkeypatch.setattr(LibraryRepository, "regular_episodes", counted)

    await search_season(client, admin_headers, show.id)
    assert calls == []

    torznab.indexers["bravo"].releases += [
        tv("[Group] Show Name - 01 [1080p]"),
        tv("[Group] Show Name - 02 [1080p]"),
    ]
    body = await search_season(client, admin_headers, show.id)
    assert calls == [show.id]
    assert by_group(body)["MULTI"]["accepted"] is True


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        ({"season_number": 7}, 404, '"Show Name" has no season 7'),
        ({"season_number": 1, "episode_number": 40}, 404, "has no episode 40 in season 1"),
    ],
)
async def test_unknown_season_or_episode_is_not_found(
    client: AsyncClient, user_headers: dict, show, params: dict, status: int, detail: str
):
    response = await client.get(
        "/api/v1/tv/torrents", params={"show_id": str(show.id)} | params, headers=user_headers
    )

    assert response.status_code == status
    assert detail in response.json()["detail"]


async def test_movie_search_uses_the_movie_profile_and_year(
    client: AsyncClient, admin_headers: dict, session: AsyncSession
):
    film = await create_movie(
        session, title="Movie Title", year=1999, tmdb_id=MOVIE_TMDB_ID, imdb_id=MOVIE_IMDB_ID
    )

    response = await client.get(f"/api/v1/movies/{film.id}/torrents", headers=admin_headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["profile"] == "Ultra-HD"
    results = by_group(body)
    assert [r["title"] for r in body["results"] if r["accepted"]] == [
        "Movie.Title.1999.2160p.UHD.BluRay.x265-UHD"
    ]
    assert results["FHD"]["reasons"] == ["Bluray-1080p is not allowed by profile Ultra-HD"]
    assert results["OLD"]["reasons"] == ["year 1989 does not match 1999"]


async def test_movie_releases_named_with_an_alternate_title_are_accepted(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, torznab: TorznabServer
):
    film = await create_movie(
        session,
        title="Le Fabuleux Destin d'Amélie Poulain",
        alternate_titles=["Amelie"],
        year=2001,
        tmdb_id=MOVIE_TMDB_ID,
        imdb_id=MOVIE_IMDB_ID,
    )
    torznab.indexers["alpha"].releases += [
        movie("Amelie.2001.2160p.UHD.BluRay.x265-AMELIE"),
        movie("Other.Movie.2001.2160p.UHD.BluRay.x265-OTHER"),
    ]

    response = await client.get(f"/api/v1/movies/{film.id}/torrents", headers=admin_headers)

    assert response.status_code == 200, response.text
    results = by_group(response.json())
    assert results["AMELIE"]["accepted"], results["AMELIE"]["reasons"]
    assert results["OTHER"]["reasons"] == [
        'title does not match Le Fabuleux Destin d\'Amélie Poulain (read as "Other Movie")'
    ]


async def test_interactive_searches_judge_upgrades_against_the_file_present(
    client: AsyncClient, admin_headers: dict, session: AsyncSession, show
):
    film = await create_movie(
        session, title="Movie Title", year=1999, tmdb_id=MOVIE_TMDB_ID, imdb_id=MOVIE_IMDB_ID
    )
    await create_media_file(session, quality="bluray-2160p", movie_id=film.id)
    episode = next(e for e in show.seasons[0].episodes if e.number == 2)
    await create_media_file(session, quality="web-1080p", show_id=show.id, episode_ids=[episode.id])
    await session.commit()

    movie_body = (
        await client.get(f"/api/v1/movies/{film.id}/torrents", headers=admin_headers)
    ).json()
    episode_body = await search_season(client, admin_headers, show.id, episode_number=2)
    season_body = await search_season(client, admin_headers, show.id)

    uhd = by_group(movie_body)["UHD"]
    assert not uhd["accepted"]
    assert any("file present" in reason for reason in uhd["reasons"]), uhd["reasons"]
    epi = by_group(episode_body)["EPI"]
    assert not epi["accepted"]
    assert any("file present" in reason for reason in epi["reasons"]), epi["reasons"]
    # A season search is not judged against one episode's file.
    assert by_group(season_body)["ALPHA"]["accepted"]
