"""The background health checks: each returns the problems it finds, saying what to do.

Problem ids are stable per thing checked ("indexer:<name>"), so a problem is the same
problem from one run to the next and its appearance and disappearance can be told apart.
"""

import asyncio
import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.engine import make_url

from media_manager.config import Settings
from media_manager.core.database import begin_read
from media_manager.health.repository import JobRunReader, postgres_database_size
from media_manager.library.config import DEFAULT_LIBRARY
from media_manager.metadata.source import check_metadata_source
from media_manager.settings.checks import CheckContext, check_download_client, check_indexer

GIB = 1024**3
Severity = Literal["warning", "error"]


@dataclass(frozen=True, slots=True)
class Found:
    id: str
    severity: Severity
    message: str


async def run_checks(context: Any) -> list[Found]:
    """Every check; outbound ones run together, none inside a transaction."""
    settings: Settings = context.settings
    check_context = CheckContext(settings, context.http_client, context.state)
    groups: list[list[Found]] = list(
        await asyncio.gather(
            metadata_source(settings, context),
            indexers(settings, check_context),
            download_clients(settings, check_context),
            asyncio.to_thread(library_roots, settings),
            asyncio.to_thread(path_mappings, settings),
        )
    )
    # The database checks one after the other: each holds a connection only briefly.
    groups.append(await failing_jobs(context))
    groups.append(await database_size(settings, context))
    return [problem for group in groups for problem in group]


async def metadata_source(settings: Settings, context: Any) -> list[Found]:
    result = await check_metadata_source(settings.metadata, context.state)
    if result.ok:
        return []
    return [
        Found(
            "metadata-source",
            "error",
            f"The metadata source does not work: {result.message} (Settings → Metadata)",
        )
    ]


async def indexers(settings: Settings, context: CheckContext) -> list[Found]:
    enabled = [indexer for indexer in settings.indexer.torznab if indexer.enabled]
    results = await asyncio.gather(*(check_indexer(indexer, context) for indexer in enabled))
    return [
        Found(
            f"indexer:{indexer.name}",
            "error",
            f"The indexer {indexer.name} cannot be searched: {result.message}",
        )
        for indexer, result in zip(enabled, results, strict=True)
        if not result.ok
    ]


async def download_clients(settings: Settings, context: CheckContext) -> list[Found]:
    enabled = [client for client in settings.downloads.clients if client.enabled]
    results = await asyncio.gather(*(check_download_client(client, context) for client in enabled))
    return [
        Found(
            f"download-client:{client.name}",
            "error",
            f"The download client {client.name} does not work: {result.message}",
        )
        for client, result in zip(enabled, results, strict=True)
        if not result.ok
    ]


def library_roots(settings: Settings) -> list[Found]:
    """Each library folder: present, writable, with room, and hardlinkable from downloads."""
    roots: list[tuple[str, Path]] = []
    for kind in ("tv", "movies"):
        default = getattr(settings.paths, kind)
        roots.append((f"{kind}/{DEFAULT_LIBRARY}", default))
        roots.extend(
            (f"{kind}/{entry.name}", entry.path) for entry in getattr(settings.library, kind)
        )
    downloads: Path = settings.paths.downloads  # type: ignore[assignment]
    threshold = settings.health.free_space_warning_gib * GIB
    found: list[Found] = []
    for label, path in roots:
        problem = _folder_problem(path)
        if problem:
            found.append(Found(f"library:{label}", "error", f"The library {label}: {problem}"))
            continue
        free = shutil.disk_usage(path).free
        if free < threshold:
            found.append(
                Found(
                    f"library-free-space:{label}",
                    "warning",
                    f"The library {label} ({path}) has {free / GIB:.1f} GiB free, less than "
                    f"{settings.health.free_space_warning_gib:g} GiB; free some space or raise "
                    "health.free_space_warning_gib",
                )
            )
        if downloads.exists() and os.stat(path).st_dev != os.stat(downloads).st_dev:
            found.append(
                Found(
                    f"library-hardlink:{label}",
                    "warning",
                    f"The library {label} ({path}) is on another filesystem than the download "
                    f"folder {downloads}: imports copy files instead of hardlinking them (twice "
                    "the space). Put both on one filesystem (one volume, mounted once)",
                )
            )
    return found


def _folder_problem(path: Path) -> str | None:
    if not path.exists():
        return f"{path} does not exist; create it or correct the path"
    if not path.is_dir():
        return f"{path} is not a folder; correct the path"
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".mediamanager-health-"):
            pass
    except OSError as exc:
        reason = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror
        return (
            f"MediaManager cannot write to {path} ({reason}); give the user it runs as write "
            "access to the folder"
        )
    return None


def path_mappings(settings: Settings) -> list[Found]:
    """Each remote path mapping's local folder exists (else imports cannot find downloads)."""
    found = []
    for client in settings.downloads.clients:
        if not client.enabled:
            continue
        for mapping in client.path_mappings:
            if not Path(mapping.local).is_dir():
                found.append(
                    Found(
                        f"path-mapping:{client.name}:{mapping.remote}",
                        "error",
                        f"The download client {client.name} maps {mapping.remote} to "
                        f"{mapping.local}, which does not exist here; mount the client's "
                        "download folder there or correct the mapping",
                    )
                )
    return found


async def failing_jobs(context: Any) -> list[Found]:
    runner = getattr(context.state, "job_runner", None)
    if runner is None:
        return []
    async with context.sessionmaker() as session:
        await begin_read(session)
        runs = await JobRunReader(session).failed_latest(runner.job_ids())
    return [
        Found(
            f"job:{run.job_id}",
            "warning",
            f"The last run of the job {run.job_id} failed ({run.error}); see the log around "
            f"{run.started_at.isoformat(timespec='seconds')}. It runs again on schedule",
        )
        for run in runs
    ]


async def database_size(settings: Settings, context: Any) -> list[Found]:
    size = await measure_database(settings, context)
    limit = settings.health.database_size_warning_gib * GIB
    if size is None or size < limit:
        return []
    return [
        Found(
            "database-size",
            "warning",
            f"The database takes {size / GIB:.1f} GiB, more than "
            f"{settings.health.database_size_warning_gib:g} GiB; check the free space where it "
            "lives, or raise health.database_size_warning_gib",
        )
    ]


async def measure_database(settings: Settings, context: Any) -> int | None:
    """The database's size in bytes (SQLite: the file and its WAL), None for in-memory ones."""
    if settings.is_sqlite:
        database = make_url(settings.database_url).database
        if not database or database == ":memory:":
            return None
        return await asyncio.to_thread(_file_sizes, Path(database))
    async with context.sessionmaker() as session:
        await begin_read(session)
        return await postgres_database_size(session)


def _file_sizes(database: Path) -> int:
    total = 0
    for path in (database, Path(f"{database}-wal")):
        try:
            total += path.stat().st_size
        except FileNotFoundError:
            continue
    return total
