"""The one place that chooses a concrete download-client integration for its settings."""

import importlib

import httpx

from media_manager.downloads.clients.base import DownloadClient
from media_manager.downloads.config import DownloadClientSettings

# kind -> "module:class"; each module is imported only when such a client is configured.
_IMPLEMENTATIONS = {
    "qbittorrent": "media_manager.downloads.clients.qbittorrent:QBittorrentClient",
    "transmission": "media_manager.downloads.clients.transmission:TransmissionClient",
    "sabnzbd": "media_manager.downloads.clients.sabnzbd:SabnzbdClient",
    "nzbget": "media_manager.downloads.clients.nzbget:NzbgetClient",
}


def create_client(
    settings: DownloadClientSettings, http_client: httpx.AsyncClient
) -> DownloadClient:
    """Build the integration for one client; HTTP-based ones share the app's http_client."""
    module_name, class_name = _IMPLEMENTATIONS[settings.kind].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(settings, http_client)
