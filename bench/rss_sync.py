"""RSS sync: one tick over 8 stand-in indexers x 100 recent releases, against a library of
100,000 monitored episodes (1,000 shows x 4 seasons x 25 episodes; 90 % have a file).

Run with `uv run python bench/rss_sync.py [--db sqlite|postgresql] [--episodes N]`. The tick
is AutomationService.rss_sync(), the code the automation.rss job runs: it reads every feed
(network), matches each release once to the wanted episodes and judges the candidates (decide;
goal under 1 s), then grabs the best per wanted episode into an in-memory test client (grab:
one .torrent fetch each). The stand-in indexers run in a child process, as in search_fanout.py.
Of each feed's 100 releases, 10 are episodes the library misses, 20 are episodes it has, 10
are packs spanning two seasons it mostly has, 10 are anime-numbered episodes ("Show - 035",
half of them missing), and 50 are shows it does not know; feeds overlap a little, as real ones
do.
"""

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media_manager.automation.service import AutomationService
from media_manager.config import Settings
from media_manager.core import migrations
from media_manager.core.database import create_engine, create_sessionmaker
from media_manager.core.memory import tune_garbage_collection
from media_manager.downloads.registry import DownloadClients
from media_manager.indexer import service as indexer_service
from media_manager.indexer.service import IndexerState
from media_manager.tv.models import Episode, Season, Show
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.downloads.memory_client import InMemoryTestClient
from tests.support.http_server import free_port
from tests.support.torznab import Release, TorznabServer

INDEXERS = 8
ITEMS = 100
SEASONS, EPISODES_PER_SEASON = 4, 25
# Every tenth episode of a show is missing (the rest have a file).
MISSING_EVERY = 10
GOAL = 1.0
KEY = "bench-key-0123456789"
AIRED = date(2020, 1, 1)


def show_name(number: int) -> str:
    return f"Bench Show {number:04d}"


def feed(indexer: int, shows: int) -> list[Release]:
    """100 releases: 10 missing episodes, 20 present ones, 10 packs spanning seasons, 10
    anime-numbered episodes, 50 unknown shows."""
    releases = []
    for n in range(ITEMS):
        # Neighbouring indexers share a few releases of the library.
        show = (indexer * 37 + n * 13) % shows
        season = 1 + n % SEASONS
        if n % 10 == 3:
            last = 1 + season % SEASONS
            first, last = min(season, last), max(season, last)
            name = show_name(show).replace(" ", ".")
            title = f"{name}.S{first:02d}-S{last:02d}.1080p.WEB-DL.H.264-G{indexer}"
            releases.append(Release(title, seeders=5 + n % 50))
            continue
        if n % 10 == 4:
            episode = MISSING_EVERY if (n // 10) % 2 == 0 else 3  # missing, then present
            absolute = (season - 1) * EPISODES_PER_SEASON + episode
            title = f"[G{indexer}] {show_name(show)} - {absolute:03d} [WEB-DL 1080p]"
            releases.append(Release(title, seeders=5 + n % 50))
            continue
        if n % 10 == 0:
            episode = MISSING_EVERY * (1 + (n // 10) % 2)  # 10 or 20: missing
            name = show_name(show)
        elif n % 10 in (1, 2):
            episode = 1 + n % 9  # 1-9: present
            name = show_name(show)
        else:
            episode = 1 + n % EPISODES_PER_SEASON
            name = f"Unknown Series {indexer}x{n}"
        title = (
            f"{name.replace(' ', '.')}.S{season:02d}E{episode:02d}.1080p.WEB-DL.H.264-G{indexer}"
        )
        releases.append(Release(title, seeders=5 + n % 50))
    return releases


def build_server(shows: int) -> TorznabServer:
    server = TorznabServer()
    for number in range(INDEXERS):
        server.add(f"indexer{number}", api_key=KEY, releases=feed(number, shows), limit_max=ITEMS)
    return server


def serve(port: int, shows: int) -> None:
    server = build_server(shows)
    server.base_url = f"http://127.0.0.1:{port}"
    uvicorn.run(server.app(), host="127.0.0.1", port=port, log_level="warning")


def start_server_process(port: int, shows: int) -> subprocess.Popen:
    command = [sys.executable, __file__, "--serve", str(port), str(shows)]
    process = subprocess.Popen(command)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/indexer", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the stand-in indexers did not start")


async def seed(url: str, shows: int) -> int:
    """Bulk inserts (executemany) of the shows, their seasons and episodes."""
    engine = create_engine(url)
    now = datetime.now(UTC)
    show_rows, season_rows, episode_rows = [], [], []
    for number in range(shows):
        show_id = uuid.uuid4()
        show_rows.append(
            {
                "id": show_id,
                "metadata_provider": "tmdb",
                "external_id": 10_000_000 + number,
                "tmdb_id": 10_000_000 + number,
                "name": show_name(number),
                "overview": "",
                "year": 2020,
                "status": "continuing",
                "genres": [],
                "alternate_titles": [],
                "failed_seasons": [],
                "library": "default",
                "quality_profile": "default",
                "monitor": "all",
                "added_at": now,
                "last_refreshed_at": now,
            }
        )
        for season in range(1, SEASONS + 1):
            season_id = uuid.uuid4()
            season_rows.append(
                {
                    "id": season_id,
                    "show_id": show_id,
                    "number": season,
                    "name": f"Season {season}",
                    "overview": "",
                    "air_date": AIRED,
                    "monitored": True,
                }
            )
            episode_rows.extend(
                {
                    "id": uuid.uuid4(),
                    "season_id": season_id,
                    "number": episode,
                    "title": f"Episode {episode}",
                    "overview": "",
                    "air_date": AIRED,
                    "monitored": True,
                    "has_file": episode % MISSING_EVERY != 0,
                }
                for episode in range(1, EPISODES_PER_SEASON + 1)
            )
    async with engine.begin() as connection:
        for table, rows in (
            (Show.__table__, show_rows),
            (Season.__table__, season_rows),
            (Episode.__table__, episode_rows),
        ):
            for start in range(0, len(rows), 5000):
                await connection.execute(insert(table), rows[start : start + 5000])
    if engine.dialect.name == "postgresql":
        # A live database has statistics (autovacuum analyzes it); a freshly bulk-loaded one
        # would not have them yet, and plans made without them are not what users get.
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))
    await engine.dispose()
    return len(episode_rows)


async def tick(url: str, server: TorznabServer) -> tuple[object, InMemoryTestClient]:
    data_dir = Path(tempfile.mkdtemp(prefix="rss-bench-data-"))
    settings = Settings(
        data_dir=data_dir,
        database={"url": url},
        indexer={
            "torznab": [
                {"name": i.name, "url": server.url(i.name), "api_key": KEY}
                for i in server.indexers.values()
            ]
        },
        downloads={"clients": [{"name": "memory", "kind": "qbittorrent", "url": "http://x"}]},
        automation={"indexer_min_interval_seconds": 0},
    )
    client = InMemoryTestClient(settings.downloads.clients[0])
    clients = DownloadClients(settings.downloads, lambda _settings: client)
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    indexer_service._reading.cache_clear()
    try:
        async with httpx.AsyncClient(timeout=30) as http_client, sessionmaker() as session:
            service = AutomationService(session, settings, http_client, clients, IndexerState())
            report = await service.rss_sync(limit=ITEMS)
            await session.commit()
    finally:
        await engine.dispose()
    return report, client


async def main(db: str, episodes: int) -> None:
    shows = max(1, episodes // (SEASONS * EPISODES_PER_SEASON))
    if db == "postgresql":
        url = await create_postgres_database()
    else:
        url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='rss-bench-')}/bench.db"
    port = free_port()
    process = start_server_process(port, shows)
    server = build_server(shows)
    server.base_url = f"http://127.0.0.1:{port}"
    try:
        await asyncio.to_thread(migrations.upgrade, url)
        started = time.perf_counter()
        seeded = await seed(url, shows)
        seeding = time.perf_counter() - started
        # The job runs inside the server, whose garbage collector is tuned at start-up.
        tune_garbage_collection()
        report, client = await tick(url, server)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if db == "postgresql":
            await drop_postgres_database(url)
    load = os.getloadavg()
    print(f"rss sync ({db}): {INDEXERS} indexers x {ITEMS} releases, {seeded:,} monitored episodes")
    print(f"  seeding: {seeding:.1f} s")
    print(
        f"  releases {report.items}, for wanted episodes {report.matched}, "  # type: ignore[attr-defined]
        f"targets {report.targets}, grabbed {report.grabbed} ({len(client.added)} in the client)"  # type: ignore[attr-defined]
    )
    print(f"  fetch (network, titles parsed in threads): {report.fetch_seconds * 1000:.0f} ms")  # type: ignore[attr-defined]
    print(f"  decide: {report.decide_seconds * 1000:.0f} ms (goal < {GOAL * 1000:.0f} ms)")  # type: ignore[attr-defined]
    print(f"  grab (.torrent fetch + client, per target): {report.grab_seconds * 1000:.0f} ms")  # type: ignore[attr-defined]
    print(f"  load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if report.indexers_failed:  # type: ignore[attr-defined]
        raise SystemExit(f"indexers failed: {report.indexers_failed}")  # type: ignore[attr-defined]
    if report.decide_seconds >= GOAL:  # type: ignore[attr-defined]
        raise SystemExit(f"too slow: decide {report.decide_seconds:.2f} s >= {GOAL:.0f} s")  # type: ignore[attr-defined]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]), int(sys.argv[3]))
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
        parser.add_argument("--episodes", type=int, default=100_000)
        arguments = parser.parse_args()
        asyncio.run(main(arguments.db, arguments.episodes))
