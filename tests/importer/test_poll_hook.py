"""A download that completes is imported within the same poll tick, by the poll job itself."""

from media_manager.core.jobs import JobContext
from media_manager.downloads.clients.base import DownloadStatus
from media_manager.downloads.dependencies import job_poller
from tests.downloads.conftest import clients  # noqa: F401 (the in-memory clients fixture)
from tests.downloads.factories import create_download, listed
from tests.importer.conftest import SHOW_FOLDER, state_of, tree, write


async def test_completion_is_imported_in_the_same_tick(
    app,
    clients,  # noqa: F811
    session,
    settings,
    show,
    downloads_dir,
):
    folder = downloads_dir / "Show.Name.S01E01.1080p.WEB-DL-GRP"
    write(folder / "Show.Name.S01E01.1080p.WEB-DL-GRP.mkv", 50_000)
    download = await create_download(
        session, kind="tv", show_id=show.id, status="downloading", title=folder.name
    )
    qbit = app.state.download_clients.get("qbit")
    listed(qbit, download, status=DownloadStatus.DOWNLOADING, progress=0.5)
    poller = job_poller(JobContext(app.state))

    await poller.poll()
    assert await state_of(session, download.id) is None

    listed(qbit, download, status=DownloadStatus.COMPLETED, progress=1.0, content_path=str(folder))
    report = await poller.poll()

    assert report.completed == [download.id]
    assert (await state_of(session, download.id)).status == "imported"
    assert tree(settings.paths.tv) == [
        f"{SHOW_FOLDER}/Season 01/Show Name - S01E01 - Episode 1 [WEBDL-1080p].mkv"
    ]
    # Already completed: the next tick imports nothing again.
    assert (await poller.poll()).completed == []


async def test_retry_job_imports_completed_downloads_not_imported_yet(
    app, session, settings, movie, downloads_dir
):
    from media_manager.importer.tasks import retry_imports
    from tests.importer.conftest import MOVIE_FOLDER, completed_download

    folder = downloads_dir / "Movie.Title.1999.720p.WEB-DL-GRP"
    write(folder / "Movie.Title.1999.720p.WEB-DL-GRP.mkv", 50_000)
    download = await completed_download(session, folder, kind="movie", movie_id=movie.id)

    await retry_imports(JobContext(app.state))

    assert (await state_of(session, download.id)).status == "imported"
    assert tree(settings.paths.movies) == [f"{MOVIE_FOLDER}/Movie Title (1999) [WEBDL-720p].mkv"]
