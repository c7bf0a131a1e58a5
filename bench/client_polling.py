"""Polling cost with 1,000 downloads in one real qBittorrent.

Run with `uv run python bench/client_polling.py [--torrents N] [--ticks N]`. It starts a
throwaway qbittorrent-nox (the test fixture's code), adds N small paused torrents (made
locally, no peers) in one category, then times QBittorrentClient.items() ticks and counts the
HTTP requests each tick makes. Goals: as many requests per tick with 10 torrents as with N, and
under 0.5 s per tick (exits non-zero otherwise).
"""

import argparse
import asyncio
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import requests
from pydantic import SecretStr

# The fixture code lives with the tests; make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media_manager.downloads.clients.qbittorrent import QBittorrentClient
from media_manager.downloads.config import DownloadClientSettings
from media_manager.downloads.torrentfile import encode
from tests.support.torrent_clients import PASSWORD, USERNAME, start_qbittorrent

GOAL_SECONDS = 0.5
CATEGORY = "bench"
PIECE = 16 * 1024
BATCH = 100

requests_made = 0
_send = requests.Session.send


def _counting_send(self, request, **kwargs):
    global requests_made
    requests_made += 1
    return _send(self, request, **kwargs)


requests.Session.send = _counting_send  # every request qbittorrent-api makes goes through here


def small_torrent(number: int) -> bytes:
    """A valid single-file torrent of 64 KiB of made-up data (pieces hashed, never stored)."""
    length = 4 * PIECE
    pieces = b"".join(
        hashlib.sha1(f"{number}-{i}".encode(), usedforsecurity=False).digest() for i in range(4)
    )
    name = f"Show.Name.S01E{number % 100:02d}.Bench.{number:05d}.1080p.WEB-DL-GRP.mkv"
    info = {"name": name, "length": length, "piece length": PIECE, "pieces": pieces}
    return encode({"announce": "http://127.0.0.1:9/announce", "info": info})


def add_torrents(qbittorrent, count: int, start: int = 0) -> None:
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        files = [("torrents", (f"{n}.torrent", small_torrent(n))) for n in numbers]
        qbittorrent.api.post(
            "/api/v2/torrents/add",
            data={"category": CATEGORY, "paused": "true"},
            files=files,
            timeout=60,
        ).raise_for_status()
    deadline = time.monotonic() + 120
    while len(qbittorrent.torrents(category=CATEGORY)) < start + count:
        if time.monotonic() > deadline:
            raise SystemExit("qBittorrent did not list every torrent within 120 s")
        time.sleep(0.2)


async def measure(client: QBittorrentClient, ticks: int, expected: int) -> tuple[list[float], set]:
    global requests_made
    await client.items()  # the first tick logs in; measure the steady state
    times, calls = [], set()
    for _ in range(ticks):
        requests_made = 0
        started = time.perf_counter()
        items = await client.items()
        times.append(time.perf_counter() - started)
        calls.add(requests_made)
        if len(items) != expected:
            raise SystemExit(f"items() returned {len(items)} downloads, expected {expected}")
    return times, calls


def report(label: str, times: list[float], calls: set) -> None:
    print(
        f"{label}: p50 {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, "
        f"HTTP requests per tick {sorted(calls)}"
    )


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--torrents", type=int, default=1000)
    parser.add_argument("--ticks", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mm-bench-qbt-") as root:
        qbittorrent = start_qbittorrent(Path(root))
        try:
            settings = DownloadClientSettings(
                name="bench",
                kind="qbittorrent",
                url=qbittorrent.url,
                username=USERNAME,
                password=SecretStr(PASSWORD),
                category=CATEGORY,
            )
            async with httpx.AsyncClient() as http:
                client = QBittorrentClient(settings, http)
                add_torrents(qbittorrent, 10)
                small_times, small_calls = await measure(client, args.ticks, 10)
                started = time.monotonic()
                add_torrents(qbittorrent, args.torrents - 10, start=10)
                print(f"added {args.torrents} torrents in {time.monotonic() - started:.1f} s")
                times, calls = await measure(client, args.ticks, args.torrents)
                await client.close()
        finally:
            qbittorrent.stop()
    report("10 torrents", small_times, small_calls)
    report(f"{args.torrents} torrents", times, calls)
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    ok = calls == small_calls and len(calls) == 1 and max(times) < GOAL_SECONDS
    print("goal met" if ok else f"goal missed: constant requests per tick and < {GOAL_SECONDS} s")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
