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
    SHOW_FOLDER,
    TMDB_ID,
    TVDB_ID,
    grab_first,
    rar_volumes,
)
from tests.metadata.relay import PAST
from tests.movies.factories import create_movie
from tests.support.torrent_clients import QBittorrent
from tests.support.torznab import Release as IndexerRelease
from tests.tv.factories import create_show

SRT = b"1\n00:00:01,000 --> 00:00:02,000\nHello\n"


async def test_season_pack_is_hardlinked_with_names_and_subtitles_in_the_completing_tick(
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
    show = await create_show(
        session,
        name="Show Name",
        year=2015,
        tvdb_id=TVDB_ID,
        tmdb_id=TMDB_ID,
        seasons={1: [PAST] * 3},
    )

    download = await grab_first(
        client,
        admin_headers,
        "/api/v1/tv/torrents",
        {"show_id": str(show.id), "season_number": 1},
        name,
    )
    await jobs.poll_until_imported(download["id"])

    season = settings.paths.tv / SHOW_FOLDER / "Season 01"
    content = qbittorrent.save_path / name
    expected = {
        f"Show Name - S01E0{n} - Episode {n} [WEBDL-1080p].mkv": (
            f"Show.Name.S01E0{n}.1080p.WEB-DL.H.264-{group}.mkv"
        )
        for n in (1, 2, 3)
    }
    subtitle = "Show Name - S01E01 - Episode 1 [WEBDL-1080p].en.srt"
    assert sorted(p.name for p in season.iterdir()) == sorted([*expected, subtitle])
    for target, source in expected.items():
        # The same file as the one qBittorrent seeds from, not a copy.
        assert os.stat(season / target).st_ino == os.stat(content / source).st_ino
    assert (season / subtitle).read_bytes() == SRT

    imports = (await client.get("/api/v1/activity/imports", headers=admin_headers)).json()
    [record] = imports["items"]
    assert (record["download_id"], record["outcome"]) == (download["id"], "imported")
    files = (await client.get(f"/api/v1/tv/shows/{show.id}/files", headers=admin_headers)).json()
    assert sorted(Path(f["path"]).name for f in files) == sorted(expected)
    assert all(len(f["episode_ids"]) == 1 for f in files)
    assert {len(f["subtitles"]) for f in files} == {0, 1}


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
