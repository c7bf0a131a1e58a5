"""The "test" actions: each talks to the real thing and says what is wrong in plain words."""

import asyncio
import errno
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
from starlette.datastructures import State

from media_manager.config import Settings
from media_manager.core.checks import CheckResult
from media_manager.downloads.clients.factory import create_client
from media_manager.downloads.config import DownloadClientSettings
from media_manager.indexer.config import ProwlarrSettings, TorznabIndexerSettings
from media_manager.indexer.exceptions import (
    IndexerApiError,
    IndexerBadResponse,
    IndexerError,
    IndexerTimeout,
    IndexerUnavailable,
)
from media_manager.indexer.providers.factory import provider_factory
from media_manager.indexer.providers.prowlarr import ProwlarrClient
from media_manager.indexer.service import redact_url, torznab_definition
from media_manager.library.config import LibraryEntry
from media_manager.metadata.config import MetadataSettings
from media_manager.metadata.source import check_metadata_source

log = logging.getLogger(__name__)

# Newznab error codes meaning the credentials were refused (100 incorrect, 101 suspended,
# 102 insufficient privileges).
CREDENTIAL_ERRORS = {"100", "101", "102"}
_HTTP_STATUS = re.compile(r"^answered HTTP (\d{3})")
GIB = 1024**3


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a test action may use: the settings in effect and the app's shared resources."""

    settings: Settings
    http_client: httpx.AsyncClient
    state: State


async def check_indexer(indexer: TorznabIndexerSettings, context: CheckContext) -> CheckResult:
    """Capabilities, a one-result search with the API key, and the configured categories."""
    definition = torznab_definition(indexer)
    provider = provider_factory(context.http_client)(definition)
    where = redact_url(definition.endpoint)
    try:
        async with asyncio.timeout(indexer.timeout_seconds):
            caps = await provider.test()
    except TimeoutError:
        return CheckResult.failed(
            f"{where} did not answer within {indexer.timeout_seconds:g} s; check the URL, or "
            "raise timeout_seconds for a slow indexer"
        )
    except IndexerError as exc:
        return CheckResult.failed(_indexer_problem(exc, where))
    offered = {category for parent, subs in caps.categories.items() for category in (parent, *subs)}
    missing = [category for category in indexer.categories if category not in offered]
    modes = sorted(name for name, mode in caps.modes.items() if mode.available)
    details = {
        "categories_offered": ",".join(str(c) for c in sorted(caps.categories)),
        "search_modes": ",".join(modes),
    }
    if offered and len(missing) == len(indexer.categories):
        return CheckResult.failed(
            f"The indexer answers and accepts the API key, but offers none of the configured "
            f"categories ({_join(indexer.categories)}); it offers {details['categories_offered']}",
            **details,
        )
    message = "The indexer answers and accepts the API key"
    if missing and offered:
        message += f"; it does not offer categories {_join(missing)}"
    return CheckResult.passed(message, **details)


def _indexer_problem(exc: IndexerError, where: str) -> str:
    if isinstance(exc, IndexerApiError):
        if exc.code in CREDENTIAL_ERRORS:
            return f"The indexer refused the API key ({exc.message}); check api_key"
        return f"The indexer answered with an error: {exc.message}"
    if isinstance(exc, IndexerBadResponse):
        return (
            f"{where} answered, but not with Torznab/Newznab XML ({exc.message}); check that the "
            "URL is the indexer's Torznab or Newznab feed"
        )
    if isinstance(exc, IndexerTimeout):
        return f"{where}: {exc.message}"
    if isinstance(exc, IndexerUnavailable):
        status = _HTTP_STATUS.match(exc.message)
        if status and status.group(1) in ("401", "403"):
            return f"The indexer refused the API key ({exc.message}); check api_key"
        if status and status.group(1) == "404":
            return f"Nothing is found at {where} (HTTP 404); check the URL"
        if status:
            return f"The indexer at {where} {exc.message}"
        return (
            f"Nothing answers at {where} ({exc.message}); check the address and port, and that "
            "the indexer is running"
        )
    return exc.message


async def check_prowlarr(prowlarr: ProwlarrSettings, context: CheckContext) -> CheckResult:
    """Prowlarr's API answers with the key and lists its indexers."""
    if prowlarr.api_key is None:
        return CheckResult.failed("Set Prowlarr's API key (Settings → General in Prowlarr)")
    try:
        indexers = await ProwlarrClient(context.http_client, prowlarr).indexers()
    except IndexerError as exc:
        return CheckResult.failed(exc.message)
    if not indexers:
        return CheckResult.failed("Prowlarr answers, but has no indexers; add some in Prowlarr")
    return CheckResult.passed(
        f"Prowlarr answers and lists {len(indexers)} indexer(s)",
        indexers=", ".join(definition.name for definition in indexers),
    )


async def check_download_client(
    client_settings: DownloadClientSettings, context: CheckContext
) -> CheckResult:
    """The client's own check: version, credentials, the category and its save path."""
    try:
        client = create_client(client_settings, context.http_client)
    except ImportError:
        log.warning("The %s integration is not part of this build", client_settings.kind)
        return CheckResult.failed(f"The {client_settings.kind} integration is not available")
    try:
        return await client.test()
    finally:
        await client.close()


async def check_library_root(entry: LibraryEntry, context: CheckContext) -> CheckResult:
    """The folder exists, is writable, has room, and shares a filesystem with the downloads."""
    downloads = context.settings.paths.downloads
    return await asyncio.to_thread(_check_folder, entry.path, downloads)


def _check_folder(path: Path, downloads: Path | None) -> CheckResult:
    if not path.exists():
        return CheckResult.failed(f"{path} does not exist; create it or correct the path")
    if not path.is_dir():
        return CheckResult.failed(f"{path} is not a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".mediamanager-check-"):
            pass
    except OSError as exc:
        reason = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror
        return CheckResult.failed(
            f"MediaManager cannot write to {path} ({reason}); give the user it runs as "
            "write access to the folder"
        )
    free = shutil.disk_usage(path).free
    details: dict[str, str | int | bool | None] = {"free_bytes": free}
    message = f"{path} is writable, {free / GIB:.1f} GiB free"
    if downloads is None or not downloads.exists():
        details["hardlinks"] = None
        return CheckResult.passed(
            f"{message}; the download folder {downloads} does not exist yet, so hardlinking "
            "could not be checked",
            **details,
        )
    same = os.stat(path).st_dev == os.stat(downloads).st_dev
    details["hardlinks"] = same
    if not same:
        return CheckResult.passed(
            f"{message}; warning: it is on another filesystem than the download folder "
            f"{downloads}, so imports copy files instead of hardlinking them (twice the space)",
            **details,
        )
    return CheckResult.passed(
        f"{message}, on the same filesystem as the download folder (imports hardlink)", **details
    )


async def check_metadata(metadata: MetadataSettings, context: CheckContext) -> CheckResult:
    """One lookup against the configured metadata source."""
    return await check_metadata_source(metadata, context.state)


def _join(categories: list[int]) -> str:
    return ", ".join(str(category) for category in categories)
