"""Deleting a show or movie with its files removes the folders its files are really in."""

from pathlib import Path

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.config import Settings
from tests.importer.conftest import SHOW_FOLDER, completed_download, tree, write
from tests.importer.factories import create_media_file
from tests.importer.test_service import season_pack
from tests.tv.factories import create_show


async def delete(client: AsyncClient, headers: dict, path: str) -> None:
    response = await client.delete(path, params={"delete_files": "true"}, headers=headers)
    assert response.status_code == 204, response.text


async def test_an_imported_show_folder_named_by_the_template_is_deleted(
    session: AsyncSession,
    settings: Settings,
    show,
    downloads_dir: Path,
    run_import,
    client: AsyncClient,
    admin_headers: dict,
):
    download = await completed_download(
        session, season_pack(downloads_dir), kind="tv", show_id=show.id
    )
    await run_import(download.id)
    assert settings.paths.tv is not None
    assert (settings.paths.tv / SHOW_FOLDER / "Season 01").is_dir()
    neighbour = write(settings.paths.tv / "Other Show (2001)" / "Season 01" / "x.mkv")

    await delete(client, admin_headers, f"/api/v1/tv/shows/{show.id}")

    assert not (settings.paths.tv / SHOW_FOLDER).exists()
    assert tree(settings.paths.tv) == ["Other Show (2001)/Season 01/x.mkv"]
    assert neighbour.exists()
    # The download's own files are not the library's to delete.
    assert any(name.endswith(".mkv") for name in tree(downloads_dir))


async def test_a_registered_folder_with_any_name_is_deleted(
    session: AsyncSession, settings: Settings, movie, client: AsyncClient, admin_headers: dict
):
    assert settings.paths.movies is not None
    write(settings.paths.movies / "the matrix 1999 remux" / "matrix.mkv")
    await create_media_file(
        session, quality="bluray-1080p", movie_id=movie.id, path="the matrix 1999 remux/matrix.mkv"
    )
    await session.commit()

    await delete(client, admin_headers, f"/api/v1/movies/{movie.id}")

    assert tree(settings.paths.movies) == []


async def test_a_folder_shared_with_another_item_is_kept(
    session: AsyncSession, settings: Settings, show, client: AsyncClient, admin_headers: dict
):
    other = await create_show(session, name="Other Show", year=2001, tmdb_id=77)
    assert settings.paths.tv is not None
    for owner, name in ((show, "a.mkv"), (other, "b.mkv")):
        write(settings.paths.tv / "Mixed" / name)
        await create_media_file(
            session, quality="web-1080p", show_id=owner.id, path=f"Mixed/{name}"
        )
    await session.commit()

    await delete(client, admin_headers, f"/api/v1/tv/shows/{show.id}")

    assert tree(settings.paths.tv) == ["Mixed/a.mkv", "Mixed/b.mkv"]
    gone = await client.get(f"/api/v1/tv/shows/{show.id}", headers=admin_headers)
    assert gone.status_code == 404
