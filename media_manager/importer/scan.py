"""Existing libraries on disk: what a folder's name says, which files a folder holds, and renaming
files that are already in the library. Blocking helpers: callers run them in a thread.
"""

import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from media_manager.importer import naming
from media_manager.importer.classify import classify, list_files
from media_manager.importer.subtitles import SubtitleInfo, owner, read_subtitle
from media_manager.parsing import ReleaseInfo, parse_release

# `[tmdbid-603]`, `{tmdb-603}`, `[tvdbid=81189]`, `[imdbid-tt0133093]`: the tags Jellyfin, Plex
# and Emby read in folder names.
_ID_TAG = re.compile(r"[\[{]\s*(tmdb|tvdb|imdb)(?:id)?\s*[-=]\s*(tt\d+|\d+)\s*[\]}]", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"^(?P<title>.+?)\s*[(\[]\s*(?P<year>(?:19|20)\d{2})\s*[)\]]\s*$")


@dataclass(frozen=True)
class FolderName:
    """What a library folder's name says: a title, maybe a year and ids."""

    title: str
    year: int | None = None
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    imdb_id: str | None = None


def read_folder_name(name: str) -> FolderName:
    """`Title (Year) [tmdbid-N]` and its variants, read into title, year and ids."""
    ids: dict[str, str] = {}
    for provider, value in _ID_TAG.findall(name):
        ids.setdefault(provider.lower(), value)
    rest = " ".join(_ID_TAG.sub(" ", name).split()).strip(" -_.")
    year: int | None = None
    if match := _TITLE_YEAR.match(rest):
        rest, year = match["title"].strip(" -_."), int(match["year"])
    imdb = ids.get("imdb")
    tmdb, tvdb = ids.get("tmdb"), ids.get("tvdb")
    return FolderName(
        title=rest or name,
        year=year,
        tmdb_id=int(tmdb) if tmdb and tmdb.isdigit() else None,
        tvdb_id=int(tvdb) if tvdb and tvdb.isdigit() else None,
        imdb_id=imdb.lower() if imdb and imdb.lower().startswith("tt") else None,
    )


def top_folders(root: Path, skip: set[str]) -> list[str]:
    """The visible folders directly under a library root (never through a symlink)."""
    if not root.is_dir():
        return []
    names = []
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.name.startswith(".") or entry.name in skip:
                continue
            if entry.is_dir(follow_symlinks=False):
                names.append(entry.name)
    return sorted(names)


@dataclass
class FoundSubtitle:
    # Relative to the library root, with "/".
    path: str
    info: SubtitleInfo


@dataclass
class FoundVideo:
    # Relative to the library root, with "/".
    path: str
    size: int
    info: ReleaseInfo
    subtitles: list[FoundSubtitle] = field(default_factory=list)


@dataclass
class FolderFiles:
    videos: list[FoundVideo]
    # Relative to the library root: files that are neither a video nor a subtitle of one.
    skipped: list[str]


class FolderGone(Exception):
    """A library folder that is no longer there (deleted or renamed since it was scanned)."""


def read_folder(root: Path, folder: str, sample_max_bytes: int) -> FolderFiles:
    """The videos of one item's folder, parsed, with the subtitles that belong to each."""
    base = naming.safe_path(root, folder)
    if not base.is_dir():
        raise FolderGone(f"{base} is gone")
    found = classify(list_files(base), sample_max_bytes)
    prefix = PurePosixPath(folder)
    videos: dict[PurePosixPath, FoundVideo] = {}
    skipped: list[str] = []
    for file in found:
        if file.kind == "video":
            videos[file.relative] = FoundVideo(
                path=f"{folder}/{file.relative}",
                size=file.size,
                info=parse_release(file.relative.stem),
            )
    by_folder: dict[PurePosixPath, list[PurePosixPath]] = {}
    for relative in videos:
        by_folder.setdefault(relative.parent, []).append(relative)
    for file in found:
        if file.kind == "subtitle":
            # Only the videos of the subtitle's folder (and of its parent, for "Subs/"): a
            # season folder holds many videos, and `owner` compares each.
            near = by_folder.get(file.relative.parent, []) or by_folder.get(
                file.relative.parent.parent, []
            )
            video = owner(file.relative, near)
            if video is not None:
                videos[video].subtitles.append(
                    FoundSubtitle(
                        (prefix / file.relative).as_posix(), read_subtitle(file.path.name)
                    )
                )
                continue
        if file.kind != "video":
            skipped.append((prefix / file.relative).as_posix())
    return FolderFiles(list(videos.values()), skipped)


class RenameRefused(Exception):
    """A rename that would overwrite a different file, or leave the library root."""


def move_in_library(root: Path, old: str, new: str) -> str:
    """Rename `old` to `new` (both relative to `root`) without ever replacing another file.

    "renamed", or "already" when an earlier attempt got there (the file is at `new` and no
    longer, or also, at `old`). A link then an unlink: the new name appears atomically and only
    if it is free, and a crash in between leaves two names of one file, never none.
    """
    source = naming.safe_path(root, *PurePosixPath(old).parts)
    target = naming.safe_path(root, *PurePosixPath(new).parts)
    if target.exists() or target.is_symlink():
        if source.exists() and not os.path.samefile(source, target):
            raise RenameRefused(f"{target} already exists and is a different file")
        source.unlink(missing_ok=True)
        return "already"
    if not source.exists():
        raise RenameRefused(f"{source} is missing")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise RenameRefused(f"{target} already exists and is a different file") from None
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            raise
        # A filesystem without hardlinks: checked free just above; rename is the best left.
        os.rename(source, target)
        return "renamed"
    source.unlink()
    return "renamed"


def remove_empty_folders(root: Path, folders: set[str]) -> None:
    """Remove folders (relative to root) left empty by renames, and their empty parents."""
    resolved_root = root.resolve()
    for folder in sorted(folders, key=lambda f: -len(PurePosixPath(f).parts)):
        path = root / folder
        while path.resolve() != resolved_root and path.resolve().is_relative_to(resolved_root):
            try:
                path.rmdir()
            except OSError:
                break
            path = path.parent
