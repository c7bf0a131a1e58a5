import logging
from pathlib import Path

import pytest

from media_manager.config import Settings
from media_manager.core.filesystem import hardlink_problem, prepare_directories

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
