"""Importing completed downloads on a real filesystem: names, links, subtitles, safety."""

import asyncio
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.importer import service as import_service
from media_manager.importer.repository import MediaFileRepository
from media_manager.main import apply_settings
from media_manager.tv.models import Episode
from tests.conftest import missing
from tests.importer.conftest import (
    MOVIE_FOLDER,
    SHOW_FOLDER,
    completed_download,
    files_of,
    import_settings,
    records_of,
    state_of,
    tree,
    write,
)

PACK = "Show.Name.S01.1080p.WEB-DL.H.264-PACK"


def season_pack(downloads: Path) -> Path:
    pack = downloads / PACK
    for number in (1, 2, 3):
        write(pack / f"Show.Name.S01E0{number}.1080p.WEB-DL.H.264-PACK.mkv", 200_000)
    write(pack / "Show.Name.S01E01.1080p.WEB-DL.H.264-PACK.en.forced.srt", 100)
    write(pack / "Subs" / "Show.Name.S01E02.1080p.WEB-DL.H.264-PACK" / "2_English.srt", 100)
    write(pack / "Sample" / "show.name.s01e01.sample.mkv", 5_000)
    write(pack / "PACK.nfo", 100)
    return pack


async def episodes_with_file(session: AsyncSession, show) -> set[tuple[int, int]]:
    from sqlalchemy import select

    from media_manager.tv.models import Season

    query = (
        select(Season.number, Episode.number)
        .join(Season, Season.id == Episode.season_id)
        .where(Season.show_id == show.id, Episode.has_file.is_(True))
        .execution_options(populate_existing=True)
    )
    return set((await session.execute(query)).tuples())


async def test_season_pack_is_hardlinked_under_the_show_folder_with_subtitles(
    session, settings, show, downloads_dir, run_import, client, admin_headers
):
    pack = season_pack(downloads_dir)
    download = await completed_download(session, pack, kind="tv", show_id=show.id)

    await run_import(download.id)

    season = settings.paths.tv / SHOW_FOLDER / "Season 01"
    assert tree(settings.paths.tv) == [
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E01 - Episode 1 [WEBDL-1080p].en.forced.srt",
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E01 - Episode 1 [WEBDL-1080p].mkv",
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E02 - Episode 2 [WEBDL-1080p].en.srt",
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E02 - Episode 2 [WEBDL-1080p].mkv",
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E03 - Episode 3 [WEBDL-1080p].mkv",
    ]
    source = pack / "Show.Name.S01E02.1080p.WEB-DL.H.264-PACK.mkv"
    target = season / "Show Name - S01E02 - Episode 2 [WEBDL-1080p].mkv"
    assert source.stat().st_ino == target.stat().st_ino  # a hardlink: seeding goes on
    assert source.exists()
    assert await episodes_with_file(session, show) == {(1, 1), (1, 2), (1, 3)}
    (state,) = [await state_of(session, download.id)]
    assert state.status == "imported"
    (record,) = await records_of(session, download.id)
    assert record.outcome == "imported"
    imported = {f["source"]: f for f in record.files}
    assert imported["Show.Name.S01E03.1080p.WEB-DL.H.264-PACK.mkv"]["target"] == (
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E03 - Episode 3 [WEBDL-1080p].mkv"
    )

    response = await client.get(f"/api/v1/tv/shows/{show.id}/files", headers=admin_headers)
    assert response.status_code == 200, response.text
    files = response.json()
    assert [f["quality"] for f in files] == ["web-1080p"] * 3
    assert files[0]["release_group"] == "PACK"
    assert files[0]["subtitles"] == [
        {
            "path": f"{SHOW_FOLDER}/Season 01/"
            "Show Name - S01E01 - Episode 1 [WEBDL-1080p].en.forced.srt",
            "language": "en",
            "forced": True,
            "sdh": False,
            "cc": False,
        }
    ]
    history = await client.get("/api/v1/activity/imports", headers=admin_headers)
    assert history.json()["total"] == 1


async def test_running_the_import_again_changes_nothing(
    session, settings, show, downloads_dir, run_import, client, admin_headers
):
    pack = season_pack(downloads_dir)
    download = await completed_download(session, pack, kind="tv", show_id=show.id)
    await run_import(download.id)
    before = tree(settings.paths.tv)

    response = await client.post(f"/api/v1/activity/{download.id}/import", headers=admin_headers)

    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "imported"
    assert {f["outcome"] for f in response.json()["files"]} == {"already"}
    assert tree(settings.paths.tv) == before
    assert len(await files_of(session, show_id=show.id)) == 3


async def test_movie_is_filed_in_its_own_folder(
    session, settings, movie, downloads_dir, run_import
):
    folder = downloads_dir / "Movie.Title.1999.1080p.BluRay.x264-FHD"
    write(folder / "movie.title.1999.1080p.bluray.x264-fhd.mkv", 300_000)
    write(folder / "Movie.Title.1999.1080p.BluRay.x264-FHD.srt", 100)
    download = await completed_download(session, folder, kind="movie", movie_id=movie.id)

    await run_import(download.id)

    assert tree(settings.paths.movies) == [
        f"{MOVIE_FOLDER}/Movie Title (1999) [Bluray-1080p].mkv",
        f"{MOVIE_FOLDER}/Movie Title (1999) [Bluray-1080p].srt",
    ]
    (file,) = await files_of(session, movie_id=movie.id)
    assert file.quality == "bluray-1080p"
    await session.refresh(movie)
    assert movie.has_file


async def test_single_file_download_whose_name_lacks_the_title_takes_it_from_the_release(
    session, settings, show, downloads_dir, run_import
):
    folder = downloads_dir / "Show.Name.S01E03.720p.HDTV.x264-GRP"
    write(folder / "s01e03.mkv", 100_000)
    download = await completed_download(session, folder, kind="tv", show_id=show.id)

    await run_import(download.id)

    assert tree(settings.paths.tv) == [
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E03 - Episode 3 [HDTV-720p].mkv"
    ]


async def test_multi_part_rar_set_is_extracted_and_imported(
    session, settings, movie, downloads_dir, run_import, tmp_path
):
    if shutil.which("rar") is None:
        missing("rar is not installed (scripts/ensure-usenet-packages.sh installs it)")
    folder = downloads_dir / "Movie.Title.1999.1080p.BluRay.x264-RAR"
    folder.mkdir()
    source = write(
        tmp_path / "Movie.Title.1999.1080p.BluRay.x264-RAR.mkv", 150_000, os.urandom(997)
    )
    await asyncio.to_thread(
        subprocess.run,
        ["rar", "a", "-ma5", "-m0", "-v50k", "-ep", str(folder / "movie.rar"), str(source)],
        check=True,
        capture_output=True,
    )
    volumes = sorted(p.name for p in folder.iterdir())
    assert volumes == ["movie.part1.rar", "movie.part2.rar", "movie.part3.rar"]
    download = await completed_download(session, folder, kind="movie", movie_id=movie.id)

    await run_import(download.id)

    target = settings.paths.movies / MOVIE_FOLDER / "Movie Title (1999) [Bluray-1080p].mkv"
    assert target.read_bytes() == source.read_bytes()
    # The extracted copy was ours: moved, and its folder removed; the volumes stay for seeding.
    assert sorted(p.name for p in folder.iterdir()) == volumes


async def test_sample_only_download_is_blocked_as_having_no_video(
    session, show, downloads_dir, run_import, client, admin_headers
):
    folder = downloads_dir / PACK
    write(folder / "Sample" / "show.name.s01e01.sample.mkv", 5_000)
    write(folder / "readme.txt", 10)
    download = await completed_download(session, folder, kind="tv", show_id=show.id)

    await run_import(download.id)

    state = await state_of(session, download.id)
    assert state.status == "blocked"
    assert state.reason.startswith("no video files in")
    response = await client.get("/api/v1/activity/imports/blocked", headers=admin_headers)
    assert [item["download_id"] for item in response.json()["items"]] == [str(download.id)]


async def test_file_of_an_episode_not_in_the_library_is_reported_not_guessed(
    session, settings, show, downloads_dir, run_import
):
    folder = downloads_dir / "Show.Name.S05E01.1080p.WEB-DL-GRP"
    write(folder / "Show.Name.S05E01.1080p.WEB-DL-GRP.mkv", 100_000)
    download = await completed_download(session, folder, kind="tv", show_id=show.id)

    await run_import(download.id)

    state = await state_of(session, download.id)
    assert state.status == "blocked"
    assert "episode S05E01 is not in library" in state.reason
    assert not settings.paths.tv.exists() or tree(settings.paths.tv) == []


async def test_retry_that_blocks_again_adds_no_history(session, show, downloads_dir, run_import):
    folder = downloads_dir / "Show.Name.S05E01.1080p.WEB-DL-GRP"
    write(folder / "Show.Name.S05E01.1080p.WEB-DL-GRP.mkv", 100_000)
    download = await completed_download(session, folder, kind="tv", show_id=show.id)

    await run_import(download.id)
    await run_import(download.id)

    assert len(await records_of(session, download.id)) == 1
    assert (await state_of(session, download.id)).attempts == 2


async def test_a_different_file_at_the_target_is_never_overwritten(
    session, settings, show, downloads_dir, run_import
):
    pack = season_pack(downloads_dir)
    season = settings.paths.tv / SHOW_FOLDER / "Season 01"
    squatter = write(season / "Show Name - S01E01 - Episode 1 [WEBDL-1080p].mkv", 10, b"mine")
    download = await completed_download(session, pack, kind="tv", show_id=show.id)

    await run_import(download.id)

    assert squatter.read_bytes() == b"mineminemi"
    record = (await records_of(session, download.id))[0]
    by_source = {f["source"]: f for f in record.files}
    e01 = by_source["Show.Name.S01E01.1080p.WEB-DL.H.264-PACK.mkv"]
    assert e01["outcome"] == "skipped"
    assert "already exists and is a different file" in e01["reason"]
    assert len(await files_of(session, show_id=show.id)) == 2


async def test_better_file_replaces_the_old_one_which_goes_to_the_recycle_folder(
    session, settings, show, downloads_dir, run_import
):
    first = downloads_dir / "Show.Name.S01E01.720p.HDTV.x264-OLD"
    write(first / "Show.Name.S01E01.720p.HDTV.x264-OLD.mkv", 50_000)
    old = await completed_download(session, first, kind="tv", show_id=show.id)
    await run_import(old.id)
    second = downloads_dir / "Show.Name.S01E01.1080p.BluRay.x264-NEW"
    write(second / "Show.Name.S01E01.1080p.BluRay.x264-NEW.mkv", 90_000)
    new = await completed_download(session, second, kind="tv", show_id=show.id)

    await run_import(new.id)

    library = settings.paths.tv
    assert tree(library) == [
        f".recycle/{SHOW_FOLDER}/Season 01/Show Name - S01E01 - Episode 1 [HDTV-720p].mkv",
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E01 - Episode 1 [Bluray-1080p].mkv",
    ]
    (file,) = await files_of(session, show_id=show.id)
    assert file.quality == "bluray-1080p"

    # And a worse one afterwards is no upgrade: nothing moves.
    third = downloads_dir / "Show.Name.S01E01.480p.WEB-DL-WORSE"
    write(third / "Show.Name.S01E01.480p.WEB-DL-WORSE.mkv", 30_000)
    worse = await completed_download(session, third, kind="tv", show_id=show.id)
    await run_import(worse.id)
    assert "not an upgrade" in (await state_of(session, worse.id)).reason
    assert len(tree(library)) == 2


async def import_movie(session, downloads: Path, movie, release: str, run_import):
    folder = downloads / release
    write(folder / f"{release}.mkv", 40_000)
    download = await completed_download(session, folder, kind="movie", movie_id=movie.id)
    await run_import(download.id)
    return download


async def test_another_edition_of_a_movie_goes_beside_the_first_and_replaces_only_its_own(
    session, settings, movie, downloads_dir, run_import
):
    await import_movie(session, downloads_dir, movie, "Movie.Title.1999.1080p.BluRay-A", run_import)
    await import_movie(
        session, downloads_dir, movie, "Movie.Title.1999.Directors.Cut.720p.BluRay-B", run_import
    )
    library = settings.paths.movies
    assert tree(library) == [
        f"{MOVIE_FOLDER}/Movie Title (1999) - Director's Cut [Bluray-720p].mkv",
        f"{MOVIE_FOLDER}/Movie Title (1999) [Bluray-1080p].mkv",
    ]
    # The edition can come from the release's folder name alone.
    folder = downloads_dir / "Movie.Title.1999.Directors.Cut.2160p.BluRay-C"
    write(folder / "movie.title.mkv", 40_000)
    better = await completed_download(session, folder, kind="movie", movie_id=movie.id)

    await run_import(better.id)

    assert tree(library) == [
        f".recycle/{MOVIE_FOLDER}/Movie Title (1999) - Director's Cut [Bluray-720p].mkv",
        f"{MOVIE_FOLDER}/Movie Title (1999) - Director's Cut [Bluray-2160p].mkv",
        f"{MOVIE_FOLDER}/Movie Title (1999) [Bluray-1080p].mkv",
    ]
    files = await files_of(session, movie_id=movie.id)
    assert {(f.edition, f.quality) for f in files} == {
        ("Director's Cut", "bluray-2160p"),
        (None, "bluray-1080p"),
    }
    # A worse plain file is no upgrade of the plain one; the Director's Cut does not count.
    worse = await import_movie(
        session, downloads_dir, movie, "Movie.Title.1999.720p.HDTV-D", run_import
    )
    assert "not an upgrade" in (await state_of(session, worse.id)).reason


async def test_with_keep_editions_off_another_edition_replaces_the_file(
    app, session, tmp_path, database_url, movie, downloads_dir, run_import
):
    settings = import_settings(tmp_path, database_url, keep_editions=False)
    apply_settings(app.state, settings)
    await import_movie(session, downloads_dir, movie, "Movie.Title.1999.720p.BluRay-A", run_import)
    await import_movie(
        session, downloads_dir, movie, "Movie.Title.1999.Extended.1080p.BluRay-B", run_import
    )

    assert tree(settings.paths.movies) == [
        f".recycle/{MOVIE_FOLDER}/Movie Title (1999) [Bluray-720p].mkv",
        f"{MOVIE_FOLDER}/Movie Title (1999) - Extended [Bluray-1080p].mkv",
    ]


async def test_a_template_without_edition_blocks_a_second_edition_saying_why(
    app, session, tmp_path, database_url, movie, downloads_dir, run_import
):
    settings = import_settings(tmp_path, database_url, movie_file="{title} ({year}) [{quality}]")
    apply_settings(app.state, settings)
    await import_movie(session, downloads_dir, movie, "Movie.Title.1999.1080p.BluRay-A", run_import)
    other = await import_movie(
        session, downloads_dir, movie, "Movie.Title.1999.Extended.1080p.BluRay-B", run_import
    )

    reason = (await state_of(session, other.id)).reason
    assert "add {edition} to importer.movie_file" in reason
    assert tree(settings.paths.movies) == [f"{MOVIE_FOLDER}/Movie Title (1999) [Bluray-1080p].mkv"]


async def test_hostile_show_name_stays_inside_the_library(
    session, settings, downloads_dir, run_import
):
    from tests.tv.factories import create_show

    evil = await create_show(
        session, name="../../..\x1b/etc\x07/passwd", year=None, tmdb_id=None, seasons={1: [None]}
    )
    folder = downloads_dir / "etc.passwd.S01E01.720p.HDTV-GRP"
    write(folder / "..\x01.S01E01.mkv", 1000)
    download = await completed_download(
        session, folder, kind="tv", show_id=evil.id, title="etc passwd S01E01 720p HDTV-GRP"
    )
    await session.execute(
        Episode.__table__.update().values(title="../../../x")  # type: ignore[attr-defined]
    )
    await session.commit()

    await run_import(download.id)

    library = settings.paths.tv.resolve()
    placed = [p for p in library.rglob("*") if p.is_file()]
    for path in placed:
        assert path.resolve().is_relative_to(library)
        assert "\x00" not in str(path) and "\x07" not in str(path)
    outside = [p for p in settings.paths.tv.parent.rglob("passwd*")]
    assert outside == []


async def test_hostile_release_and_file_names_never_leave_the_library_or_its_limits(
    session, settings, show, downloads_dir, run_import
):
    # Release names come from indexers and clients: a path, an absolute path, escape codes and
    # far more than 255 bytes. File names on disk can be 255 bytes and hold control characters.
    title = "../../../../tmp/evil /etc/passwd \x1b[31m " + "A" * 400 + " S01 720p HDTV-GRP"
    folder = downloads_dir / "release"
    long_stem = "Show.Name.S01E02." + "x" * 200
    long_stem += "y" * (255 - len(long_stem.encode()) - len(".en.srt"))
    write(folder / "Show.Name.S01E01.720p.HDTV-GRP.mkv", 5_000)
    write(folder / f"{long_stem}.mkv", 5_000)
    write(folder / f"{long_stem}.en.srt", 100)
    write(folder / "Show.Name.S01E03.\x1b[2J\x7f\x01.720p.HDTV-GRP.mkv", 5_000)
    assert len(f"{long_stem}.en.srt".encode()) == 255
    download = await completed_download(session, folder, kind="tv", show_id=show.id, title=title)

    await run_import(download.id)

    state = await state_of(session, download.id)
    assert state.status == "imported", state.reason
    library = settings.paths.tv.resolve()
    placed = [p for p in library.rglob("*") if p.is_file()]
    assert len(placed) == 4  # three episodes and the subtitle
    for path in placed:
        assert path.resolve().is_relative_to(library)
        assert len(path.name.encode()) <= 255
        assert not any(ord(c) < 32 or ord(c) == 127 for c in str(path))
    assert await episodes_with_file(session, show) == {(1, 1), (1, 2), (1, 3)}


async def test_two_shows_that_sanitise_alike_never_share_a_folder(
    session, settings, downloads_dir, run_import
):
    from tests.tv.factories import create_show

    one = await create_show(session, name="What?", year=2020, tmdb_id=None, seasons={1: [None]})
    two = await create_show(session, name="What*", year=2020, tmdb_id=None, seasons={1: [None]})
    for show, tag in ((one, "A"), (two, "B")):
        folder = downloads_dir / f"What.S01E01.720p.HDTV-{tag}"
        write(folder / f"What.S01E01.720p.HDTV-{tag}.mkv", 1000 + len(tag))
        download = await completed_download(session, folder, kind="tv", show_id=show.id)
        await run_import(download.id)

    folders = sorted(p.name for p in settings.paths.tv.iterdir())
    assert len(folders) == 2, folders
    assert folders[0] == "What (2020)"
    assert folders[1].startswith("What (2020) [")


def other_filesystem(tmp_path: Path) -> Path:
    """A new folder on another filesystem than tmp_path (/dev/shm is a RAM filesystem)."""
    shm = Path("/dev/shm")  # noqa: S108
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no RAM filesystem apart from the tmp folder's (shm)")
    return Path(tempfile.mkdtemp(dir=shm))


async def test_hardlink_across_filesystems_is_blocked_naming_both_paths_and_the_setting(
    session, app, show, downloads_dir, run_import, tmp_path, database_url
):
    library = other_filesystem(tmp_path)
    try:
        settings = import_settings(tmp_path, database_url)
        settings.paths.tv = library
        apply_settings(app.state, settings)
        pack = season_pack(downloads_dir)
        download = await completed_download(session, pack, kind="tv", show_id=show.id)

        await run_import(download.id)

        state = await state_of(session, download.id)
        assert state.status == "blocked"
        assert "different filesystems" in state.reason
        assert str(pack) in state.reason and str(library) in state.reason
        assert "importer.placement = hardlink" in state.reason
        assert tree(library) == [] or all(".mm-" not in p for p in tree(library))

        settings.importer.copy_when_hardlink_fails = True
        await run_import(download.id)
        assert (await state_of(session, download.id)).status == "imported"
        assert len([p for p in tree(library) if p.endswith(".mkv")]) == 3
    finally:
        shutil.rmtree(library, ignore_errors=True)


async def test_manual_import_files_lists_suggestions_and_imports_the_users_choice(
    session, settings, show, downloads_dir, client, admin_headers, run_import
):
    folder = downloads_dir / "Show.Name.S01.Extras-GRP"
    write(folder / "01.mkv", 100_000)
    download = await completed_download(session, folder, kind="tv", show_id=show.id)
    await run_import(download.id)
    assert (await state_of(session, download.id)).status == "blocked"

    response = await client.get(
        f"/api/v1/activity/{download.id}/import/files", headers=admin_headers
    )
    assert response.status_code == 200, response.text
    (listed,) = response.json()
    assert listed["path"] == "01.mkv"
    assert listed["reason"] == "no episode numbers in the name"
    episode = next(
        u
        for u in (
            await MediaFileRepository(session).session.execute(
                Episode.__table__.select().where(Episode.number == 2)  # type: ignore[attr-defined]
            )
        ).all()
    )

    response = await client.post(
        f"/api/v1/activity/{download.id}/import",
        headers=admin_headers,
        json={"files": [{"path": "01.mkv", "unit_ids": [str(episode.id)], "quality": "web-720p"}]},
    )

    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "imported"
    assert tree(settings.paths.tv) == [
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E02 - Episode 2 [WEBDL-720p].mkv"
    ]


@pytest.mark.parametrize("crash_at", ["second placement", "recording"])
async def test_crash_at_any_step_then_rerun_leaves_no_duplicate_and_no_loss(
    session, app, settings, show, downloads_dir, run_import, monkeypatch, crash_at
):
    class Crash(BaseException):
        """Stands for the process dying: nothing catches it."""

    pack = season_pack(downloads_dir)
    download = await completed_download(session, pack, kind="tv", show_id=show.id)
    if crash_at == "second placement":
        real_place = import_service.placement.place
        calls = []

        def place(*args, **kwargs):
            calls.append(args)
            if len(calls) == 3:  # E01, its subtitle, then E02
                raise Crash
            return real_place(*args, **kwargs)

        monkeypatch.setattr(import_service.placement, "place", place)
    else:

        async def add_files(*args, **kwargs):
            raise Crash

        monkeypatch.setattr(MediaFileRepository, "add_files", add_files)

    with pytest.raises(Crash):
        async with app.state.sessionmaker() as crashing:
            await import_service.ImportService(crashing, settings).import_download(download.id)
    monkeypatch.undo()

    await run_import(download.id)

    names = tree(settings.paths.tv)
    assert len([n for n in names if n.endswith(".mkv")]) == 3
    assert not [n for n in names if ".mm-part" in n]
    assert len(await files_of(session, show_id=show.id)) == 3
    assert all(
        (pack / f"Show.Name.S01E0{n}.1080p.WEB-DL.H.264-PACK.mkv").exists() for n in (1, 2, 3)
    )
    assert (await state_of(session, download.id)).status == "imported"
