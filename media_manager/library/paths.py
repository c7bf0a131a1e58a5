"""Where a show or movie lives on disk, and removing that folder without ever leaving the library.

Imports will file episodes and movies into `folder_for(...)`; deleting with files removes it.
"""

import asyncio
import logging
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from media_manager.config import Settings
from media_manager.library.exceptions import UnknownLibrary, UnsafeLibraryPath
from media_manager.library.service import LibraryKind, libraries

log = logging.getLogger(__name__)

# Characters Windows, SMB shares and most NAS file systems refuse in a name.
_FORBIDDEN = re.compile(r'[<>"/\\|?*\x00-\x1f]')


def folder_name(title: str, year: int | None) -> str:
    """`Title (Year)` made safe as a single folder name on every common file system."""
    name = unicodedata.normalize("NFC", title)
    # Whitespace (tabs, newlines) becomes single spaces before control characters go.
    name = " ".join(name.replace(":", " -").split())
    name = " ".join(_FORBIDDEN.sub("", name).split())
    # Trailing dots and spaces vanish on Windows and SMB; leading dots would hide the folder.
    name = name.strip(" .")
    if not name:
        raise UnsafeLibraryPath(f'"{title}" leaves nothing usable as a folder name')
    return f"{name} ({year})" if year else name


def library_root(settings: Settings, kind: LibraryKind, library: str) -> Path:
    """The folder of the named library."""
    for entry in libraries(settings, kind):
        if entry.name == library:
            return entry.path
    raise UnknownLibrary(
        f'The library "{library}" is no longer configured, so its folder is unknown; '
        f"add it back under [[library.{kind}]] in the config"
    )


def folder_for(
    settings: Settings, kind: LibraryKind, library: str, title: str, year: int | None
) -> Path:
    """The folder of one show or movie inside its library."""
    return library_root(settings, kind, library) / folder_name(title, year)


def check_inside(root: Path, folder: Path) -> Path:
    """`folder` resolved, if it is a real folder strictly inside `root`; else UnsafeLibraryPath.

    A symlinked folder is refused even when it points into the library: deleting through it
    could remove another show's files.
    """
    if folder.is_symlink():
        raise UnsafeLibraryPath(f"{folder} is a symbolic link; refusing to delete through it")
    resolved_root = root.resolve()
    resolved = folder.resolve()
    if resolved == resolved_root or not resolved.is_relative_to(resolved_root):
        raise UnsafeLibraryPath(f"{folder} is not inside the library folder {root}")
    return resolved


def delete_folder(root: Path, folder: Path) -> bool:
    """Remove `folder` and everything in it, if it is inside `root`; False when it was absent.

    Blocking: run it in a thread.
    """
    resolved = check_inside(root, folder)
    if not resolved.exists():
        return False
    # rmtree removes symlinks inside the tree without following them.
    shutil.rmtree(resolved)
    return True


@dataclass
class FolderRemoval:
    """Folders to remove once the database change is committed, so a failed commit loses nothing."""

    what: str
    # (root, folder) pairs; each folder is checked again to be inside its root when removed.
    folders: list[tuple[Path, Path]] = field(default_factory=list)

    async def run(self) -> None:
        for root, folder in self.folders:
            try:
                removed = await asyncio.to_thread(delete_folder, root, folder)
            except (OSError, UnsafeLibraryPath) as exc:
                log.error("Could not delete the folder %s of %s: %s", folder, self.what, exc)
                continue
            if removed:
                log.info("Deleted the folder %s of %s", folder, self.what)
