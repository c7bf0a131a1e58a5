"""Putting a file into the library: hardlink, copy, move or symlink, crash-safe and no-clobber.

The target name appears atomically (a hardlink, or a finished temporary file linked into place),
and only if nothing is there: a different file at the target is never replaced. After a crash
the same call again finds its own work done ("already") and carries on. Blocking: run in a thread.
"""

import errno
import hashlib
import os
import shutil
import time
from pathlib import Path
from typing import Literal

from media_manager.importer.config import Placement

Outcome = Literal["placed", "copied", "already"]
TEMP_SUFFIX = ".mm-part"
_CHUNK = 1024 * 1024


class PlacementError(Exception):
    """A file that cannot be placed; `reason` is the short form for the history."""

    reason = "placement failed"


class HardlinkAcrossFilesystems(PlacementError):
    reason = "hardlink across filesystems"


class NotEnoughSpace(PlacementError):
    reason = "not enough free space"


class TargetTaken(PlacementError):
    reason = "a different file is already at the target"


def temp_path(target: Path) -> Path:
    """The temporary name of a file being placed: hidden, in the target's folder, the same for
    every attempt (so a retry replaces the leftovers of a crashed one)."""
    digest = hashlib.sha256(target.name.encode()).hexdigest()[:16]
    return target.with_name(f".{digest}{TEMP_SUFFIX}")


def same_file(a: Path, b: Path) -> bool:
    """The same inode, or the same size and content."""
    try:
        if os.path.samefile(a, b):
            return True
        if a.stat().st_size != b.stat().st_size:
            return False
    except OSError:
        return False
    return _digest(a) == _digest(b)


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def check_space(folder: Path, needed: int, min_free: int, what: str) -> None:
    free = shutil.disk_usage(folder).free
    if free - needed < min_free:
        raise NotEnoughSpace(
            f"not enough free space for {what}: {needed} bytes needed in {folder}, "
            f"{free} free (importer.min_free_mb keeps {min_free // (1024 * 1024)} MB free)"
        )


def place(
    source: Path,
    target: Path,
    mode: Placement,
    *,
    copy_fallback: bool = False,
    min_free: int = 0,
    sync: bool = True,
) -> Outcome:
    """Make `target` hold `source` by `mode`; never overwrites a different file.

    A move only links here: the caller removes the source once the import is recorded, so a
    crash in between leaves the file in both places rather than in none. With `sync` off the
    caller calls `sync_folder` on the target folders before recording (once per folder).
    """
    if target.exists() or target.is_symlink():
        if mode == "symlink" and target.is_symlink() and target.resolve() == source.resolve():
            return "already"
        if same_file(source, target):
            return "already"
        raise TargetTaken(f"{target} already exists and is a different file; not replacing it")
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path(target)
    temp.unlink(missing_ok=True)
    outcome: Outcome = "placed"
    if mode == "symlink":
        os.symlink(source.resolve(), temp)
        _link_into_place(temp, target, source)
    elif mode in ("hardlink", "move"):
        try:
            os.link(source, target)
        except FileExistsError:
            return place(source, target, mode, copy_fallback=copy_fallback, min_free=min_free)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            if mode == "hardlink" and not copy_fallback:
                raise HardlinkAcrossFilesystems(
                    f"cannot hardlink {source} to {target}: they are on different filesystems "
                    "(importer.placement = hardlink; set importer.copy_when_hardlink_fails to "
                    "copy instead, or put downloads and library on one filesystem)"
                ) from None
            _copy_into_place(source, target, temp, min_free)
            outcome = "copied"
    else:
        _copy_into_place(source, target, temp, min_free)
        outcome = "copied"
    if sync:
        sync_folder(target.parent)
    return outcome


def _copy_into_place(source: Path, target: Path, temp: Path, min_free: int) -> None:
    check_space(target.parent, source.stat().st_size, min_free, f"copying {source}")
    try:
        shutil.copyfile(source, temp)
        shutil.copystat(source, temp)
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        _link_into_place(temp, target, source)
    finally:
        temp.unlink(missing_ok=True)


def _link_into_place(temp: Path, target: Path, source: Path) -> None:
    # link() fails if the target appeared meanwhile, where rename() would replace it.
    try:
        os.link(temp, target, follow_symlinks=False)
    except FileExistsError:
        if not same_file(source, target):
            raise TargetTaken(
                f"{target} already exists and is a different file; not replacing it"
            ) from None
    finally:
        temp.unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    """Make the names created in `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def recycle(path: Path, library_root: Path, recycle_root: Path) -> Path | None:
    """Move a replaced file into the recycle folder (same layout, never overwriting); the new
    path, or None when the file is already gone (recycled by an attempt that then crashed)."""
    if not path.exists() and not path.is_symlink():
        return None
    relative = path.relative_to(library_root)
    destination = recycle_root / relative
    destination.parent.mkdir(parents=True, exist_ok=True)
    counter = 1
    while destination.exists() or destination.is_symlink():
        destination = recycle_root / relative.with_name(
            f"{relative.stem}.{counter}{relative.suffix}"
        )
        counter += 1
    try:
        os.rename(path, destination)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.move(path, destination)
    # The time it was recycled, for emptying after N days (rename keeps the old mtime).
    os.utime(destination, follow_symlinks=False)
    return destination


def empty_recycle(recycle_root: Path, days: int, now: float | None = None) -> int:
    """Delete recycled files older than `days`; the number deleted."""
    if not recycle_root.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - days * 86400
    deleted = 0
    for folder, _, files in os.walk(recycle_root, topdown=False):
        for name in files:
            path = Path(folder) / name
            if path.lstat().st_mtime < limit:
                path.unlink()
                deleted += 1
        if Path(folder) != recycle_root and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    return deleted
