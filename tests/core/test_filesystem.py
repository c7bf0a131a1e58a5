import logging
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from media_manager.config import Settings
from media_manager.core.database import create_engine
from media_manager.core.filesystem import hardlink_problem, prepare_directories
from tests.conftest import sqlite_url

OTHER_FILESYSTEM = Path("/dev/shm")  # noqa: S108 - only a second filesystem


def test_directories_are_created_under_the_data_dir(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "data")

    prepare_directories(settings.data_dir, settings.paths)

    for name in ("images", "tv", "movies", "downloads"):
        assert (tmp_path / "data" / name).is_dir()


def test_hardlink_within_one_filesystem_works(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    assert hardlink_problem(tmp_path / "a", tmp_path / "b") is None
    assert list((tmp_path / "a").iterdir()) == []
    assert list((tmp_path / "b").iterdir()) == []


def test_warns_naming_both_paths_when_hardlinks_cannot_work(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    if not OTHER_FILESYSTEM.is_dir() or OTHER_FILESYSTEM.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs /dev/shm on a filesystem other than the temp dir")
    library = Path(__import__("tempfile").mkdtemp(dir=OTHER_FILESYSTEM))
    settings = Settings(data_dir=tmp_path / "data", paths={"tv": library})

    try:
        with caplog.at_level(logging.WARNING):
            prepare_directories(settings.data_dir, settings.paths)
    finally:
        library.rmdir()

    assert f"downloads folder {tmp_path / 'data' / 'downloads'}" in caplog.text
    assert f"library {library}" in caplog.text


def test_data_dir_is_created_for_its_owner_only(tmp_path: Path):
    settings = Settings(data_dir=tmp_path / "data")

    prepare_directories(settings.data_dir, settings.paths)

    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


async def test_sqlite_database_and_wal_files_are_for_the_owner_only(tmp_path: Path):
    path = tmp_path / "mediamanager.db"
    engine = create_engine(sqlite_url(path))
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE probe (id INTEGER)"))
            await connection.execute(text("INSERT INTO probe VALUES (1)"))
        modes = {
            name: stat.S_IMODE((tmp_path / name).stat().st_mode)
            for name in ("mediamanager.db", "mediamanager.db-wal", "mediamanager.db-shm")
        }
    finally:
        await engine.dispose()

    assert modes == dict.fromkeys(modes, 0o600)


async def test_existing_world_readable_database_is_tightened(tmp_path: Path):
    path = tmp_path / "old.db"
    path.touch(mode=0o644)
    path.chmod(0o644)

    engine = create_engine(sqlite_url(path))
    await engine.dispose()

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
