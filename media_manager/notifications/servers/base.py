"""A media server (Jellyfin, Emby, Plex) that can be told to rescan one folder."""

from abc import ABC, abstractmethod

import httpx

from media_manager.core.checks import CheckResult
from media_manager.notifications.config import MediaServerSettings


class MediaServerError(Exception):
    """The server could not be reached or refused the request; the message says why."""


class MediaServer(ABC):
    def __init__(self, settings: MediaServerSettings, http_client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http_client

    @abstractmethod
    async def test(self) -> CheckResult:
        """Reach the server with the token and say what it is."""

    @abstractmethod
    async def refresh(self, path: str) -> None:
        """Have the server rescan the folder at `path` (as this app sees it)."""

    async def _request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        url = f"{self.settings.url}{path}"
        try:
            response = await self.http.request(
                method,
                url,
                timeout=self.settings.timeout_seconds,
                **kwargs,  # type: ignore[arg-type]
            )
        except httpx.TimeoutException:
            raise MediaServerError(
                f"{self.settings.url} did not answer within {self.settings.timeout_seconds:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise MediaServerError(
                f"Nothing answers at {self.settings.url} ({type(exc).__name__}); check the "
                "address and port, and that the server is running"
            ) from None
        if response.status_code in (401, 403):
            raise MediaServerError(
                f"{self.settings.kind.capitalize()} refused the token (HTTP "
                f"{response.status_code}); check the token"
            )
        if response.status_code >= 400:
            raise MediaServerError(
                f"{self.settings.url}{path} answered HTTP {response.status_code}"
            )
        return response
