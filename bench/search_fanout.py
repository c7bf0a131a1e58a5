"""Search fan-out: 8 stand-in indexers each answering after 300 ms, searched at once.

Run with `uv run python bench/search_fanout.py [runs]`. A concurrent search should take a
little over 300 ms (the goal is under 450 ms); one after the other it would take 8 x 300 ms.
The stand-in indexers run in a child process, as real indexers run elsewhere: in this process
they would compete with the client under test for the GIL.
"""

import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import uvicorn

# The stand-in indexers live with the tests; make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media_manager.indexer import service as service_module
from media_manager.indexer.config import IndexerSettings
from media_manager.indexer.schemas import SearchQuery
from media_manager.indexer.service import IndexerService, IndexerState
from tests.support.http_server import free_port
from tests.support.torznab import TorznabServer, episode, season_pack

INDEXERS = 8
DELAY = 0.3
GOAL = 0.45
RELEASES_PER_INDEXER = 25
SHOW = "Show Name"
TVDB_ID = 121361
QUERY = SearchQuery(kind="tv", query=SHOW, tvdb_id=TVDB_ID, season=1)


def build_server() -> TorznabServer:
    server = TorznabServer()
    for number in range(INDEXERS):
        releases = [season_pack(SHOW, 1, f"PACK{number}", tvdb_id=TVDB_ID)]
        releases += [
            episode(SHOW, 1, n, f"G{number}x{n}", tvdb_id=TVDB_ID)
            for n in range(1, RELEASES_PER_INDEXER)
        ]
        server.add(f"indexer{number}", delay=DELAY, releases=releases)
    return server


async def timed_search(service: IndexerService) -> tuple[float, int]:
    # Every run parses its titles again, as a search with new releases would.
    service_module._reading.cache_clear()
    started = time.perf_counter()
    response = await service.search(QUERY, include_download_links=True)
    elapsed = time.perf_counter() - started
    failed = [status for status in response.indexers if not status.ok]
    if failed:
        raise SystemExit(f"indexers failed: {failed}")
    return elapsed, len(response.results)


def serve(port: int) -> None:
    server = build_server()
    server.base_url = f"http://127.0.0.1:{port}"
    uvicorn.run(server.app(), host="127.0.0.1", port=port, log_level="warning")


def start_server_process(port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, __file__, "--serve", str(port)])  # noqa: S603
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/indexer", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the stand-in indexers did not start")


async def main(runs: int) -> None:
    server = build_server()
    server.base_url = f"http://127.0.0.1:{free_port()}"
    process = start_server_process(int(server.base_url.rsplit(":", 1)[1]))
    try:
        settings = IndexerSettings(
            torznab=[
                {"name": i.name, "url": server.url(i.name), "api_key": i.api_key}
                for i in server.indexers.values()
            ]
        )
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            service = IndexerService(client, settings, IndexerState())
            cold, count = await timed_search(service)
            times = [(await timed_search(service))[0] for _ in range(runs)]

            sequential_started = time.perf_counter()
            for indexer in settings.torznab:
                single = IndexerService(client, IndexerSettings(torznab=[indexer]), service.state)
                await single.search(QUERY, include_download_links=True)
            sequential = time.perf_counter() - sequential_started
    finally:
        process.terminate()
        process.wait(timeout=10)

    median = statistics.median(times)
    print(
        f"search fan-out: {INDEXERS} indexers x {DELAY * 1000:.0f} ms, "
        f"{count} results per search, {runs} runs"
    )
    print(f"  first search (fetches caps too): {cold * 1000:.0f} ms")
    print(
        f"  cached caps: min {min(times) * 1000:.0f} ms, median {median * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms (goal < {GOAL * 1000:.0f} ms)"
    )
    print(f"  sequential baseline (one indexer after the other): {sequential * 1000:.0f} ms")
    if max(times) >= GOAL:
        raise SystemExit(f"too slow: {max(times) * 1000:.0f} ms >= {GOAL * 1000:.0f} ms")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]))
    else:
        asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
