"""Shared steps of the real-client tests: seeding a release, polling items()."""

import asyncio
import secrets
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import transmission_rpc
from pydantic import SecretStr

from media_manager.downloads.clients.base import ClientItem, DownloadClient, ReleaseFile
from media_manager.downloads.clients.factory import create_client
from media_manager.downloads.config import DownloadClientSettings
from tests.support.torrent_clients import (
    PASSWORD,
    USERNAME,
    QBittorrent,
    Release,
    Transmission,
    wait_for,
)

SEEDING_STATES = {"uploading", "stalledUP", "forcedUP", "queuedUP"}


def seed_from_qbittorrent(seeder: QBittorrent, release: Release, *, up_limit: int = 0) -> None:
    """Add the release to the seeding qBittorrent over its data and wait until it seeds."""
    seeder.api.post(
        "/api/v2/torrents/add",
        data={"savepath": str(release.parent), "upLimit": str(up_limit)},
        files={"torrents": ("release.torrent", release.torrent)},
    ).raise_for_status()
    wait_for(
        lambda: [
            t for t in seeder.torrents(hashes=release.info_hash) if t["state"] in SEEDING_STATES
        ],
        f"qBittorrent seeding {release.name}",
        timeout=20,
    )


def transmission_rpc_client(transmission: Transmission) -> transmission_rpc.Client:
    return transmission_rpc.Client(
        host="127.0.0.1", port=transmission.rpc_port, username=USERNAME, password=PASSWORD
    )


def connect_seeder_to(seeder: QBittorrent, release: Release, transmission: Transmission) -> None:
    """Make the seeder dial Transmission (3.00 never dials loopback peers itself), then have
    Transmission take up the new peer at once.

    Transmission 3.00 decides which peers it wants pieces from on a 10 s "rechoke" timer, so a
    fresh peer idles for up to 10 s; starting any torrent runs that step immediately. A
    throwaway magnet link is started (and removed) once the seeder sees the handshake done.
    If it never does, nothing is started and the caller's own wait covers the slow path.
    """
    peer = f"127.0.0.1:{transmission.peer_port}"
    seeder.call("torrents/addPeers", hashes=release.info_hash, peers=peer)

    def handshake_done() -> bool:
        answer = seeder.api.get("/api/v2/sync/torrentPeers", params={"hash": release.info_hash})
        return any(p.get("client") for p in answer.json().get("peers", {}).values())

    try:
        wait_for(handshake_done, f"the seeder connected to {peer}", timeout=15, interval=0.05)
    except AssertionError:
        return
    with transmission_rpc_client(transmission) as rpc:
        nudge = rpc.add_torrent(f"magnet:?xt=urn:btih:{secrets.token_hex(20)}", paused=True)
        rpc.start_torrent(nudge.id)
        rpc.remove_torrent(nudge.id, delete_data=True)


async def until(
    client: DownloadClient,
    check: Callable[[dict[str, ClientItem]], object],
    what: str,
    within: float = 30,
) -> dict[str, ClientItem]:
    """Poll items() until check(items by id) is truthy; returns those items."""
    deadline = time.monotonic() + within
    while True:
        items = {item.id: item for item in await client.items()}
        if check(items):
            return items
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within} s waiting for {what}; last: {items}")
        await asyncio.sleep(0.1)


async def wait_gone(path: Path, within: float = 10) -> None:
    deadline = time.monotonic() + within
    while exists(path):
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} still exists after {within} s")
        await asyncio.sleep(0.1)


def http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=5)


def exists(path: str | Path) -> bool:
    return Path(path).exists()


def file_names(folder: str | Path) -> list[str]:
    """The sorted names in a folder (a plain function: async tests call it on small dirs)."""
    return sorted(p.name for p in Path(folder).iterdir())


def torrent_client(kind: str, url: str, category: str, password: str = PASSWORD) -> DownloadClient:
    """Our integration for a running qBittorrent or Transmission, as the factory builds it."""
    settings = DownloadClientSettings(
        name=f"{kind} test",
        kind=kind,  # type: ignore[arg-type]
        url=url,
        username=USERNAME,
        password=SecretStr(password),
        category=category,
        timeout_seconds=5,
    )
    return create_client(settings, http_client())


def torrent(release: Release) -> ReleaseFile:
    # No info_hash given: the client computes it from the .torrent content.
    return ReleaseFile(kind="torrent", name=release.name, content=release.torrent)
