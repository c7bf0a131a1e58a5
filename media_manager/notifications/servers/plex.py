"""Plex: find the library section whose folder holds the path, then refresh just that path."""

from pathlib import PurePosixPath
from typing import Any

from media_manager.core.checks import CheckResult
from media_manager.notifications.servers.base import MediaServer, MediaServerError


class PlexServer(MediaServer):
    def _headers(self) -> dict[str, str]:
        # In a header, not the query string, so that it stays out of access logs.
        return {
            "X-Plex-Token": self.settings.token.get_secret_value(),
            "Accept": "application/json",
        }

    async def sections(self) -> list[dict[str, Any]]:
        response = await self._request("GET", "/library/sections", headers=self._headers())
        try:
            container = response.json()["MediaContainer"]
        except (ValueError, KeyError, TypeError):
            raise MediaServerError(
                f"{self.settings.url} answered, but not like Plex; check the address"
            ) from None
        return list(container.get("Directory") or [])

    async def test(self) -> CheckResult:
        sections = await self.sections()
        titles = ", ".join(str(section.get("title")) for section in sections)
        return CheckResult.passed(
            f"Plex accepts the token and has {len(sections)} librar"
            f"{'y' if len(sections) == 1 else 'ies'}" + (f" ({titles})" if titles else ""),
            libraries=len(sections),
        )

    async def refresh(self, path: str) -> None:
        section = section_for(await self.sections(), path)
        if section is None:
            raise MediaServerError(
                f"No Plex library has a folder holding {path}; add the folder to a Plex library "
                "(Plex must see it under the same path)"
            )
        await self._request(
            "GET",
            f"/library/sections/{section}/refresh",
            params={"path": path},
            headers=self._headers(),
        )


def section_for(sections: list[dict[str, Any]], path: str) -> str | None:
    """The key of the section with the longest folder that holds `path`."""
    target = PurePosixPath(path)
    best: tuple[int, str] | None = None
    for section in sections:
        for location in section.get("Location") or []:
            folder = PurePosixPath(str(location.get("path", "")))
            if folder.parts and (target == folder or folder in target.parents):
                depth = len(folder.parts)
                if best is None or depth > best[0]:
                    best = (depth, str(section.get("key")))
    return best[1] if best else None
