"""The app's download-client integrations: built once per configured client and kept.

Clients hold logins and sessions (qBittorrent's cookie, Transmission's session id), so they live
as long as the settings do, on `app.state.download_clients`. The registry also remembers which
clients are down, so that an outage is logged once when it starts and once when it ends.
"""

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from media_manager.downloads.clients.base import DownloadClient
from media_manager.downloads.config import (
    DownloadClientSettings,
    DownloadProtocol,
    DownloadSettings,
)
from media_manager.downloads.exceptions import DownloadClientUnavailable, NoDownloadClient

log = logging.getLogger(__name__)

ClientFactory = Callable[[DownloadClientSettings], DownloadClient]


class DownloadClients:
    def __init__(self, settings: DownloadSettings, factory: ClientFactory) -> None:
        self.settings = settings
        self._factory = factory
        self._clients: dict[str, DownloadClient] = {}
        # client name -> when it was first found down in the current outage
        self._down: dict[str, datetime] = {}

    def enabled(self) -> list[DownloadClientSettings]:
        return [client for client in self.settings.clients if client.enabled]

    def settings_of(self, name: str) -> DownloadClientSettings | None:
        for client in self.settings.clients:
            if client.name.casefold() == name.casefold():
                return client
        return None

    def get(self, name: str) -> DownloadClient:
        """The integration of a configured client (enabled or not)."""
        settings = self.settings_of(name)
        if settings is None:
            raise DownloadClientUnavailable(
                f"Download client {name} is no longer configured; add it back under "
                "[[downloads.clients]] to manage its downloads"
            )
        if settings.name not in self._clients:
            self._clients[settings.name] = self._factory(settings)
        return self._clients[settings.name]

    def for_release(
        self, protocol: DownloadProtocol, preferred: str | None
    ) -> list[DownloadClient]:
        """Clients to try for a release, in order: the library's choice, then by priority."""
        candidates = sorted(
            (c for c in self.enabled() if c.protocol == protocol),
            key=lambda c: (c.priority, c.name.casefold()),
        )
        if preferred is not None:
            chosen = self.settings_of(preferred)
            if chosen is not None and chosen.enabled and chosen.protocol == protocol:
                # The library's client only: its downloads must land where that library expects.
                return [self.get(chosen.name)]
            if chosen is None or not chosen.enabled:
                state = "is not configured" if chosen is None else "is disabled"
                log.warning(
                    "The library's download client %s %s; using the %s clients by priority",
                    preferred,
                    state,
                    protocol,
                )
        if not candidates:
            noun = (
                "torrent (qBittorrent, Transmission)"
                if protocol == "torrent"
                else ("usenet (SABnzbd, NZBGet)")
            )
            raise NoDownloadClient(
                f"No enabled {noun} download client is configured; add one in Settings → "
                "Download clients (or [[downloads.clients]] in the config file) to download "
                "this release"
            )
        return [self.get(c.name) for c in candidates]

    def is_down(self, name: str) -> bool:
        return name in self._down

    def mark_down(self, name: str, reason: str) -> None:
        """Note a failed call; the first failure of an outage is logged as a warning."""
        if name in self._down:
            log.debug("Download client %s is still unreachable: %s", name, reason)
            return
        self._down[name] = datetime.now(UTC)
        log.warning(
            "Download client %s is unreachable (%s); its downloads keep their last known state "
            "until it answers again",
            name,
            reason,
        )

    def mark_up(self, name: str) -> None:
        since = self._down.pop(name, None)
        if since is not None:
            minutes = (datetime.now(UTC) - since).total_seconds() / 60
            log.info(
                "Download client %s answers again (was unreachable for %.1f min)", name, minutes
            )

    def replace(self, previous: "DownloadClients") -> list[DownloadClient]:
        """Take over from the registry of the settings before a change.

        Outages carry over (an outage is still logged once); the previous integrations are
        returned for closing, as their settings (address, credentials) may have changed.
        """
        self._down.update(
            (name, since) for name, since in previous._down.items() if self.settings_of(name)
        )
        stale = list(previous._clients.values())
        previous._clients.clear()
        return stale

    async def close(self) -> None:
        for client in self._clients.values():
            try:
                await client.close()
            except Exception:
                log.exception("Closing download client %s failed", client.name)
        self._clients.clear()
