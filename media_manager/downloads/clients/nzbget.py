"""NZBGet over JSON-RPC (POST <url>/jsonrpc, HTTP basic auth with ControlUsername/Password).

A polling tick makes two calls, listgroups and history, whatever the number of downloads; a
third (status, for the download speed) only while something downloads.
"""

import base64
import logging
from typing import Any

import httpx

from media_manager.core.checks import CheckResult
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
from media_manager.downloads.clients.local_data import delete_job_data
from media_manager.downloads.config import DownloadClientSettings

log = logging.getLogger(__name__)

_QUEUE_STATUS = {
    "QUEUED": DownloadStatus.QUEUED,
    "PAUSED": DownloadStatus.PAUSED,
    "DOWNLOADING": DownloadStatus.DOWNLOADING,
    "FETCHING": DownloadStatus.DOWNLOADING,
}
# Everything else in the queue (PP_QUEUED, LOADING_PARS, VERIFYING_SOURCES, REPAIRING,
# VERIFYING_REPAIRED, RENAMING, UNPACKING, MOVING, EXECUTING_SCRIPT, PP_FINISHED) is
# post-processing: downloading at 100%, the files are not in their final folder yet.

# History statuses in plain words. WARNING/SCRIPT keeps the files complete (only a
# post-processing script failed): completed, with the warning. The other warnings mean the
# files are damaged, incomplete, encrypted or could not be written: failed.
_REASONS = {
    "WARNING/SCRIPT": "a post-processing script of NZBGet failed (the files are complete)",
    "WARNING/SPACE": "NZBGet ran out of disk space",
    "WARNING/PASSWORD": "the archive needs a password",
    "WARNING/DAMAGED": "the download is damaged and has no par2 files to repair it",
    "WARNING/REPAIRABLE": "the download is damaged; it can be repaired but NZBGet did not",
    "WARNING/HEALTH": "too many articles are missing (health below critical)",
    "FAILURE/PAR": "par2 repair failed",
    "FAILURE/UNPACK": "unpacking failed",
    "FAILURE/MOVE": "moving the files to the destination failed",
    "FAILURE/HEALTH": "too many articles are missing (health below critical)",
    "FAILURE/BAD": "the download was marked bad",
    "FAILURE/FETCH": "NZBGet could not fetch the NZB",
    "FAILURE/SCAN": "NZBGet could not read the NZB",
    "DELETED/HEALTH": "NZBGet deleted it: too many articles are missing (health below critical)",
    "DELETED/MANUAL": "the download was deleted in NZBGet",
    "DELETED/DUPE": "NZBGet deleted it as a duplicate",
    "DELETED/COPY": "NZBGet deleted it as a copy of another download",
    "DELETED/GOOD": "NZBGet deleted it: another copy already succeeded",
    "DELETED/SCAN": "NZBGet could not read the NZB",
}


def _size(item: dict[str, Any], prefix: str) -> int:
    return (int(item.get(f"{prefix}Hi") or 0) << 32) + int(item.get(f"{prefix}Lo") or 0)


def _history_state(status: str) -> tuple[DownloadStatus, str | None]:
    reason = _REASONS.get(status)
    text = f"{status}: {reason}" if reason else status
    if status.startswith("SUCCESS/"):
        return DownloadStatus.COMPLETED, None
    if status == "WARNING/SCRIPT":
        return DownloadStatus.COMPLETED, text
    return DownloadStatus.FAILED, text


class NzbgetClient(DownloadClient):
    def __init__(self, settings: DownloadClientSettings, http_client: httpx.AsyncClient) -> None:
        super().__init__(settings)
        self.http = http_client

    async def _call(self, method: str, *params: Any) -> Any:
        extra: dict[str, Any] = {}
        if self.settings.username:
            password = self.settings.password.get_secret_value() if self.settings.password else ""
            extra["auth"] = httpx.BasicAuth(self.settings.username, password)
        timeout = self.settings.timeout_seconds
        try:
            response = await self.http.post(
                f"{self.settings.url}/jsonrpc",
                json={"version": "1.1", "id": 1, "method": method, "params": list(params)},
                # NZBGet 21 answers a refused login with "Connection: keep-alive" and then
                # closes the socket: a pooled connection would fail the next call.
                headers={"Connection": "close"},
                timeout=timeout,
                **extra,
            )
        except httpx.TimeoutException as exc:
            raise ClientUnavailable(
                self.name, f"NZBGet at {self.settings.url} did not answer within {timeout:g} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise ClientUnavailable(
                self.name,
                f"cannot connect to NZBGet at {self.settings.url} ({exc or type(exc).__name__}); "
                "is it running and is the address right?",
            ) from exc
        if response.status_code in (401, 403):
            raise ClientAuthFailed(
                self.name,
                "NZBGet refused the user name or password (ControlUsername/ControlPassword in "
                "NZBGet's Settings → Security)",
            )
        try:
            data = response.json() if response.status_code == 200 else None
        except ValueError:
            data = None
        if not isinstance(data, dict) or ("result" not in data and "error" not in data):
            raise ClientUnavailable(
                self.name,
                f"{self.settings.url} answered HTTP {response.status_code} with something that is "
                "not NZBGet's JSON-RPC; check the address",
            )
        if data.get("error"):
            error = data["error"]
            message = error.get("message") if isinstance(error, dict) else str(error)
            raise ClientRejected(self.name, f"NZBGet refused {method}: {message}")
        return data["result"]

    async def _config(self) -> dict[str, str]:
        return {str(o.get("Name")): str(o.get("Value") or "") for o in await self._call("config")}

    def _category_dir(self, config: dict[str, str]) -> tuple[bool, str]:
        """(whether the category is defined, the folder its downloads go to)."""
        dest = config.get("DestDir", "")
        default = dest
        if config.get("AppendCategoryDir", "yes").lower() == "yes":
            default = f"{dest.rstrip('/')}/{self.settings.category}"
        wanted = self.settings.category.casefold()
        for key, value in config.items():
            if key.startswith("Category") and key.endswith(".Name") and value.casefold() == wanted:
                return True, config.get(key.removesuffix(".Name") + ".DestDir") or default
        return False, default

    async def test(self) -> CheckResult:
        try:
            version = str(await self._call("version"))
            config = await self._config()
        except ClientError as exc:
            return CheckResult.failed(exc.reason)
        defined, folder = self._category_dir(config)
        if not defined:
            return CheckResult.failed(
                f"NZBGet {version} has no category {self.settings.category!r}; add it under "
                "Settings → Categories (downloads would still go to "
                f"{folder}, without the category's settings)",
                version=version,
                save_path=folder,
            )
        return CheckResult.passed(
            f"NZBGet {version} accepts the credentials; category {self.settings.category!r} "
            f"saves to {folder}",
            version=version,
            category=self.settings.category,
            save_path=folder,
        )

    async def add(self, release: ReleaseFile) -> str:
        if release.kind != "nzb" or not release.content:
            raise ClientRejected(self.name, "NZBGet only takes .nzb files")
        # The extension tells NZBGet how to read the content.
        filename = release.name if release.name.endswith(".nzb") else f"{release.name}.nzb"
        nzb_id = await self._call(
            "append",
            filename,
            base64.b64encode(release.content).decode("ascii"),
            self.settings.category,
            0,  # Priority: normal
            False,  # AddToTop
            False,  # AddPaused
            "",  # DupeKey
            0,  # DupeScore
            "FORCE",  # DupeMode: we decide what to grab, not NZBGet's duplicate check
            [],  # PPParameters
        )
        if not isinstance(nzb_id, int) or nzb_id <= 0:
            raise ClientRejected(
                self.name, f"NZBGet did not accept the NZB of {release.name} (answer {nzb_id!r})"
            )
        return str(nzb_id)

    async def items(self) -> list[ClientItem]:
        category = self.settings.category.casefold()
        groups = [
            g
            for g in await self._call("listgroups", 0)
            if str(g.get("Category", "")).casefold() == category
        ]
        history = [
            h
            for h in await self._call("history", False)
            if str(h.get("Category", "")).casefold() == category and h.get("Kind", "NZB") == "NZB"
        ]
        downloading = [g for g in groups if g.get("Status") in ("DOWNLOADING", "FETCHING")]
        rate: int | None = None
        if len(downloading) == 1:
            # NZBGet reports one rate for everything; it belongs to a job only when one downloads.
            rate = int((await self._call("status")).get("DownloadRate") or 0)
        result = [self._group_item(g, rate if g in downloading else None) for g in groups]
        result.extend(self._history_item(h) for h in history)
        return result

    def _group_item(self, group: dict[str, Any], rate: int | None) -> ClientItem:
        status_text = str(group.get("Status"))
        status = _QUEUE_STATUS.get(status_text, DownloadStatus.DOWNLOADING)
        total = _size(group, "FileSize")
        remaining = _size(group, "RemainingSize")
        if status_text == "DOWNLOADING" and remaining and _size(group, "PausedSize") >= remaining:
            # A paused job reports DOWNLOADING until its articles in flight arrive; every
            # remaining file is paused, so it is paused.
            status = DownloadStatus.PAUSED
        if status == DownloadStatus.DOWNLOADING and status_text not in _QUEUE_STATUS:
            remaining = 0  # post-processing
        done = max(total - remaining, 0)
        return ClientItem(
            id=str(group["NZBID"]),
            name=str(group.get("NZBName") or ""),
            status=status,
            progress=done / total if total else 0.0,
            size_bytes=total or None,
            downloaded_bytes=done,
            download_speed=rate,
            eta_seconds=remaining // rate if rate else None,
            category=group.get("Category"),
        )

    def _history_item(self, item: dict[str, Any]) -> ClientItem:
        status, error = _history_state(str(item.get("Status")))
        total = _size(item, "FileSize")
        return ClientItem(
            id=str(item["NZBID"]),
            name=str(item.get("NZBName") or item.get("Name") or ""),
            status=status,
            progress=1.0 if status == DownloadStatus.COMPLETED else 0.0,
            size_bytes=total or None,
            downloaded_bytes=_size(item, "DownloadedSize") or None,
            content_path=(item.get("FinalDir") or item.get("DestDir") or None)
            if status == DownloadStatus.COMPLETED
            else None,
            category=item.get("Category"),
            error=error,
        )

    async def _edit(self, command: str, ids: list[int]) -> None:
        if not await self._call("editqueue", command, "", ids):
            raise ClientRejected(self.name, f"NZBGet refused {command} for {ids}")

    async def pause(self, ids: list[str]) -> None:
        if ids:
            await self._edit("GroupPause", [int(i) for i in ids])

    async def resume(self, ids: list[str]) -> None:
        if ids:
            await self._edit("GroupResume", [int(i) for i in ids])

    async def remove(self, ids: list[str], *, delete_data: bool) -> None:
        wanted = {int(i) for i in ids}
        if not wanted:
            return
        queued = [int(g["NZBID"]) for g in await self._call("listgroups", 0)]
        in_queue = sorted(wanted.intersection(queued))
        if in_queue:
            # GroupFinalDelete removes the job and its downloaded parts; GroupParkDelete keeps
            # the parts (and leaves a DELETED/MANUAL history record, removed just below).
            await self._edit("GroupFinalDelete" if delete_data else "GroupParkDelete", in_queue)
        history = [h for h in await self._call("history", False) if int(h["NZBID"]) in wanted]
        if not history:
            return
        if delete_data:
            # NZBGet keeps the files of successful jobs whatever the history command.
            finished = [
                h for h in history if _history_state(str(h.get("Status")))[0] == "completed"
            ]
            if finished:
                config = await self._config()
                roots = [config.get("DestDir", ""), config.get("InterDir", "")]
                roots += [v for k, v in config.items() if k.endswith(".DestDir") and v]
                for item in finished:
                    path = str(item.get("FinalDir") or item.get("DestDir") or "")
                    await delete_job_data(self.name, path, roots, self.settings.path_mappings)
        await self._edit("HistoryFinalDelete", [int(h["NZBID"]) for h in history])
