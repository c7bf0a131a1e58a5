"""Issue 11 end to end: search → grab → qBittorrent downloads from a seeder → imported in the
poll tick that sees it complete, by hardlink, under the library's naming, with history."""

import os
from pathlib import Path

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from tests.e2e.conftest import (
    MB,
    MOVIE_FOLDER,
    MOVIE_TMDB_ID,
    TMDB_ID,
    TVDB_ID,
    grab_first,
    rar_volumes,
)
from tests.metadata.relay import PAST
from tests.movies.factories import create_movie
from tests.support.tmdb import TMDB_KEY, TmdbStandIn, standin_url, tmdb
from tests.support.torrent_clients import QBittorrent
from tests.support.torznab import Release as IndexerRelease

__all__ = ["standin_url", "tmdb"]  # fixtures used below

SRT = b"1\n00:00:01,000 --> 00:00:02,000\nHello\n"


async def test_show_added_from_metadata_is_searched_grabbed_and_imported_in_the_completing_tick(
    client: AsyncClient,
    admin_headers: dict,
    settings: Settings,
    torznab,
    qbittorrent: QBittorrent,
    seed,
    jobs,
    group: str,
    tmdb: TmdbStandIn,
    standin_url: str,
):
    """Add the show from the TMDB stand-in (the relay's code in-process) → season search on the
    Torznab stand-in → grab → real qBittorrent → hardlinked, named, with subtitles and history."""
    name = f"Show.Name.S01.1080p.WEB-DL.H.264-{group}"
    release = await seed(
        name,
        {
            **{f"Show.Name.S01E0{n}.1080p.WEB-DL.H.264-{group}.mkv": MB for n in (1, 2, 3)},
            f"Show.Name.S01E01.1080p.WEB-DL.H.264-{group}.en.srt": SRT,
            f"{name}.nfo": b"notes\n",
        },
    )
    torznab.indexers["site"].releases.append(
        IndexerRelease(name, size=3 * MB, tvdb_id=TVDB_ID, tmdb_id=TMDB_ID, file=release.torrent)
    )
    tmdb.add_show(TMDB_ID, "Show Name", {1: [PAST] * 3}, tvdb_id=TVDB_ID)
    metadata = {"tmdb_api_key": TMDB_KEY, "tmdb_base_url": f"{standin_url}/3"}
    saved = await client.patch("/api/v1/settings/metadata", json=metadata, headers=admin_headers)
    assert saved.status_code == 200, saved.text
    found = await client.get("/api/v1/tv/search", params={"query": "show"}, headers=admin_headers)
    assert [r["external_id"] for r in found.json()] == [TMDB_ID], found.text
    added = await client.post(
        "/api/v1/tv/shows",
        json={"metadata_provider": "tmdb", "external_id": TMDB_ID},
        headers=admin_headers,
    )
    assert added.status_code == 201, added.text
    show = added.json()

    download = await grab_first(
        client,
        admin_headers,
        "/api/v1/tv/torrents",
        {"show_id": show["id"], "season_number": 1},
        name,
    )
    await jobs.poll_until_imported(download["id"])

    # The stand-in's show first aired in 2008 and names its episodes "Episode 1x01".
    season = settings.paths.tv / "Show Name (2008) [tmdbid-1399]" / "Season 01"
    content = qbittorrent.save_path / name
    expected = {
        f"Show Name - S01E0{n} - Episode 1x0{n} [WEBDL-1080p].mkv": (
            f"Show.Name.S01E0{n}.1080p.WEB-DL.H.264-{group}.mkv"
        )
        for n in (1, 2, 3)
    }
    subtitle = "Show Name - S01E01 - Episode 1x01 [WEBDL-1080p].en.srt"
    assert sorted(p.name for p in season.iterdir()) == sorted([*expected, subtitle])
    for target, source in expected.items():
        # The same file as the one qBittorrent seeds from, not a copy.
        assert os.stat(season / target).st_ino == os.stat(content / source).st_ino
    assert (season / subtitle).read_bytes() == SRT

    imports = (await client.get("/api/v1/activity/imports", headers=admin_headers)).json()
    [record] = imports["items"]
    assert (record["download_id"], record["outcome"]) == (download["id"], "imported")
    files = (await client.get(f"/api/v1/tv/shows/{show['id']}/files", headers=admin_headers)).json()
    assert sorted(Path(f["path"]).name for f in files) == sorted(expected)
    assert all(len(f["episode_ids"]) == 1 for f in files)
    assert {len(f["subtitles"]) for f in files} == {0, 1}
    detail = (await client.get(f"/api/v1/tv/shows/{show['id']}", headers=admin_headers)).json()
    [season_one] = [s for s in detail["seasons"] if s["number"] == 1]
    assert [e["has_file"] for e in season_one["episodes"]] == [True, True, True]


async def test_movie_is_imported_by_hardlink(
    client: AsyncClient,
    admin_headers: dict,
    session: AsyncSession,
    settings: Settings,
    torznab,
    qbittorrent: QBittorrent,
    seed,
    jobs,
    group: str,
):
    name = f"Movie.Title.1999.1080p.BluRay.x264-{group}"
    release = await seed(name, {f"{name}.mkv": 2 * MB})
    torznab.indexers["site"].releases.append(
        IndexerRelease(
            name, size=2 * MB, category=2040, tmdb_id=MOVIE_TMDB_ID, file=release.torrent
        )
    )
    movie = await create_movie(session, title="Movie Title", year=1999, tmdb_id=MOVIE_TMDB_ID)

    download = await grab_first(
        client, admin_headers, f"/api/v1/movies/{movie.id}/torrents", {}, name
    )
    await jobs.poll_until_imported(download["id"])

    target = settings.paths.movies / MOVIE_FOLDER / "Movie Title (1999) [Bluray-1080p].mkv"
    source = qbittorrent.save_path / name / f"{name}.mkv"
    assert os.stat(target).st_ino == os.stat(source).st_ino
    files = (await client.get(f"/api/v1/movies/{movie.id}/files", headers=admin_headers)).json()
    assert [f["path"] for f in files] == [f"{MOVIE_FOLDER}/{target.name}"]


async def test_multi_part_rar_release_is_extracted_and_imported(
    client: AsyncClient,
    admin_headers: dict,
    session: AsyncSession,
    settings: Settings,
    torznab,
    qbittorrent: QBittorrent,
    seed,
    jobs,
    group: str,
    tmp_path: Path,
):
    name = f"Movie.Title.1999.1080p.BluRay.x264-{group}"
    video = os.urandom(MB)
    folder = tmp_path / "pack" / name
    folder.mkdir(parents=True)
    (folder / f"{name}.mkv").write_bytes(video)
    volumes = rar_volumes(folder, f"{name}.mkv")
    assert len(volumes) > 5 and volumes[0].endswith(".part01.rar"), volumes
    release = await seed(name, {v: (folder / v).read_bytes() for v in volumes})
    torznab.indexers["site"].releases.append(
        IndexerRelease(name, size=MB, category=2040, tmdb_id=MOVIE_TMDB_ID, file=release.torrent)
    )
    movie = await create_movie(session, title="Movie Title", year=1999, tmdb_id=MOVIE_TMDB_ID)

    download = await grab_first(
        client, admin_headers, f"/api/v1/movies/{movie.id}/torrents", {}, name
    )
    await jobs.poll_until_imported(download["id"])

    target = settings.paths.movies / MOVIE_FOLDER / "Movie Title (1999) [Bluray-1080p].mkv"
    assert target.read_bytes() == video
    # The volumes stay as they were, for seeding; the extraction left nothing behind.
    assert sorted(p.name for p in (qbittorrent.save_path / name).iterdir()) == volumes
