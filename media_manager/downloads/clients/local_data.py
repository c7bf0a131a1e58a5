"""Deleting a finished usenet job's files ourselves, for clients whose API keeps them.

SABnzbd 3.7 ("history delete" with del_files only removes the incomplete folder) and NZBGet 21
("HistoryDelete"/"HistoryFinalDelete" keep the files of successful jobs) both leave a completed
job's data on disk. "Remove with data" must really delete it, so we do, guarded: the path is the
one the client reported for the job, it must lie strictly inside one of the client's own
download folders, and it is reached through the client's path mappings.
"""

import asyncio
import logging
import os
import shutil
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from media_manager.downloads.clients.base import ClientRejected
from media_manager.downloads.config import PathMapping, map_client_path

log = logging.getLogger(__name__)


def _pure(path: str) -> PurePath:
    return PureWindowsPath(path) if "\\" in path and "/" not in path else PurePosixPath(path)


def inside_roots(path: str, roots: list[str]) -> bool:
    """Whether path lies strictly below one of roots (relative roots match as a suffix)."""
    target = _pure(path)
    if not target.is_absolute():
        return False
    for root in filter(None, roots):
        base = _pure(root.rstrip("/\\") or root)
        if base.is_absolute():
            if target != base and target.is_relative_to(base):
                return True
        else:
            # The client resolves a relative folder against its own home, which we do not know:
            # accept a path with that folder as a proper ancestor.
            parts, wanted = target.parts, base.parts
            for i in range(1, len(parts) - len(wanted)):
                if parts[i : i + len(wanted)] == wanted:
                    return True
    return False


def _delete(local: str, roots_local: list[str]) -> bool:
    if os.path.isdir(local) and not os.path.islink(local):
        shutil.rmtree(local)
    elif os.path.lexists(local):
        os.unlink(local)
        # A single-file job (SABnzbd reports the file) leaves its job folder: remove it if empty.
        parent = os.path.dirname(local)
        if parent not in roots_local and os.path.isdir(parent) and not os.listdir(parent):
            os.rmdir(parent)
    else:
        return False
    return True


async def delete_job_data(
    client: str, path: str, roots: list[str], mappings: list[PathMapping]
) -> None:
    """Delete a job's files at the client-reported path; refuses paths outside roots."""
    if not inside_roots(path, roots):
        raise ClientRejected(
            client,
            f"refusing to delete {path}: it is not inside the client's download folders "
            f"({', '.join(r for r in roots if r)})",
        )
    local = map_client_path(path, mappings)
    roots_local = [map_client_path(r, mappings).rstrip("/") for r in roots if r]
    deleted = await asyncio.to_thread(_delete, local, roots_local)
    if not deleted:
        raise ClientRejected(
            client,
            f"cannot delete {local}: the path does not exist here (add a path mapping if the "
            f"client runs on another machine or in a container)",
        )
    log.info("Deleted the data of a %s download at %s", client, local)
