"""Start-up preparation of the data, library and download folders."""

import logging
import os
import uuid
from pathlib import Path

from media_manager.core.config import PathSettings

log = logging.getLogger(__name__)


def prepare_directories(data_dir: Path, paths: PathSettings) -> None:
    """Create every configured folder, then check that imports will be able to hardlink."""
    for path in (data_dir, paths.images, paths.tv, paths.movies, paths.downloads):
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
