"""SABnzbd over its HTTP API (GET/POST <url>/api?mode=...&output=json&apikey=...).

A polling tick makes two calls, the queue and the category's history: a constant, whatever the
number of downloads. The API key is the full one (Config → General), not the NZB key.
"""

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

MEBI = 1024 * 1024
# SABnzbd answers only this many history rows unless asked for more (its history_limit is 10).
HISTORY_LIMIT = 100_000

_QUEUE_STATUS = {
    "Queued": DownloadStatus.QUEUED,
    "Grabbing": DownloadStatus.QUEUED,
    "Propagating": DownloadStatus.QUEUED,
    "Checking": DownloadStatus.QUEUED,
    "Fetching": DownloadStatus.DOWNLOADING,
    "Downloading": DownloadStatus.DOWNLOADING,
    "Paused": DownloadStatus.PAUSED,
}
# History rows that are not final yet are being post-processed (verify, repair, unpack, move,
# script); "Queued" there means downloaded and waiting for post-processing. All are reported as
# downloading at 100%: the files are not where they will end up yet.
_POST_PROCESSING = {
    "Queued",
    "Fetching",
    "Verifying",
    "Repairing",
    "Extracting",
    "Moving",
    "Running",
    "QuickCheck",
}


def _parse_timeleft(value: str | None) -> int | None:
    """'1:02:03' or '2:01:02:03' (days first) -> seconds."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split(":")]
    except ValueError:
        return None
    factors = [1, 60, 3600, 86400]
    return sum(p * f for p, f in zip(reversed(parts), factors, strict=False))


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _key_refused(error: str) -> str:
    return (
        f"SABnzbd refused the API key ({error.removeprefix('error: ')}); copy the API key "
        "(not the NZB key) from SABnzbd's Config → General"
    )


class SabnzbdClient(DownloadClient):
    def __init__(self, settings: DownloadClientSettings, http_client: httpx.AsyncClient) -> None:
        super().__init__(settings)
        self.http = http_client

    @property
    def _api_url(self) -> str:
        return f"{self.settings.url}/api"

    async def _api(
        self, mode: str, *, files: dict[str, Any] | None = None, **params: str
    ) -> dict[str, Any]:
        query = {"mode": mode, "output": "json", **params}
        if self.settings.api_key is not None:
            query["apikey"] = self.settings.api_key.get_secret_value()
        timeout = self.settings.timeout_seconds
        try:
            if files is None:
                response = await self.http.get(self._api_url, params=query, timeout=timeout)
            else:
                response = await self.http.post(
                    self._api_url, params=query, files=files, timeout=timeout
                )
        except httpx.TimeoutException as exc:
            raise ClientUnavailable(
                self.name, f"SABnzbd at {self.settings.url} did not answer within {timeout:g} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise ClientUnavailable(
                self.name,
                f"cannot connect to SABnzbd at {self.settings.url} ({exc or type(exc).__name__}); "
                "is it running and is the address right?",
            ) from exc
        if response.status_code in (401, 403):
            text = response.text
            if "API Key" in text:
                raise ClientAuthFailed(self.name, _key_refused(text.strip()))
            if "Hostname verification" in text:
                raise ClientAuthFailed(
                    self.name,
                    f"SABnzbd refused the host name in {self.settings.url}: add it to "
                    "host_whitelist (Config → Special)",
                )
            raise ClientAuthFailed(
                self.name, f"SABnzbd refused the request (HTTP {response.status_code})"
            )
        try:
            data = response.json() if response.status_code == 200 else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise ClientUnavailable(
                self.name,
                f"{self.settings.url} answered HTTP {response.status_code} with something that is "
                "not SABnzbd's API; check the address",
            )
        if data.get("status") is False and "error" in data:
            error = str(data["error"])
            if "API Key" in error:
                raise ClientAuthFailed(self.name, _key_refused(error))
            raise ClientRejected(self.name, f"SABnzbd refused the request: {error}")
        return data

    async def _categories(self) -> list[dict[str, Any]]:
        data = await self._api("get_config", section="categories")
        return list(data.get("config", {}).get("categories", []))

    async def test(self) -> CheckResult:
        try:
            version = (await self._api("version")).get("version")
            if not version:
                return CheckResult.failed(
                    f"{self.settings.url} answered, but not like SABnzbd; check the address"
                )
            # get_config needs the full API key, so this also proves the key.
            categories = await self._categories()
            misc = (await self._api("get_config", section="misc")).get("config", {}).get("misc", {})
        except ClientError as exc:
            return CheckResult.failed(exc.reason)
        complete_dir = str(misc.get("complete_dir") or "")
        category = next((c for c in categories if c.get("name") == self.settings.category), None)
        if category is None:
            names = ", ".join(str(c.get("name")) for c in categories if c.get("name") != "*")
            return CheckResult.failed(
                f"SABnzbd {version} has no category {self.settings.category!r} (it has: "
                f"{names or 'none'}); add it under Config → Categories",
                version=version,
            )
        folder = str(category.get("dir") or "")
        if not folder:
            folder = complete_dir
        elif not folder.startswith("/") and complete_dir:
            folder = f"{complete_dir.rstrip('/')}/{folder}"
        return CheckResult.passed(
            f"SABnzbd {version} accepts the API key; category {self.settings.category!r} saves "
            f"to {folder}",
            version=version,
            category=self.settings.category,
            save_path=folder,
        )

    async def add(self, release: ReleaseFile) -> str:
        if release.kind != "nzb" or not release.content:
            raise ClientRejected(self.name, "SABnzbd only takes .nzb files")
        # An unknown category silently becomes the default one, and the job would never show up
        # in our category: refuse instead.
        if not any(c.get("name") == self.settings.category for c in await self._categories()):
            raise ClientRejected(
                self.name,
                f"SABnzbd has no category {self.settings.category!r}; add it under "
                "Config → Categories",
            )
        filename = release.name if release.name.endswith(".nzb") else f"{release.name}.nzb"
        data = await self._api(
            "addfile",
            files={"name": (filename, release.content, "application/x-nzb")},
            cat=self.settings.category,
            nzbname=release.name,
        )
        ids = data.get("nzo_ids") or []
        if not ids:
            raise ClientRejected(self.name, f"SABnzbd did not accept the NZB of {release.name}")
        return str(ids[0])

    async def items(self) -> list[ClientItem]:
        queue = (await self._api("queue", cat=self.settings.category)).get("queue", {})
        history = (
            await self._api("history", category=self.settings.category, limit=str(HISTORY_LIMIT))
        ).get("history", {})
        slots = [s for s in queue.get("slots", []) if s.get("cat") == self.settings.category]
        downloading = [s for s in slots if s.get("status") == "Downloading"]
        # SABnzbd reports one speed for everything; it belongs to a job only when one downloads.
        speed = int(_float(queue.get("kbpersec")) * 1024) if len(downloading) == 1 else None
        result = [self._queue_item(s, speed if s in downloading else None) for s in slots]
        result.extend(self._history_item(s) for s in history.get("slots", []))
        return result

    def _queue_item(self, slot: dict[str, Any], speed: int | None) -> ClientItem:
        status_text = str(slot.get("status"))
        status = _QUEUE_STATUS.get(status_text, DownloadStatus.QUEUED)
        total, left = _float(slot.get("mb")) * MEBI, _float(slot.get("mbleft")) * MEBI
        return ClientItem(
            id=str(slot["nzo_id"]),
            name=str(slot.get("filename") or ""),
            status=status,
            progress=(total - left) / total if total else 0.0,
            size_bytes=int(total),
            downloaded_bytes=int(total - left),
            download_speed=speed,
            eta_seconds=_parse_timeleft(slot.get("timeleft"))
            if status == DownloadStatus.DOWNLOADING
            else None,
            category=slot.get("cat"),
        )

    def _history_item(self, slot: dict[str, Any]) -> ClientItem:
        status_text = str(slot.get("status"))
        size = int(_float(slot.get("bytes")))
        if status_text == "Completed" and slot.get("storage") and not slot.get("loaded"):
            status = DownloadStatus.COMPLETED
        elif status_text == "Completed":
            # Still in the post-processing queue ("loaded"): the final path is not known yet.
            status = DownloadStatus.DOWNLOADING
        elif status_text == "Failed":
            status = DownloadStatus.FAILED
        elif status_text in _POST_PROCESSING:
            status = DownloadStatus.DOWNLOADING
        else:
            log.warning("SABnzbd %s: unknown history status %r", self.name, status_text)
            status = DownloadStatus.DOWNLOADING
        error = str(slot.get("fail_message") or "") or None
        if status == DownloadStatus.FAILED and not error:
            error = "SABnzbd marked the download as failed"
        return ClientItem(
            id=str(slot["nzo_id"]),
            name=str(slot.get("name") or ""),
            status=status,
            progress=1.0 if status != DownloadStatus.FAILED else 0.0,
            size_bytes=size or None,
            downloaded_bytes=size or None,
            content_path=(slot.get("storage") or None)
            if status == DownloadStatus.COMPLETED
            else None,
            category=slot.get("category"),
            error=error,
        )

    async def pause(self, ids: list[str]) -> None:
        if ids:
            await self._api("queue", name="pause", value=",".join(ids))

    async def resume(self, ids: list[str]) -> None:
        if ids:
            await self._api("queue", name="resume", value=",".join(ids))

    async def remove(self, ids: list[str], *, delete_data: bool) -> None:
        if not ids:
            return
        joined = ",".join(ids)
        del_files = "1" if delete_data else "0"
        # Queue jobs: SABnzbd deletes their (incomplete) files itself with del_files=1.
        await self._api("queue", name="delete", value=joined, del_files=del_files)
        history = (await self._api("history", nzo_ids=joined, limit=str(HISTORY_LIMIT))).get(
            "history", {}
        )
        slots = [s for s in history.get("slots", []) if s.get("nzo_id") in ids]
        if delete_data:
            finished = [s for s in slots if s.get("status") == "Completed" and s.get("storage")]
            if finished:
                roots = await self._data_roots()
                for slot in finished:
                    await delete_job_data(
                        self.name, str(slot["storage"]), roots, self.settings.path_mappings
                    )
        if slots:
            # del_files=1 removes what a failed job left in the incomplete folder.
            await self._api(
                "history",
                name="delete",
                value=",".join(str(s["nzo_id"]) for s in slots),
                del_files=del_files,
            )

    async def _data_roots(self) -> list[str]:
        misc = (await self._api("get_config", section="misc")).get("config", {}).get("misc", {})
        complete_dir = str(misc.get("complete_dir") or "")
        roots = [complete_dir]
        for category in await self._categories():
            folder = str(category.get("dir") or "")
            if folder.startswith("/"):
                roots.append(folder)
        return roots
