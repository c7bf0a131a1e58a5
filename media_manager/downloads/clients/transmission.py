"""Transmission through its RPC (transmission-rpc, a blocking library run in a thread).

The category is a Transmission label. Labels exist since RPC 16 (Transmission 3.00), but
torrent-add accepts them only from RPC 17 (4.0): on 3.00 the label is set by a torrent-set right
after the add. Transmission cannot filter torrent-get by label, so items() asks for every
torrent (only the fields it maps) in one call and keeps those with the label.
"""

import asyncio
import logging
import posixpath
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import httpx
import transmission_rpc
from transmission_rpc import error as rpc_errors

from media_manager.core.checks import CheckResult
from media_manager.core.database import check_no_transaction
from media_manager.downloads.clients.base import (
    ClientAuthFailed,
    ClientError,
    ClientItem,
    ClientRejected,
    ClientUnavailable,
    DownloadClient,
    DownloadStatus,
    ReleaseFile,
)
from media_manager.downloads.config import DownloadClientSettings
from media_manager.downloads.torrentfile import info_hash, magnet_info_hash

log = logging.getLogger(__name__)
T = TypeVar("T")

LABELS_RPC = 16  # torrent-get/torrent-set labels: Transmission 3.00
ADD_WITH_LABELS_RPC = 17  # torrent-add labels: Transmission 4.0

FIELDS = [
    "hashString",
    "name",
    "status",
    "error",
    "errorString",
    "percentDone",
    "leftUntilDone",
    "sizeWhenDone",
    "haveValid",
    "rateDownload",
    "rateUpload",
    "eta",
    "uploadRatio",
    "downloadDir",
    "labels",
    "secondsSeeding",
    "isStalled",
    "metadataPercentComplete",
]

# Transmission's torrent status codes.
STOPPED, CHECK_WAIT, CHECK, DOWNLOAD_WAIT, DOWNLOAD, SEED_WAIT, SEED = range(7)
# Its error codes: tracker warnings (1) and errors (2) do not stop a torrent, local errors (3) do.
LOCAL_ERROR = 3


class TransmissionClient(DownloadClient):
    def __init__(self, settings: DownloadClientSettings, http_client: httpx.AsyncClient) -> None:
        super().__init__(settings)
        # transmission-rpc brings its own requests session; the app's httpx client is not used.
        parts = urlsplit(settings.url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError(f"Transmission address {settings.url!r} is not an http(s) URL")
        path = parts.path.rstrip("/")
        if not path:
            path = "/transmission/rpc"
        elif not path.endswith("/rpc"):
            path += "/rpc"
        self._options: dict[str, Any] = {
            "protocol": parts.scheme,
            "host": parts.hostname,
            "port": parts.port or (443 if parts.scheme == "https" else 80),
            "path": path,
            "username": settings.username or unquote(parts.username or "") or None,
            "password": settings.password.get_secret_value() if settings.password else None,
            "timeout": settings.timeout_seconds,
        }
        self._rpc: transmission_rpc.Client | None = None
        self._rpc_version = 0
        self._lock = asyncio.Lock()

    async def _call(self, what: str, function: Callable[..., T], /, *args: Any) -> T:
        check_no_transaction(f"Transmission call ({what}) to {self.name!r}")
        async with self._lock:
            return await asyncio.to_thread(self._run, what, function, args)

    def _run(self, what: str, function: Callable[..., T], args: tuple) -> T:
        try:
            if self._rpc is None:
                # The constructor already asks for the session (version, RPC version).
                self._rpc = transmission_rpc.Client(**self._options)
                self._rpc_version = self._rpc.get_session().rpc_version
            return function(self._rpc, *args)
        except rpc_errors.TransmissionAuthError:
            raise ClientAuthFailed(
                self.name, "Transmission refused the username or password"
            ) from None
        except rpc_errors.TransmissionTimeoutError:
            raise ClientUnavailable(
                self.name, f"Transmission at {self.settings.url} did not answer in time"
            ) from None
        except rpc_errors.TransmissionConnectError as exc:
            raise ClientUnavailable(
                self.name, f"cannot reach Transmission at {self.settings.url}: {_reason(exc)}"
            ) from None
        except rpc_errors.TransmissionError as exc:
            if self._rpc is None or exc.response is None:
                # No JSON-RPC answer at all: something else listens at that address.
                raise ClientError(
                    self.name,
                    f"{self.settings.url} does not look like Transmission's RPC "
                    f"({exc.message}); check the address, port and path",
                ) from None
            raise ClientRejected(self.name, f"{what}: {_result(exc)}") from None

    async def test(self) -> CheckResult:
        try:
            return await self._call("test", self._check)
        except ClientError as exc:
            return CheckResult.failed(exc.reason)

    def _check(self, rpc: transmission_rpc.Client) -> CheckResult:
        session = rpc.get_session()
        details: dict[str, str | int | None] = {
            "version": session.version,
            "rpc_version": session.rpc_version,
            "label": self.settings.category,
            "download_dir": session.download_dir,
        }
        if session.rpc_version < LABELS_RPC:
            return CheckResult.failed(
                f"Transmission {session.version} is too old: labels (our category) need "
                "Transmission 3.00 or later",
                **details,
            )
        free = rpc.free_space(session.download_dir)
        details["free_bytes"] = free
        return CheckResult.passed(
            f"Connected to Transmission {session.version}; downloads labelled "
            f"{self.settings.category!r} save to {session.download_dir}",
            **details,
        )

    async def add(self, release: ReleaseFile) -> str:
        try:
            if release.kind == "torrent" and release.content:
                wanted = release.info_hash or info_hash(release.content)
                source: bytes | str = release.content
            elif release.kind == "magnet" and release.magnet:
                wanted = release.info_hash or magnet_info_hash(release.magnet)
                source = release.magnet
            else:
                raise ClientRejected(self.name, f"Transmission cannot download a {release.kind}")
        except ValueError as exc:
            raise ClientRejected(self.name, str(exc)) from None
        return await self._call("add", self._add, wanted.lower(), source)

    def _add(self, rpc: transmission_rpc.Client, wanted: str, source: bytes | str) -> str:
        label = self.settings.category
        existing = rpc.get_torrents(ids=[wanted], arguments=["labels"])
        if existing:
            labels = existing[0].fields.get("labels") or []
            if label in labels:
                return wanted
            raise ClientRejected(
                self.name,
                f"Transmission already has this torrent without the label {label!r} "
                f"(labels: {', '.join(labels) or 'none'})",
            )
        if self._rpc_version >= ADD_WITH_LABELS_RPC:
            added = rpc.add_torrent(source, labels=[label])
        else:
            added = rpc.add_torrent(source)
            rpc.change_torrent(ids=[added.hash_string], labels=[label])
        if added.hash_string.lower() != wanted:
            log.warning(
                "Transmission %r reports info hash %s for a release we computed as %s",
                self.name,
                added.hash_string,
                wanted,
            )
        return added.hash_string.lower()

    async def items(self) -> list[ClientItem]:
        torrents = await self._call("list downloads", _torrent_fields)
        label = self.settings.category
        return [
            _item(fields, label) for fields in torrents if label in (fields.get("labels") or [])
        ]

    async def pause(self, ids: list[str]) -> None:
        # Transmission 3.00 ignores a stop while it verifies a torrent (status 1/2, reported as
        # queued) and starts it afterwards: such a pause has to be repeated once it is checked.
        if ids:
            await self._call("pause", lambda rpc: rpc.stop_torrent(ids))

    async def resume(self, ids: list[str]) -> None:
        if ids:
            await self._call("resume", lambda rpc: rpc.start_torrent(ids))

    async def remove(self, ids: list[str], *, delete_data: bool) -> None:
        if ids:
            await self._call("remove", lambda rpc: rpc.remove_torrent(ids, delete_data=delete_data))

    async def close(self) -> None:
        rpc, self._rpc = self._rpc, None
        if rpc is not None:
            rpc.__exit__(None, None, None)  # closes its HTTP session; no request is made


def _torrent_fields(rpc: transmission_rpc.Client) -> list[dict[str, Any]]:
    return [torrent.fields for torrent in rpc.get_torrents(arguments=FIELDS)]


def _item(fields: dict[str, Any], label: str) -> ClientItem:
    status_code = fields.get("status", STOPPED)
    done = fields.get("leftUntilDone", 1) == 0 and fields.get("metadataPercentComplete", 0) >= 1
    error_code = fields.get("error", 0)
    error = fields.get("errorString") or None
    if error_code == LOCAL_ERROR:
        status = DownloadStatus.FAILED
        error = error or "Transmission stopped this torrent with a local error"
    elif status_code in (SEED_WAIT, SEED) or (status_code == STOPPED and done):
        status = DownloadStatus.COMPLETED
    elif status_code == STOPPED:
        status = DownloadStatus.PAUSED
    elif status_code in (CHECK_WAIT, CHECK, DOWNLOAD_WAIT):
        status = DownloadStatus.QUEUED
    elif fields.get("isStalled"):
        status = DownloadStatus.STALLED
    else:
        status = DownloadStatus.DOWNLOADING
    if error_code == 0:
        error = None
    eta = fields.get("eta")
    if eta is None or eta < 0 or status is DownloadStatus.COMPLETED:
        eta = None
    download_dir, name = fields.get("downloadDir"), fields.get("name")
    ratio = fields.get("uploadRatio")
    return ClientItem(
        id=fields["hashString"].lower(),
        name=name or "",
        status=status,
        progress=float(fields.get("percentDone") or 0.0),
        size_bytes=fields.get("sizeWhenDone"),
        downloaded_bytes=fields.get("haveValid"),
        download_speed=fields.get("rateDownload"),
        upload_speed=fields.get("rateUpload"),
        eta_seconds=eta,
        # Transmission answers -1 (nothing downloaded) or -2 (infinite).
        ratio=ratio if ratio is not None and ratio >= 0 else None,
        content_path=posixpath.join(download_dir, name) if download_dir and name else None,
        category=label,
        error=error,
        seeding_seconds=fields.get("secondsSeeding"),
    )


def _result(exc: rpc_errors.TransmissionError) -> str:
    response = exc.response if isinstance(exc.response, dict) else {}
    return str(response.get("result") or exc.message)


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused (is it running, and is the port right?)"
    if "name or service not known" in text:
        return "unknown host name"
    return str(exc)
