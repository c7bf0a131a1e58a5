"""qBittorrent through its Web API (qbittorrent-api, a blocking library run in a thread)."""

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import qbittorrentapi
from qbittorrentapi import exceptions as qbt_errors

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

# qBittorrent reports 8640000 (100 days) when it cannot estimate.
ETA_INFINITY = 8_640_000

# 4.x names and the 5.x renames (paused* -> stopped*).
_STATES: dict[str, DownloadStatus] = {
    "allocating": DownloadStatus.QUEUED,
    "checkingDL": DownloadStatus.QUEUED,
    "checkingUP": DownloadStatus.QUEUED,
    "checkingResumeData": DownloadStatus.QUEUED,
    "queuedDL": DownloadStatus.QUEUED,
    "metaDL": DownloadStatus.DOWNLOADING,
    "forcedMetaDL": DownloadStatus.DOWNLOADING,
    "downloading": DownloadStatus.DOWNLOADING,
    "forcedDL": DownloadStatus.DOWNLOADING,
    # Files are being moved to their final folder: not usable yet.
    "moving": DownloadStatus.DOWNLOADING,
    "stalledDL": DownloadStatus.STALLED,
    "pausedDL": DownloadStatus.PAUSED,
    "stoppedDL": DownloadStatus.PAUSED,
    "uploading": DownloadStatus.COMPLETED,
    "stalledUP": DownloadStatus.COMPLETED,
    "pausedUP": DownloadStatus.COMPLETED,
    "stoppedUP": DownloadStatus.COMPLETED,
    "queuedUP": DownloadStatus.COMPLETED,
    "forcedUP": DownloadStatus.COMPLETED,
    "error": DownloadStatus.FAILED,
    "missingFiles": DownloadStatus.FAILED,
}
_FAILURES = {
    "error": "qBittorrent stopped this torrent with an error (its log says which)",
    "missingFiles": "qBittorrent cannot find this torrent's files on disk",
}


class QBittorrentClient(DownloadClient):
    def __init__(self, settings: DownloadClientSettings, http_client: httpx.AsyncClient) -> None:
        super().__init__(settings)
        # qbittorrent-api brings its own requests session; the app's httpx client is not used.
        self._api = qbittorrentapi.Client(
            host=settings.url,
            username=settings.username or "",
            password=settings.password.get_secret_value() if settings.password else "",
            SIMPLE_RESPONSES=True,
            DISABLE_LOGGING_DEBUG_OUTPUT=True,
            # The library tries every request twice; half the timeout each keeps the whole
            # call within timeout_seconds when a host does not answer at all.
            REQUESTS_ARGS={"timeout": settings.timeout_seconds / 2},
            HTTPADAPTER_ARGS={"max_retries": 0},
        )
        self._logged_in = False
        self._category_ready = False
        # One request at a time on the shared session (a re-login must not race a call).
        self._lock = asyncio.Lock()

    async def _call(self, what: str, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        check_no_transaction(f"qBittorrent call ({what}) to {self.name!r}")
        async with self._lock:
            return await asyncio.to_thread(self._run, what, function, args, kwargs)

    def _run(self, what: str, function: Callable[..., T], args: tuple, kwargs: dict) -> T:
        try:
            if not self._logged_in:
                self._log_in()
            # On a 403 (session expired, qBittorrent restarted) the library logs in again
            # and repeats the request once.
            return function(*args, **kwargs)
        except qbt_errors.LoginFailed:
            self._logged_in = False
            raise ClientAuthFailed(
                self.name, "qBittorrent refused the username or password"
            ) from None
        except (qbt_errors.HTTP401Error, qbt_errors.HTTP403Error) as exc:
            self._logged_in = False
            raise ClientAuthFailed(self.name, _auth_refusal(exc)) from None
        except qbt_errors.HTTP404Error as exc:
            if not self._logged_in:
                raise ClientError(self.name, self._not_qbittorrent("answered 404")) from None
            raise ClientRejected(self.name, f"{what}: not found ({exc})") from None
        except (qbt_errors.HTTP400Error, qbt_errors.HTTP409Error, qbt_errors.HTTP415Error) as exc:
            raise ClientRejected(self.name, f"{what}: qBittorrent refused it ({exc})") from None
        except qbt_errors.HTTP5XXError as exc:
            raise ClientUnavailable(
                self.name, f"qBittorrent at {self.settings.url} failed ({exc})"
            ) from None
        except qbt_errors.HTTPError as exc:
            if not self._logged_in:
                raise ClientError(self.name, self._not_qbittorrent(str(exc))) from None
            raise ClientError(self.name, f"{what}: unexpected answer ({exc})") from None
        except qbt_errors.APIConnectionError as exc:
            raise ClientUnavailable(
                self.name, f"cannot reach qBittorrent at {self.settings.url}: {_reason(exc)}"
            ) from None
        except qbt_errors.APIError as exc:
            # The answer could not be parsed: something else listens at that address.
            raise ClientError(self.name, self._not_qbittorrent(str(exc))) from None

    def _log_in(self) -> None:
        # Forget the version remembered by the last login (it may be another qBittorrent now).
        vars(self._api).pop("app_web_api_version", None)
        self._api.auth_log_in()
        version = self._api.app_web_api_version()
        if not _looks_like_version(version):
            raise ClientError(self.name, self._not_qbittorrent("it has no Web API version"))
        # The library asks the Web API version before every add/pause/resume to pick an
        # endpoint name; it cannot change while this session lives, so ask once per login.
        self._api.app_web_api_version = lambda **_: version  # type: ignore[method-assign]
        self._logged_in = True

    def _not_qbittorrent(self, detail: str) -> str:
        return (
            f"{self.settings.url} does not look like qBittorrent's Web UI ({detail}); "
            "check the address and port"
        )

    async def test(self) -> CheckResult:
        try:
            return await self._call("test", self._check)
        except ClientError as exc:
            return CheckResult.failed(exc.reason)

    def _check(self) -> CheckResult:
        version = self._api.app_version()
        api_version = self._api.app_web_api_version()
        # Plain dicts (SIMPLE_RESPONSES); the library types them as its own JSON values.
        categories: dict[str, Any] = dict(self._api.torrents_categories())
        category = self.settings.category
        details: dict[str, str | None] = {
            "version": version,
            "web_api_version": api_version,
            "category": category,
        }
        if category in categories:
            save_path = str(
                categories[category].get("savePath") or self._api.app_default_save_path()
            )
            details["save_path"] = save_path
            return CheckResult.passed(
                f"Connected to qBittorrent {version}; category {category!r} saves to {save_path}",
                **details,
            )
        save_path = self._api.app_default_save_path()
        details["save_path"] = save_path
        return CheckResult.passed(
            f"Connected to qBittorrent {version}; category {category!r} does not exist yet "
            f"and will be created with the first download, saving to {save_path}",
            **details,
        )

    async def add(self, release: ReleaseFile) -> str:
        if release.kind == "torrent":
            if not release.content:
                raise ClientRejected(self.name, "the release has no .torrent content")
            wanted = release.info_hash or _hash_or_reject(self.name, info_hash, release.content)
            source: dict[str, Any] = {"torrent_files": release.content}
        elif release.kind == "magnet" and release.magnet:
            wanted = release.info_hash or _hash_or_reject(
                self.name, magnet_info_hash, release.magnet
            )
            source = {"urls": release.magnet}
        else:
            raise ClientRejected(self.name, f"qBittorrent cannot download a {release.kind}")
        wanted = wanted.lower()
        return await self._call("add", self._add, wanted, source)

    def _add(self, wanted: str, source: dict[str, Any]) -> str:
        category = self.settings.category
        if not self._category_ready:
            if category not in self._api.torrents_categories():
                log.info("Creating category %r in qBittorrent %r", category, self.name)
                self._api.torrents_create_category(name=category)
            self._category_ready = True
        answer = self._api.torrents_add(category=category, **source)
        if answer == "Ok.":
            return wanted
        # "Fails." means a bad torrent or one qBittorrent already has.
        existing = self._api.torrents_info(torrent_hashes=wanted)
        if not existing:
            raise ClientRejected(self.name, "qBittorrent refused the torrent (not a valid file?)")
        if existing[0].get("category") != category:
            raise ClientRejected(
                self.name,
                f"qBittorrent already has this torrent in category "
                f"{existing[0].get('category') or '(none)'!r}, not {category!r}",
            )
        return wanted

    async def items(self) -> list[ClientItem]:
        torrents = await self._call(
            "list downloads", self._api.torrents_info, category=self.settings.category
        )
        return [_item(torrent) for torrent in torrents]

    async def pause(self, ids: list[str]) -> None:
        if ids:
            await self._call("pause", self._api.torrents_pause, torrent_hashes=ids)

    async def resume(self, ids: list[str]) -> None:
        if ids:
            await self._call("resume", self._api.torrents_resume, torrent_hashes=ids)

    async def remove(self, ids: list[str], *, delete_data: bool) -> None:
        if ids:
            await self._call(
                "remove", self._api.torrents_delete, delete_files=delete_data, torrent_hashes=ids
            )

    async def close(self) -> None:
        if not self._logged_in:
            return
        self._logged_in = False
        try:
            await asyncio.to_thread(self._api.auth_log_out)
        except qbt_errors.APIError as exc:  # closing must not fail because the client is down
            log.debug("qBittorrent %r: logging out failed: %s", self.name, exc)


def _item(torrent: dict[str, Any]) -> ClientItem:
    state = torrent.get("state", "unknown")
    status = _STATES.get(state, DownloadStatus.QUEUED)
    error = _FAILURES.get(state)
    if state not in _STATES:
        error = f"qBittorrent reports an unknown state {state!r}"
    eta = torrent.get("eta")
    if eta is None or eta < 0 or eta >= ETA_INFINITY or status is DownloadStatus.COMPLETED:
        eta = None
    speed_down = torrent.get("dlspeed")
    return ClientItem(
        id=torrent["hash"],
        name=torrent.get("name", ""),
        status=status,
        progress=float(torrent.get("progress") or 0.0),
        size_bytes=torrent.get("size"),
        downloaded_bytes=torrent.get("completed"),
        download_speed=speed_down,
        upload_speed=torrent.get("upspeed"),
        eta_seconds=eta,
        ratio=torrent.get("ratio"),
        content_path=torrent.get("content_path") or None,
        category=torrent.get("category"),
        error=error,
        seeding_seconds=torrent.get("seeding_time"),
    )


def _hash_or_reject(client: str, compute: Callable[[Any], str], value: Any) -> str:
    try:
        return compute(value)
    except ValueError as exc:
        raise ClientRejected(client, str(exc)) from None


def _looks_like_version(text: object) -> bool:
    return isinstance(text, str) and text.replace(".", "").isdigit()


def _auth_refusal(exc: Exception) -> str:
    text = str(exc).strip()
    if "banned" in text.lower():
        return f"qBittorrent has banned this address after failed logins ({text})"
    return "qBittorrent refused the login (wrong username or password?)"


def _reason(exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused (is it running, and is the port right?)"
    if "timeout" in lowered or "timed out" in lowered:
        return "no answer in time"
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "unknown host name"
    return text
