"""Existing libraries: the scan, the bulk import that registers files in place, and renames."""

import os
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from media_manager.importer.existing import ExistingLibraryService
from media_manager.importer.models import LibraryScanFolder, MediaFile, SubtitleFile
from tests.importer.conftest import MOVIE_FOLDER, SHOW_FOLDER, completed_download, tree, write
from tests.metadata.relay import PAST, FakeRelay, relay_error
from tests.tv.factories import create_show


async def scan(client: httpx.AsyncClient, app, headers: dict) -> list[dict]:
    response = await client.post("/api/v1/library/scan", headers=headers)
    assert response.status_code == 202, response.text
    await app.state.job_runner.wait_idle()
    response = await client.get("/api/v1/library/scan", headers=headers, params={"page_size": 100})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def failing_search(relay: FakeRelay, word: str) -> None:
    """Searches whose query holds `word` fail upstream; the others are answered."""
    handle = relay.handle

    def broken(request: httpx.Request) -> httpx.Response:
        answer = handle(request)  # recorded in relay.requests either way
        if word in request.url.params.get("query", "").lower():
            return relay_error(502, "TMDB could not be reached", "UpstreamBadResponse")
        return answer

    relay.handle = broken  # type: ignore[method-assign]


async def test_scan_suggests_unknown_folders_id_tag_first_and_survives_a_failed_lookup(
    app, client, admin_headers, session: AsyncSession, settings: Settings, relay: FakeRelay
):
    show = await create_show(
        session, name="Show Name", year=2015, tmdb_id=1399, seasons={1: [PAST]}
    )
    await session.commit()
    tv, movies = settings.paths.tv, settings.paths.movies
    write(tv / SHOW_FOLDER / "Season 01" / "Show Name - S01E01.mkv")
    await ExistingLibraryService(session, settings).register("tv", show.id, "default", SHOW_FOLDER)
    relay.add_tmdb_show(77, "Searched Show", {1: [PAST]})
    relay.add_tmdb_show(78, "Searched Show Again", {1: [PAST]})
    # The title would find show 77; the tag names another show and wins without a lookup.
    (tv / "Searched Show (2015) [tvdbid-555]").mkdir()
    (tv / "Searched Show (2015)").mkdir()
    (tv / "Broken Show (2019)").mkdir()
    (tv / ".hidden").mkdir()
    (movies / "Movie Title (1999) {tmdb-603}").mkdir(parents=True)
    failing_search(relay, "broken")

    rows = {row["folder"]: row for row in await scan(client, app, admin_headers)}

    assert set(rows) == {
        "Searched Show (2015) [tvdbid-555]",
        "Searched Show (2015)",
        "Broken Show (2019)",
        "Movie Title (1999) {tmdb-603}",
    }
    tagged = rows["Searched Show (2015) [tvdbid-555]"]
    assert (tagged["provider"], tagged["external_id"], tagged["confidence"]) == (
        "tvdb",
        555,
        "id tag",
    )
    searched = rows["Searched Show (2015)"]
    assert (searched["provider"], searched["external_id"], searched["status"]) == (
        "tmdb",
        77,
        "pending",
    )
    assert searched["confidence"] == "title and year"
    broken = rows["Broken Show (2019)"]
    assert broken["status"] == "failed" and "TMDB" in broken["error"]
    movie = rows["Movie Title (1999) {tmdb-603}"]
    assert (movie["kind"], movie["external_id"]) == ("movie", 603)
    searches = [r for r in relay.requests if r.url.path.endswith("/search")]
    assert len(searches) == 2  # one lookup per untagged folder

    response = await client.get(
        "/api/v1/library/scan", headers=admin_headers, params={"status": "failed"}
    )
    assert [r["folder"] for r in response.json()["items"]] == ["Broken Show (2019)"]


async def test_bulk_import_registers_files_in_place_and_reports_unmatched_files(
    app, client, admin_headers, session: AsyncSession, settings: Settings, relay: FakeRelay
):
    relay.add_tmdb_show(4000, "Found Show", {1: [PAST, PAST, PAST]})
    folder = settings.paths.tv / "Found Show (2015) [tmdbid-4000]"
    first = write(folder / "Season 01" / "Found Show - S01E01 - Pilot [WEBDL-1080p].mkv")
    write(folder / "Season 01" / "Found Show - S01E01 - Pilot [WEBDL-1080p].en.srt", 100)
    double = write(folder / "Season 01" / "Found.Show.S01E02E03.720p.HDTV.x264-GRP.mkv")
    write(folder / "Season 01" / "behind the curtain.mkv")
    inodes = {path: path.stat().st_ino for path in (first, double)}
    before = tree(settings.paths.tv)
    (row,) = await scan(client, app, admin_headers)

    response = await client.post(
        "/api/v1/library/scan/import",
        headers=admin_headers,
        json={"folders": [{"id": row["id"]}], "quality_profile": "default"},
    )
    assert response.status_code == 202, response.text
    await app.state.task_runner.drain()
    await app.state.job_runner.wait_idle()

    assert tree(settings.paths.tv) == before  # nothing copied, moved or added
    assert {path: path.stat().st_ino for path in inodes} == inodes
    response = await client.get(
        "/api/v1/library/scan", headers=admin_headers, params={"status": "added"}
    )
    (added,) = response.json()["items"]
    assert added["registered"] == 2
    assert added["unmatched"] == [
        "Found Show (2015) [tmdbid-4000]/Season 01/behind the curtain.mkv"
    ]
    show_id = added["item_id"]
    response = await client.get(f"/api/v1/tv/shows/{show_id}/files", headers=admin_headers)
    files = {Path(f["path"]).name: f for f in response.json()}
    assert len(files[first.name]["episode_ids"]) == 1
    assert files[first.name]["quality"] == "web-1080p"
    assert [s["language"] for s in files[first.name]["subtitles"]] == ["en"]
    assert len(files[double.name]["episode_ids"]) == 2
    assert files[double.name]["quality"] == "tv-720p"

    # Again: nothing new is recorded.
    service = ExistingLibraryService(session, settings)
    registered, unmatched = await service.register("tv", uuid.UUID(show_id), "default", folder.name)
    assert registered == 2 and len(unmatched) == 1
    count = await session.execute(
        select(MediaFile.id).where(MediaFile.show_id == uuid.UUID(show_id))
    )
    assert len(count.all()) == 2


async def test_rename_preview_lists_only_names_that_change(
    client, admin_headers, session: AsyncSession, settings: Settings
):
    show = await create_show(
        session, name="Show Name", year=2015, tmdb_id=1399, seasons={1: [PAST, PAST]}
    )
    root = settings.paths.tv
    write(root / "Show Name" / "Show.Name.S01E01.1080p.WEB-DL.mkv")
    write(root / SHOW_FOLDER / "Season 01" / "Show Name - S01E02 - Episode 2 [Unknown].mkv")
    service = ExistingLibraryService(session, settings)
    await service.register("tv", show.id, "default", "Show Name")
    await service.register("tv", show.id, "default", SHOW_FOLDER)
    await session.commit()

    response = await client.get(f"/api/v1/tv/shows/{show.id}/rename", headers=admin_headers)

    assert response.status_code == 200, response.text
    assert [(r["old_path"], r["new_path"]) for r in response.json()] == [
        (
            "Show Name/Show.Name.S01E01.1080p.WEB-DL.mkv",
            f"{SHOW_FOLDER}/Season 01/Show Name - S01E01 - Episode 1 [WEBDL-1080p].mkv",
        )
    ]


async def test_rename_apply_moves_files_and_subtitles_and_updates_rows(
    client, admin_headers, session: AsyncSession, settings: Settings
):
    show = await create_show(
        session, name="Show Name", year=2015, tmdb_id=1399, seasons={1: [PAST]}
    )
    root = settings.paths.tv
    video = write(root / "Show Name" / "Show.Name.S01E01.1080p.WEB-DL.mkv")
    write(root / "Show Name" / "Show.Name.S01E01.1080p.WEB-DL.en.forced.srt", 100)
    inode = video.stat().st_ino
    await ExistingLibraryService(session, settings).register("tv", show.id, "default", "Show Name")
    await session.commit()

    response = await client.post(f"/api/v1/tv/shows/{show.id}/rename", headers=admin_headers)

    assert response.status_code == 200, response.text
    assert response.json()["refused"] == []
    stem = f"{SHOW_FOLDER}/Season 01/Show Name - S01E01 - Episode 1 [WEBDL-1080p]"
    assert tree(root) == [f"{stem}.en.forced.srt", f"{stem}.mkv"]
    assert (root / f"{stem}.mkv").stat().st_ino == inode
    paths = await session.execute(
        select(MediaFile.path)
        .where(MediaFile.show_id == show.id)
        .execution_options(populate_existing=True)
    )
    assert paths.scalars().all() == [f"{stem}.mkv"]
    subtitles = await session.execute(select(SubtitleFile.path))
    assert subtitles.scalars().all() == [f"{stem}.en.forced.srt"]
    response = await client.get(f"/api/v1/tv/shows/{show.id}/rename", headers=admin_headers)
    assert response.json() == []


async def test_rename_after_a_crash_finds_the_file_at_its_new_path(
    session: AsyncSession, settings: Settings
):
    show = await create_show(
        session, name="Show Name", year=2015, tmdb_id=1399, seasons={1: [PAST]}
    )
    root = settings.paths.tv
    video = write(root / "Show Name" / "Show.Name.S01E01.1080p.WEB-DL.mkv")
    service = ExistingLibraryService(session, settings)
    await service.register("tv", show.id, "default", "Show Name")
    (planned,) = await service.rename_preview("tv", show.id)
    # The crash: the file got its new name, the row was never updated.
    (root / planned.new_path).parent.mkdir(parents=True)
    os.link(video, root / planned.new_path)

    result = await service.rename_apply("tv", show.id)

    assert [r.new_path for r in result.renamed] == [planned.new_path]
    assert tree(root) == [planned.new_path]


async def test_rename_never_overwrites_a_different_file(
    client, admin_headers, session: AsyncSession, settings: Settings
):
    show = await create_show(
        session, name="Show Name", year=2015, tmdb_id=1399, seasons={1: [PAST]}
    )
    root = settings.paths.tv
    write(root / "Show Name" / "Show.Name.S01E01.1080p.WEB-DL.mkv")
    await ExistingLibraryService(session, settings).register("tv", show.id, "default", "Show Name")
    await session.commit()
    target = f"{SHOW_FOLDER}/Season 01/Show Name - S01E01 - Episode 1 [WEBDL-1080p].mkv"
    write(root / target, fill=b"someone else's file")

    response = await client.post(f"/api/v1/tv/shows/{show.id}/rename", headers=admin_headers)

    (refused,) = response.json()["refused"]
    assert "different file" in refused["reason"]
    assert response.json()["renamed"] == []
    assert (root / target).read_bytes().startswith(b"someone else's file")
    assert (root / "Show Name" / "Show.Name.S01E01.1080p.WEB-DL.mkv").exists()
    paths = await session.execute(select(MediaFile.path).execution_options(populate_existing=True))
    assert paths.scalars().all() == ["Show Name/Show.Name.S01E01.1080p.WEB-DL.mkv"]


async def test_rename_of_a_hostile_title_stays_inside_the_library(
    session: AsyncSession, settings: Settings
):
    show = await create_show(
        session,
        name="../../Escape/\x1b\u202e" + "x" * 300,
        year=2015,
        tmdb_id=1399,
        seasons={1: [PAST]},
    )
    root = settings.paths.tv
    write(root / "incoming" / "S01E01.mkv")
    service = ExistingLibraryService(session, settings)
    await service.register("tv", show.id, "default", "incoming")

    result = await service.rename_apply("tv", show.id)

    (renamed,) = result.renamed
    new = (root / renamed.new_path).resolve()
    assert new.is_relative_to(root.resolve()) and new.exists()
    assert all(len(part.encode()) <= 255 for part in Path(renamed.new_path).parts)
    assert not (settings.paths.tv.parent / "Escape").exists()


async def test_scan_and_import_need_an_administrator(client, user_headers):
    assert (await client.post("/api/v1/library/scan", headers=user_headers)).status_code == 403
    response = await client.post(
        "/api/v1/library/scan/import",
        headers=user_headers,
        json={"folders": [{"id": "00000000-0000-0000-0000-000000000001"}]},
    )
    assert response.status_code == 403


async def test_scan_rows_survive_a_second_scan_without_new_lookups(
    app, client, admin_headers, session: AsyncSession, settings: Settings, relay: FakeRelay
):
    relay.add_tmdb_show(77, "Searched Show", {1: [PAST]})
    (settings.paths.tv / "Searched Show (2015)").mkdir(parents=True)
    await scan(client, app, admin_headers)
    await scan(client, app, admin_headers)
    assert len([r for r in relay.requests if r.url.path.endswith("/search")]) == 1
    rows = await session.execute(select(LibraryScanFolder.folder))
    assert rows.scalars().all() == ["Searched Show (2015)"]


async def test_scan_resolves_an_imdb_tag_through_tmdb_and_searches_an_unknown_one(
    app, client, admin_headers, settings: Settings, relay: FakeRelay
):
    # The stand-in gives show N and movie N the IMDb id tt000000N (7 digits).
    relay.add_tmdb_show(77, "Tagged Show", {1: [PAST]})
    relay.add_tmdb_show(78, "Unknown Tag Show", {1: [PAST]})
    relay.add_tmdb_movie(603, "Tagged Movie")
    # The name says nothing TMDB could find by title: only the id can match it.
    (settings.paths.tv / "Renamed Locally [imdbid-tt0000077]").mkdir(parents=True)
    (settings.paths.tv / "Unknown Tag Show (2015) [imdbid-tt9999999]").mkdir()
    (settings.paths.movies / "Film Local (2015) {imdb-TT0000603}").mkdir(parents=True)

    rows = {row["folder"]: row for row in await scan(client, app, admin_headers)}

    show = rows["Renamed Locally [imdbid-tt0000077]"]
    assert (show["provider"], show["external_id"], show["title"]) == ("tmdb", 77, "Tagged Show")
    assert (show["confidence"], show["reason"]) == ("id tag", "imdbid tag (tt0000077)")
    movie = rows["Film Local (2015) {imdb-TT0000603}"]
    assert (movie["kind"], movie["external_id"], movie["confidence"]) == ("movie", 603, "id tag")
    unknown = rows["Unknown Tag Show (2015) [imdbid-tt9999999]"]
    assert (unknown["external_id"], unknown["confidence"]) == (78, "title and year")
    assert unknown["reason"].startswith("TMDB does not know tt9999999")
    finds = [r for r in relay.requests if "/find/" in r.url.path]
    assert sorted(r.url.path for r in finds) == [
        "/tmdb/find/tt0000077",
        "/tmdb/find/tt0000603",
        "/tmdb/find/tt9999999",
    ]
    assert {r.url.params["external_source"] for r in finds} == {"imdb_id"}
    searches = [r for r in relay.requests if r.url.path.endswith("/search")]
    assert [r.url.params["query"] for r in searches] == ["Unknown Tag Show"]


async def test_scan_forgets_folders_deleted_since_the_last_scan(
    app, client, admin_headers, session: AsyncSession, settings: Settings, relay: FakeRelay
):
    relay.add_tmdb_show(77, "Kept Show", {1: [PAST]})
    for name in ("Kept Show [tmdbid-77]", "Deleted Show [tmdbid-78]", "Ignored Show [tmdbid-79]"):
        (settings.paths.tv / name).mkdir(parents=True, exist_ok=True)
    (settings.paths.tv / "Queued Show [tmdbid-80]").mkdir()
    rows = {row["folder"]: row for row in await scan(client, app, admin_headers)}
    ignored = await session.get(
        LibraryScanFolder, uuid.UUID(rows["Ignored Show [tmdbid-79]"]["id"])
    )
    assert ignored is not None
    ignored.status = "ignored"
    queued = await session.get(LibraryScanFolder, uuid.UUID(rows["Queued Show [tmdbid-80]"]["id"]))
    assert queued is not None
    queued.status = "queued"
    await session.commit()
    for name in ("Deleted Show [tmdbid-78]", "Ignored Show [tmdbid-79]", "Queued Show [tmdbid-80]"):
        (settings.paths.tv / name).rmdir()

    rows = {row["folder"]: row for row in await scan(client, app, admin_headers)}

    # A queued folder stays for the bulk import, which says it is gone instead of adding an
    # empty show; the next scan then forgets it too.
    assert set(rows) == {"Kept Show [tmdbid-77]", "Queued Show [tmdbid-80]"}
    service = ExistingLibraryService(session, settings)
    assert await service.import_folder(uuid.UUID(rows["Queued Show [tmdbid-80]"]["id"])) is False
    session.expire_all()
    failed = await session.get(LibraryScanFolder, uuid.UUID(rows["Queued Show [tmdbid-80]"]["id"]))
    assert failed is not None and failed.status == "failed"
    assert failed.error is not None and failed.error.endswith("Queued Show [tmdbid-80] is gone")
    assert [r["folder"] for r in await scan(client, app, admin_headers)] == [
        "Kept Show [tmdbid-77]"
    ]


async def test_bulk_import_of_a_movie_then_its_rename(
    app, client, admin_headers, session: AsyncSession, settings: Settings, relay: FakeRelay
):
    relay.add_tmdb_movie(603, "Movie Title")
    folder = settings.paths.movies / "Movie Title (2015) {tmdb-603}"
    video = write(folder / "Movie.Title.2015.1080p.BluRay.x264-GRP.mkv")
    write(folder / "Movie.Title.2015.1080p.BluRay.x264-GRP.en.srt", 100)
    inode = video.stat().st_ino
    (row,) = await scan(client, app, admin_headers)
    assert (row["kind"], row["provider"], row["external_id"]) == ("movie", "tmdb", 603)

    response = await client.post(
        "/api/v1/library/scan/import",
        headers=admin_headers,
        json={"folders": [{"id": row["id"]}], "monitored": False},
    )
    assert response.status_code == 202, response.text
    await app.state.job_runner.wait_idle()
    response = await client.get(
        "/api/v1/library/scan", headers=admin_headers, params={"kind": "movie"}
    )
    (added,) = response.json()["items"]
    assert (added["status"], added["registered"], added["unmatched"]) == ("added", 1, [])
    movie_id = added["item_id"]
    (file,) = (await client.get(f"/api/v1/movies/{movie_id}/files", headers=admin_headers)).json()
    assert file["quality"] == "bluray-1080p" and file["release_group"] == "GRP"

    response = await client.post(f"/api/v1/movies/{movie_id}/rename", headers=admin_headers)

    (renamed,) = response.json()["renamed"]
    stem = "Movie Title (2015) [tmdbid-603]/Movie Title (2015) [Bluray-1080p]"
    assert renamed["new_path"] == f"{stem}.mkv"
    assert tree(settings.paths.movies) == [f"{stem}.en.srt", f"{stem}.mkv"]
    assert (settings.paths.movies / f"{stem}.mkv").stat().st_ino == inode


async def test_register_matches_anime_absolute_numbers(session: AsyncSession, settings: Settings):
    show = await create_show(
        session, name="Anime Show", year=2015, tmdb_id=31, seasons={1: [PAST] * 12, 2: [PAST] * 12}
    )
    folder = settings.paths.tv / "Anime Show"
    write(folder / "[Group] Anime Show - 14 [1080p].mkv")

    registered, unmatched = await ExistingLibraryService(session, settings).register(
        "tv", show.id, "default", "Anime Show"
    )

    assert (registered, unmatched) == (1, [])
    (planned,) = await ExistingLibraryService(session, settings).rename_preview("tv", show.id)
    assert "S02E02" in planned.new_path


async def test_registered_editions_of_a_movie_are_kept_apart_by_a_later_import(
    session: AsyncSession, settings: Settings, movie, downloads_dir, run_import
):
    folder = settings.paths.movies / MOVIE_FOLDER
    plain = write(folder / "Movie Title (1999) [Bluray-1080p].mkv")
    cut = write(folder / "Movie Title (1999) - Director's Cut [Bluray-720p].mkv")
    service = ExistingLibraryService(session, settings)
    registered, unmatched = await service.register("movie", movie.id, "default", MOVIE_FOLDER)
    assert (registered, unmatched) == (2, [])
    rows = await session.execute(
        select(MediaFile.edition, MediaFile.path).where(MediaFile.movie_id == movie.id)
    )
    assert sorted(rows.tuples(), key=str) == sorted(
        [(None, f"{MOVIE_FOLDER}/{plain.name}"), ("Director's Cut", f"{MOVIE_FOLDER}/{cut.name}")],
        key=str,
    )
    release = downloads_dir / "Movie.Title.1999.Directors.Cut.1080p.BluRay-GRP"
    write(release / f"{release.name}.mkv", 4096)
    download = await completed_download(session, release, kind="movie", movie_id=movie.id)

    await run_import(download.id)

    assert tree(settings.paths.movies) == [
        f".recycle/{MOVIE_FOLDER}/{cut.name}",
        f"{MOVIE_FOLDER}/Movie Title (1999) - Director's Cut [Bluray-1080p].mkv",
        f"{MOVIE_FOLDER}/{plain.name}",
    ]
