"""What a new install still lacks before it can add and download a first show or movie."""

import asyncio
import os
from pathlib import Path

from pydantic import SecretStr

from media_manager.config import Settings
from media_manager.library.service import LibraryKind, libraries
from media_manager.system.setup.schemas import SetupItem, SetupStatus

SETTINGS_API = "/api/v1/settings"


async def setup_status(settings: Settings) -> SetupStatus:
    """Each step of a first run: done or not, with where to do it."""
    tv, movies = await asyncio.gather(
        asyncio.to_thread(_library_item, settings, "tv"),
        asyncio.to_thread(_library_item, settings, "movies"),
    )
    items = [
        _metadata_item(settings),
        tv,
        movies,
        _indexer_item(settings),
        _download_client_item(settings),
    ]
    return SetupStatus(complete=all(item.done for item in items), items=items)


def _item(id: str, done: bool, message: str, section: str) -> SetupItem:
    return SetupItem.model_validate(
        {
            "id": id,
            "done": done,
            "message": message,
            "link": f"/settings/{section}",
            "api": f"{SETTINGS_API}/{section}",
        }
    )


def _is_set(value: object) -> bool:
    if isinstance(value, SecretStr):
        return bool(value.get_secret_value())
    return bool(value)


def _metadata_item(settings: Settings) -> SetupItem:
    metadata = settings.metadata
    relay = metadata.relay_url
    keys = [
        label
        for label, key in (("TMDB", metadata.tmdb_api_key), ("TVDB", metadata.tvdb_api_key))
        if _is_set(key)
    ]
    if keys:
        return _item("metadata", True, f"Metadata from {' and '.join(keys)}", "metadata")
    if relay:
        return _item("metadata", True, f"Metadata from the relay at {relay}", "metadata")
    return _item(
        "metadata",
        False,
        "No metadata source: set a TMDB or TVDB API key, or the address of a metadata relay",
        "metadata",
    )


def _library_item(settings: Settings, kind: LibraryKind) -> SetupItem:
    id, section, label = (
        ("tv_library", "tv-libraries", "TV")
        if kind == "tv"
        else ("movie_library", "movie-libraries", "movie")
    )
    usable = [lib for lib in libraries(settings, kind) if _writable_folder(lib.path)]
    if usable:
        paths = ", ".join(str(lib.path) for lib in usable)
        return _item(id, True, f"{label} library folders: {paths}", section)
    return _item(
        id,
        False,
        f"No {label} library folder exists that MediaManager can write to; add one, or fix "
        "the folder's permissions",
        section,
    )


def _writable_folder(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def _indexer_item(settings: Settings) -> SetupItem:
    enabled = [indexer.name for indexer in settings.indexer.torznab if indexer.enabled]
    if settings.indexer.prowlarr.enabled:
        return _item("indexer", True, "Indexers from Prowlarr", "indexers")
    if enabled:
        return _item("indexer", True, f"Indexers: {', '.join(enabled)}", "indexers")
    return _item(
        "indexer",
        False,
        "No indexer is enabled: add a Torznab or Newznab indexer, or connect Prowlarr",
        "indexers",
    )


def _download_client_item(settings: Settings) -> SetupItem:
    enabled = [client.name for client in settings.downloads.clients if client.enabled]
    if enabled:
        return _item(
            "download_client", True, f"Download clients: {', '.join(enabled)}", "download-clients"
        )
    return _item(
        "download_client",
        False,
        "No download client is enabled: add qBittorrent, Transmission, SABnzbd or NZBGet",
        "download-clients",
    )
