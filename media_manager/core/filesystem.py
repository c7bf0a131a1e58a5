"""Start-up preparation of the data, library and download folders."""

import logging
import os
import uuid
from pathlib import Path

from media_manager.core.config import PathSettings

log = logging.getLogger(__name__)

# The data dir holds the token secret and the SQLite database: only its owner may enter it.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
# SQLite's companions of a database file in WAL mode.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def create_private_directory(path: Path) -> None:
    """Create `path` (and missing parents) with the leaf readable by its owner only.

    An existing folder is left as it is: its owner may have opened it up on purpose.
    """
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)


def secure_sqlite_file(database: Path) -> None:
    """Create the SQLite file owner-only before SQLite opens it, and tighten existing ones.

    SQLite gives the -wal and -shm files the database file's permissions, so they follow.
    """
    if not database.parent.is_dir():
        return  # SQLite reports the missing folder itself, naming the path
    os.close(os.open(database, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    for path in (database, *(Path(f"{database}{suffix}") for suffix in SQLITE_SIDE_FILES)):
        try:
            if path.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                path.chmod(PRIVATE_FILE_MODE)
        except FileNotFoundError:
            continue


def prepare_directories(data_dir: Path, paths: PathSettings) -> None:
    """Create every configured folder, then check that imports will be able to hardlink."""
    create_private_directory(data_dir)
    for path in (paths.images, paths.tv, paths.movies, paths.downloads):
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
    assert paths.downloads is not None
    for library in (paths.tv, paths.movies):
        assert library is not None
        problem = hardlink_problem(paths.downloads, library)
        if problem:
            log.warning(
                "Cannot hardlink from the downloads folder %s into the library %s (%s). "
                "Imports will copy files instead, using twice the disk space. Put both folders "
                "on the same filesystem (e.g. one volume mounted once) to fix this.",
                paths.downloads,
                library,
                problem,
            )


def hardlink_problem(source_dir: Path, target_dir: Path) -> str | None:
    """None when a file in source_dir can be hardlinked into target_dir, else the reason."""
    probe = source_dir / f".mediamanager-link-test-{uuid.uuid4().hex}"
    link = target_dir / probe.name
    try:
        probe.touch()
        os.link(probe, link)
    except OSError as exc:
        return exc.strerror or str(exc)
    finally:
        for path in (link, probe):
            path.unlink(missing_ok=True)
    return None
