"""What each file of a download is: a video to import, a subtitle to follow it, or nothing."""

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from media_manager.importer.archives import is_archive, is_continuation_volume

VIDEO_EXTENSIONS = frozenset(
    {".mkv", ".mp4", ".avi", ".m4v", ".ts", ".m2ts", ".wmv", ".mov", ".webm"}
)
SUBTITLE_EXTENSIONS = frozenset({".srt", ".ass", ".ssa", ".sub", ".idx", ".vtt", ".sup"})
# Folders of bonus material that media servers would list as episodes if filed as such.
EXTRA_FOLDERS = frozenset(
    {
        "extras",
        "extra",
        "featurettes",
        "behind the scenes",
        "deleted scenes",
        "interviews",
        "scenes",
        "shorts",
        "trailers",
        "bonus",
        "other",
    }
)
_EXTRA_SUFFIX = re.compile(
    r"[-_. ](trailer|featurette|behindthescenes|deleted|interview|scene|short|extra)$", re.I
)
_SAMPLE = re.compile(r"(?:^|[ ._\-\[(])sample(?:[ ._\-\])]|$)", re.I)
# A video this many times smaller than the largest one of the download is a sample.
SAMPLE_RATIO = 10

FileKind = Literal["video", "subtitle", "archive", "skipped"]


@dataclass(frozen=True)
class FoundFile:
    path: Path
    # Relative to the download's content (the file name for a single-file download).
    relative: PurePosixPath
    size: int
    kind: FileKind
    # Why a skipped file is skipped ("sample", "extra", "not a video or subtitle").
    reason: str | None = None


def list_files(content: Path) -> list[tuple[Path, PurePosixPath, int]]:
    """Every regular file at `content` (a file or a folder), never following symlinks.

    Blocking: run it in a thread. Symlinks are left out: a torrent may carry one pointing
    anywhere on the disk (qBittorrent creates them). Each folder's files come in name order,
    then its subfolders'.
    """
    if content.is_symlink():
        return []
    if content.is_file():
        return [(content, PurePosixPath(content.name), content.stat().st_size)]
    found: list[tuple[Path, PurePosixPath, int]] = []
    _walk(content, "", found)
    return found


def _walk(folder: Path, prefix: str, found: list[tuple[Path, PurePosixPath, int]]) -> None:
    # scandir: the type and the lstat of each entry come with the listing (a library scan
    # reads tens of thousands of files; three stat calls for each showed in profiles).
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return  # unreadable or gone: as os.walk, nothing from it
    folders = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            # Folders we made ourselves (extraction in progress) are not part of the download.
            if not entry.name.startswith(".mm-"):
                folders.append(entry)
        elif entry.is_file(follow_symlinks=False) and not entry.name.endswith(".mm-part"):
            size = entry.stat(follow_symlinks=False).st_size
            found.append((Path(entry.path), PurePosixPath(prefix + entry.name), size))
    for entry in folders:
        _walk(Path(entry.path), f"{prefix}{entry.name}/", found)


def classify(
    files: list[tuple[Path, PurePosixPath, int]], sample_max_bytes: int
) -> list[FoundFile]:
    """Each file's kind; samples and extras are skipped with their reason."""
    largest = max(
        (size for path, _, size in files if path.suffix.lower() in VIDEO_EXTENSIONS), default=0
    )
    result: list[FoundFile] = []
    for path, relative, size in files:
        suffix = path.suffix.lower()
        folders = {part.lower() for part in relative.parts[:-1]}
        stem = relative.stem
        if is_archive(path.name) or is_continuation_volume(path.name):
            kind: FileKind = "archive"
            reason = None
        elif suffix in VIDEO_EXTENSIONS:
            kind, reason = "video", None
            if "sample" in folders or "samples" in folders or _SAMPLE.search(stem):
                kind, reason = "skipped", "sample"
            elif size < sample_max_bytes and largest > SAMPLE_RATIO * size:
                kind, reason = "skipped", "sample (much smaller than the other videos)"
            elif folders & EXTRA_FOLDERS or _EXTRA_SUFFIX.search(stem):
                kind, reason = "skipped", "extra"
        elif suffix in SUBTITLE_EXTENSIONS:
            kind, reason = "subtitle", None
            if folders & EXTRA_FOLDERS:
                kind, reason = "skipped", "extra"
        else:
            kind, reason = "skipped", "not a video or subtitle"
        result.append(FoundFile(path, relative, size, kind, reason))
    return result
