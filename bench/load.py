"""The server under load: a login flood, concurrent readers and garbage-collection pauses.

Run with `uv run python bench/load.py [--database sqlite|postgresql|both] [--seconds N]`.
Each scenario starts the real server (`mediamanager serve`, uvicorn, one process) on a free
loopback port with a fresh database, seeds 300 shows of 5 seasons x 10 episodes straight into
the tables, logs in an admin and measures from this process over real HTTP:

- flood: 20 clients send wrong passwords for N seconds while one logged-in client lists
  shows; counts answers by status (5xx and dropped connections must be 0) and the list's
  latency. Run with the attempt limits on (the default) and off (every attempt hashes).
- readers: 8 clients read show lists and details for N seconds while one client writes
  (monitor toggles); latency per request.
- gc: 3,000 sequential show details with the collector tuned (default) and untuned
  (server.tune_gc = false); p50, p99 and max show the pauses.
"""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import insert
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from media_manager.core.database import create_engine  # noqa: E402
from media_manager.tv.models import Episode, Season, Show  # noqa: E402

DEFAULT_SERVER = os.environ.get(
    "MM_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "benchmark password"  # noqa: S105
SHOWS = 300


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} CPUs)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentiles(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return (
        f"n={len(ordered):5d}  p50 {at(0.5):6.1f}  p95 {at(0.95):6.1f}  p99 {at(0.99):6.1f}"
        f"  max {ordered[-1] * 1000:6.1f} ms"
    )


async def create_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    name = f"mm_load_{uuid.uuid4().hex[:10]}"
    dsn = make_url(DEFAULT_SERVER).set(drivername="postgresql").render_as_string(False)
    connection = await asyncpg.connect(dsn)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return make_url(DEFAULT_SERVER).set(database=name).render_as_string(False)


async def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    dsn = make_url(DEFAULT_SERVER).set(drivername="postgresql").render_as_string(False)
    connection = await asyncpg.connect(dsn)
    await connection.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    await connection.close()


async def seed(url: str) -> None:
    engine = create_engine(url)
    now = datetime.now(UTC)
    shows, seasons, episodes = [], [], []
    for index in range(SHOWS):
        show_id = uuid.uuid4()
        shows.append(
            {
                "id": show_id,
                "metadata_provider": "tmdb",
                "external_id": index + 1,
                "tmdb_id": index + 1,
                "name": f"Load Show {index:04d}",
                "overview": "Seeded by bench/load.py. " * 8,
                "status": "continuing",
                "genres": ["Drama"],
                "library": "default",
                "quality_profile": "default",
                "monitor": "all",
                "added_at": now - timedelta(minutes=index),
                "last_refreshed_at": now,
            }
        )
        for number in range(1, 6):
            season_id = uuid.uuid4()
            seasons.append(
                {
                    "id": season_id,
                    "show_id": show_id,
                    "number": number,
                    "name": f"Season {number}",
                    "monitored": True,
                }
            )
            for episode in range(1, 11):
                air = date(2020 + number, 1, 1) + timedelta(weeks=episode)
                episodes.append(
                    {
                        "id": uuid.uuid4(),
                        "season_id": season_id,
                        "number": episode,
                        "title": f"Episode {episode}",
                        "overview": "An episode. " * 10,
                        "air_date": air,
                        "monitored": True,
                        "has_file": episode % 2 == 0,
                    }
                )
    async with engine.begin() as connection:
        await connection.execute(insert(Show), shows)
        await connection.execute(insert(Season), seasons)
        await connection.execute(insert(Episode), episodes)
    await engine.dispose()


@asynccontextmanager
async def server(url: str, data_dir: Path, **env: str) -> AsyncIterator[str]:
    port = free_port()
    environment = {
        **os.environ,
        "MEDIAMANAGER_DATA_DIR": str(data_dir),
        "MEDIAMANAGER_DATABASE__URL": url,
        "MEDIAMANAGER_SCHEDULER__ENABLED": "false",
        "MEDIAMANAGER_LOGGING__LEVEL": "WARNING",
        **env,
    }
    process = subprocess.Popen(  # noqa: S603, ASYNC220
        [sys.executable, "-m", "media_manager", "serve", "--port", str(port)],
        env=environment,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                try:
                    if (await client.get(f"{base}/api/v1/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


async def admin_headers(base: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=base) as client:
        await client.post(
            "/api/v1/auth/register", json={"email": "admin@example.com", "password": PASSWORD}
        )
        login = await client.post(
            "/api/v1/auth/jwt/login", data={"username": "admin@example.com", "password": PASSWORD}
        )
        return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def flood(base: str, seconds: float) -> None:
    headers = await admin_headers(base)
    statuses: Counter[str] = Counter()
    list_times: list[float] = []
    deadline = time.monotonic() + seconds

    async def attacker(number: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            while time.monotonic() < deadline:
                try:
                    response = await client.post(
                        "/api/v1/auth/jwt/login",
                        data={"username": f"victim{number % 3}@example.com", "password": "wrong"},
                    )
                    statuses[str(response.status_code)] += 1
                except httpx.TransportError as exc:
                    statuses[type(exc).__name__] += 1

    async def reader() -> None:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                response = await client.get("/api/v1/tv/shows", params={"page_size": 50})
                list_times.append(time.perf_counter() - started)
                statuses[f"list {response.status_code}"] += 1
                await asyncio.sleep(0.05)

    await asyncio.gather(reader(), *(attacker(n) for n in range(20)))
    print(f"    answers: {dict(sorted(statuses.items()))}")
    print(f"    logged-in list during the flood: {percentiles(list_times)}")


async def readers(base: str, seconds: float, clients: int = 8) -> None:
    headers = await admin_headers(base)
    async with httpx.AsyncClient(base_url=base, headers=headers) as client:
        page = (await client.get("/api/v1/tv/shows", params={"page_size": 100})).json()
    show_ids = [item["id"] for item in page["items"]]
    times: list[float] = []
    writes: list[float] = []
    errors: Counter[str] = Counter()
    deadline = time.monotonic() + seconds

    async def read(number: int) -> None:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
            index = number
            while time.monotonic() < deadline:
                index += 1
                started = time.perf_counter()
                if index % 2:
                    response = await client.get(f"/api/v1/tv/shows/{show_ids[index % 100]}")
                else:
                    response = await client.get("/api/v1/tv/shows", params={"page": index % 6 + 1})
                times.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors[str(response.status_code)] += 1

    async def write() -> None:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
            flag = False
            while time.monotonic() < deadline:
                flag = not flag
                started = time.perf_counter()
                response = await client.patch(
                    f"/api/v1/tv/shows/{show_ids[0]}/seasons/1", json={"monitored": flag}
                )
                writes.append(time.perf_counter() - started)
                if response.status_code >= 300:
                    errors[f"write {response.status_code}"] += 1
                await asyncio.sleep(0.05)

    await asyncio.gather(write(), *(read(n) for n in range(clients)))
    print(f"    {clients} readers: {percentiles(times)}")
    print(f"    1 writer:  {percentiles(writes)}  errors: {dict(errors) or 'none'}")


async def sequential_details(base: str, count: int = 3000) -> None:
    headers = await admin_headers(base)
    async with httpx.AsyncClient(base_url=base, headers=headers) as client:
        page = (await client.get("/api/v1/tv/shows", params={"page_size": 100})).json()
        show_ids = [item["id"] for item in page["items"]]
        times = []
        for index in range(count + 100):
            started = time.perf_counter()
            await client.get(f"/api/v1/tv/shows/{show_ids[index % 100]}")
            if index >= 100:
                times.append(time.perf_counter() - started)
    print(f"    show detail, one client: {percentiles(times)}")


async def run(kind: str, scenarios: list[str], seconds: float) -> None:
    print(f"== {kind}")
    for scenario, variants in (
        ("flood", [("attempt limits on", {}), ("attempt limits off", {"off": "1"})]),
        ("readers", [("", {})]),
        ("gc", [("collector tuned", {}), ("collector untuned", {"untuned": "1"})]),
    ):
        if scenario not in scenarios:
            continue
        for label, flags in variants:
            env = {}
            if "off" in flags:
                env["MEDIAMANAGER_AUTH__RATE_LIMIT__ENABLED"] = "false"
            if "untuned" in flags:
                env["MEDIAMANAGER_SERVER__TUNE_GC"] = "false"
            with tempfile.TemporaryDirectory() as folder:
                url = await create_database(kind, Path(folder))
                try:
                    async with server(url, Path(folder) / "data", **env) as base:
                        await seed(url)
                        print(f"  {scenario} {label} — {load()}")
                        if scenario == "flood":
                            await flood(base, seconds)
                        elif scenario == "readers":
                            await readers(base, seconds)
                        else:
                            await sequential_details(base)
                finally:
                    await drop_database(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--scenario", action="append", choices=("flood", "readers", "gc"), default=None
    )
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    scenarios = args.scenario or ["flood", "readers", "gc"]
    for kind in kinds:
        asyncio.run(run(kind, scenarios, args.seconds))


if __name__ == "__main__":
    main()
