"""Jellyfin and Emby: the same API for what is used here (Emby is Jellyfin's ancestor)."""

from media_manager.core.checks import CheckResult
from media_manager.notifications.servers.base import MediaServer, MediaServerError


class JellyfinServer(MediaServer):
    def _headers(self) -> dict[str, str]:
        token = self.settings.token.get_secret_value()
        # Emby reads X-Emby-Token; Jellyfin reads both.
        return {
            "X-Emby-Token": token,
            "Authorization": f'MediaBrowser Token="{token}"',
        }

    async def test(self) -> CheckResult:
        response = await self._request("GET", "/System/Info", headers=self._headers())
        try:
            info = response.json()
        except ValueError:
            raise MediaServerError(
                f"{self.settings.url} answered, but not like {self.settings.kind.capitalize()}; "
                "check the address"
            ) from None
        name = info.get("ServerName") or "the server"
        version = info.get("Version") or "unknown"
        return CheckResult.passed(
            f"{self.settings.kind.capitalize()} {version} ({name}) accepts the token",
            version=version,
        )

    async def refresh(self, path: str) -> None:
        await self._request(
            "POST",
            "/Library/Media/Updated",
            headers=self._headers(),
            json={"Updates": [{"Path": path, "UpdateType": "Modified"}]},
        )
