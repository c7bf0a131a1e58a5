"""Archives in downloads: which files start a set, and extracting them safely.

zip through zipfile, 7z through py7zr (pure Python), RAR (RAR5 multi-volume sets included)
through rarfile, which drives the `unrar` program. Blocking: run in a thread.
"""

import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

_PART = re.compile(r"\.part(\d+)\.rar$", re.I)
_OLD_VOLUME = re.compile(r"\.(?:r\d{2}|s\d{2}|\d{3})$", re.I)


class ArchiveError(Exception):
    """An archive that cannot be extracted; the message says which and why."""


def is_archive(name: str) -> bool:
    """Whether the file starts an archive set (`x.rar`, `x.part1.rar`, `x.zip`, `x.7z`)."""
    lower = name.lower()
    if lower.endswith((".zip", ".7z")):
        return True
    if not lower.endswith(".rar"):
        return False
    part = _PART.search(lower)
    return part is None or int(part.group(1)) == 1


def is_continuation_volume(name: str) -> bool:
    """A later volume of a set (`x.part2.rar`, `x.r00`): extracted with its first volume."""
    part = _PART.search(name)
    return (part is not None and int(part.group(1)) != 1) or bool(_OLD_VOLUME.search(name))


def _libraries() -> tuple[Any, Any]:
    # Imported on first use: together ~15 MB that a server which never unpacks does not need.
    import py7zr
    import rarfile

    return py7zr, rarfile


def _members(path: Path) -> list[tuple[str, int]]:
    py7zr, rarfile = _libraries()
    lower = path.name.lower()
    try:
        if lower.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                return [(i.filename, i.file_size) for i in archive.infolist() if not i.is_dir()]
        if lower.endswith(".7z"):
            with py7zr.SevenZipFile(path) as archive:
                return [
                    (i.filename, i.uncompressed or 0) for i in archive.list() if not i.is_directory
                ]
        with rarfile.RarFile(path) as archive:
            return [(i.filename, i.file_size) for i in archive.infolist() if not i.is_dir()]
    except (OSError, zipfile.BadZipFile, py7zr.Bad7zFile, rarfile.Error) as exc:
        raise ArchiveError(f"{path} cannot be read: {exc}") from None


def unpacked_size(path: Path) -> int:
    """Bytes the archive's files take once extracted; refuses names that leave the folder."""
    total = 0
    for name, size in _members(path):
        member = PurePosixPath(name.replace("\\", "/"))
        if member.is_absolute() or ".." in member.parts or "\x00" in name:
            raise ArchiveError(f"{path} holds an unsafe name {name!r}; not extracting it")
        total += size
    return total


def extract(path: Path, destination: Path) -> None:
    """Extract into `destination`, which appears only once the extraction is complete."""
    if destination.exists():
        return  # extracted before (an earlier attempt that then failed later on)
    unpacked_size(path)  # the name check
    partial = destination.with_name(destination.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    py7zr, rarfile = _libraries()
    lower = path.name.lower()
    try:
        if lower.endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                archive.extractall(partial)
        elif lower.endswith(".7z"):
            with py7zr.SevenZipFile(path) as archive:
                archive.extractall(partial)
        else:
            with rarfile.RarFile(path) as archive:
                archive.extractall(partial)
    except (OSError, zipfile.BadZipFile, py7zr.Bad7zFile, rarfile.Error) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise ArchiveError(f"{path} could not be extracted: {exc}") from None
    partial.rename(destination)
