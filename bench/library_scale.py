"""Library lists, search and details at scale, on SQLite and PostgreSQL.

Run with `uv run python bench/library_scale.py [--episodes N] [--db sqlite|postgresql|both]
[--concurrency C] [--requests N] [--database-url URL] [--keep-database] [--in-process]`.

The library has N episodes (default 100,000) in N/50 shows and N/10 movies: at the default
2,000 shows and 10,000 movies, at `--episodes 1000000` 20,000 shows and 100,000 movies. A fifth
of them carry alternate titles, which the list search covers too. For each database the
benchmark creates a throwaway one (a SQLite file in a temporary folder; a PostgreSQL database
on the server of `--database-url`, default MM_TEST_POSTGRES_URL, else
postgresql+asyncpg://postgres@127.0.0.1:5432/postgres), migrates it and seeds it with bulk
inserts (COPY on PostgreSQL, executemany on SQLite) from a child process, so that the seeding's
memory is not counted as the app's. The real app then runs as a server in a child process
(create_app and uvicorn, as `mediamanager serve` runs it) and the clients talk HTTP to it over
loopback, each client on its own keep-alive connection: every figure includes the HTTP server,
routing, authentication, the queries and JSON serialisation, and the clients' own work runs in
this process, not in the server's. `--in-process` instead runs the app in this process over
httpx's ASGITransport (no sockets; the clients then share the app's CPU).

Each request kind is measured first sequentially, then with C clients at once (default 8) on
the same server. Goals: p95 under 50 ms sequentially and under 150 ms concurrently for every
request, the same number of SQL statements per request with 20 shows as with the whole library
(the library is seeded in two steps so that both counts come from the same database), and a
process RSS under 150 MB that does not grow while measuring. It exits non-zero otherwise.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import asyncpg
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import event, insert
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media_manager.config import Settings
from media_manager.core import migrations
from media_manager.main import create_app
from media_manager.movies.models import Movie
from media_manager.tv.models import Episode, Season, Show
from media_manager.tv.service import episode_monitored

if TYPE_CHECKING:
    from httpx import AsyncClient

DEFAULT_SERVER = os.environ.get(
    "MM_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
EPISODES_PER_SHOW = 50
EPISODES_PER_MOVIE = 10
SMALL_SHOWS = 20
SMALL_MOVIES = 100
# The show whose detail is measured: 10 seasons of 25 episodes, seeded first.
BIG_SHOW_NAME = "The Long Road Home"
BIG_SHOW_SEASONS = 10
BIG_SHOW_EPISODES = 25
GOAL_P95_MS = 50.0
GOAL_CONCURRENT_P95_MS = 150.0
GOAL_RSS_MB = 150.0
WARMUP = 10
# Requests per kind whose SQL statements are counted.
COUNTED = 5
# Rows per INSERT batch or COPY while seeding.
CHUNK = 20_000
# The throwaway database's only account.
PASSWORD = "benchmark password"  # noqa: S105

ADJECTIVES = ("silent", "broken", "dark", "wild", "iron", "golden", "lost", "little", "red")
NOUNS = ("river", "empire", "city", "night", "house", "crown", "road", "garden", "tower", "signal")
# Alternate titles, as providers give them: translations, often not in ASCII.
FOREIGN = ("Der Fluss", "La Couronne", "Ночной город", "黄金の塔", "El Jardín", "Il Segnale")


@dataclass(frozen=True)
class Size:
    episodes: int

    @property
    def shows(self) -> int:
        return max(self.episodes // EPISODES_PER_SHOW, SMALL_SHOWS + 1)

    @property
    def movies(self) -> int:
        return max(self.episodes // EPISODES_PER_MOVIE, SMALL_MOVIES + 1)


@dataclass
class ShowPlan:
    row: dict[str, Any]
    # Season number -> number of episodes; 0 is the specials.
    seasons: dict[int, int]
    ended: bool
    completeness: float


def load() -> str:
    """The figures `uptime` shows: on two cores, anything above 2 means waiting for a CPU."""
    one, five, fifteen = os.getloadavg()
    return (
        f"{time.strftime('%H:%M:%S')} load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"
        f" ({os.cpu_count()} CPUs)"
    )


def rss_mb(pid: int | None = None) -> float:
    """The resident memory of this process, or of process `pid`, now (Linux), in MB."""
    with open(f"/proc/{pid or 'self'}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    if pid is not None:
        raise SystemExit(f"no VmRSS for process {pid}")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def title(rng: random.Random) -> str:
    adjective, noun, other = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    return rng.choice(
        (f"The {adjective} {noun}", f"{noun} of {other}", f"{adjective} {noun}", noun)
    ).title()


def alternate_titles(rng: random.Random, index: int) -> list[str]:
    if rng.random() >= 0.2:
        return []
    return [f"{rng.choice(FOREIGN)} {index}", f"{title(rng)} ({rng.choice(('UK', 'US', 'AU'))})"]


def plan_shows(size: Size, now: datetime) -> list[ShowPlan]:
    """Shows with a realistic spread, exactly `size.episodes` episodes in all."""
    rng = random.Random(2026)
    shows = []
    for index in range(size.shows):
        if index == 0:
            seasons = dict.fromkeys(range(1, BIG_SHOW_SEASONS + 1), BIG_SHOW_EPISODES)
        else:
            count = rng.choices(range(1, 11), weights=(20, 16, 13, 11, 9, 8, 7, 6, 5, 5))[0]
            seasons = {number: rng.randint(6, 18) for number in range(1, count + 1)}
            if rng.random() < 0.3:
                seasons[0] = rng.randint(1, 5)
        ended = index != 0 and rng.random() < 0.6
        row = {
            "id": new_id(rng),
            "metadata_provider": "tmdb",
            "external_id": index + 1,
            "tmdb_id": index + 1,
            "tvdb_id": 10_000_000 + index,
            "imdb_id": f"tt{1_000_000 + index}",
            "name": BIG_SHOW_NAME if index == 0 else f"{title(rng)} {index}",
            "overview": "A show seeded by the library benchmark. " * 4,
            "year": None,
            "status": "ended" if ended else "continuing",
            "network": rng.choice(("HBO", "BBC One", "AMC", "Netflix", None)),
            "genres": rng.sample(["Drama", "Comedy", "Crime", "Sci-Fi", "Documentary"], 2),
            "alternate_titles": alternate_titles(rng, index),
            "original_language": "en",
            "runtime": rng.choice((22, 30, 45, 60)),
            "poster_url": f"https://image.tmdb.org/t/p/w500/{index}.jpg",
            "poster_source_url": None,
            "library": "default",
            "quality_profile": "default",
            "monitor": rng.choices(("all", "future", "missing", "none"), (50, 20, 15, 15))[0],
            "added_at": now - timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60)),
            "last_refreshed_at": now - timedelta(hours=rng.randint(0, 48)),
        }
        shows.append(ShowPlan(row, seasons, ended, rng.random()))

    # Bring the total to exactly `size.episodes` by growing or shrinking random seasons.
    missing = size.episodes - sum(sum(plan.seasons.values()) for plan in shows)
    while missing:
        plan = shows[rng.randint(1, size.shows - 1)]
        number = rng.randint(1, max(plan.seasons))
        if missing > 0 and plan.seasons[number] < 30:
            plan.seasons[number] += 1
            missing -= 1
        elif missing < 0 and plan.seasons[number] > 1:
            plan.seasons[number] -= 1
            missing += 1
    return shows


def movie_rows(size: Size, today: date, now: datetime) -> Iterator[dict[str, Any]]:
    rng = random.Random(1999)
    for index in range(size.movies):
        release = today - timedelta(days=rng.randint(-365, 40 * 365))
        released = release <= today
        yield {
            "id": new_id(rng),
            "metadata_provider": "tmdb",
            "external_id": index + 1,
            "tmdb_id": index + 1,
            "tvdb_id": None,
            "imdb_id": f"tt{20_000_000 + index}",
            "title": f"{title(rng)} {index}",
            "overview": "A movie seeded by the library benchmark. " * 4,
            "year": release.year,
            "release_date": release,
            "runtime": rng.randint(80, 180),
            "status": "released" if released else rng.choice(("in production", "planned")),
            "genres": rng.sample(["Drama", "Comedy", "Action", "Horror", "Animation"], 2),
            "alternate_titles": alternate_titles(rng, index),
            "original_language": "en",
            "poster_url": f"https://image.tmdb.org/t/p/w500/m{index}.jpg",
            "poster_source_url": None,
            "library": "default",
            "quality_profile": "default",
            "monitored": rng.random() < 0.8,
            "has_file": released and rng.random() < 0.7,
            "added_at": now - timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60)),
            "last_refreshed_at": now,
        }


def season_and_episode_rows(
    plan: ShowPlan, today: date, rng: random.Random
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Weekly episodes, a season a year; a continuing show is halfway through its last season."""
    regular = sorted(number for number in plan.seasons if number > 0)
    last = regular[-1]
    if plan.ended:
        finale = today - timedelta(days=rng.randint(60, 3000))
    else:
        finale = today + timedelta(weeks=plan.seasons[last] // 2)
    last_start = finale - timedelta(weeks=plan.seasons[last] - 1)
    monitor = plan.row["monitor"]
    for number in sorted(plan.seasons):
        season_id = new_id(rng)
        start = last_start - timedelta(days=365 * (last - max(number, 1)))
        episodes = []
        for episode_number in range(1, plan.seasons[number] + 1):
            air_date: date | None = start + timedelta(weeks=episode_number - 1)
            # Announced episodes of a running season often have no date yet.
            if not plan.ended and number == last and air_date > today and rng.random() < 0.3:
                air_date = None
            aired = air_date is not None and air_date <= today
            has_file = aired and rng.random() < plan.completeness
            episodes.append(
                {
                    "id": new_id(rng),
                    "season_id": season_id,
                    "number": episode_number,
                    "title": f"Episode {episode_number}",
                    "overview": "What happens in this episode. " * 3,
                    "air_date": air_date,
                    "monitored": episode_monitored(monitor, number, air_date, has_file, today),
                    "has_file": has_file,
                }
            )
        season = {
            "id": season_id,
            "show_id": plan.row["id"],
            "number": number,
            "name": "Specials" if number == 0 else f"Season {number}",
            "overview": "",
            "air_date": episodes[0]["air_date"],
            "monitored": number > 0
            and monitor != "none"
            and any(episode["monitored"] for episode in episodes),
        }
        yield season, episodes


def library_batches(
    size: Size, part: str, today: date, now: datetime
) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """(table, rows) in batches of about CHUNK rows: the first 20 shows and 100 movies
    (`part` "small") or all the others ("rest"); parents always before their children."""
    plans = plan_shows(size, now)
    plans = plans[:SMALL_SHOWS] if part == "small" else plans[SMALL_SHOWS:]
    rng = random.Random(len(plans))
    shows, seasons, episodes = [], [], []
    for plan in plans:
        for season, season_episodes in season_and_episode_rows(plan, today, rng):
            if season["number"] == 1:
                plan.row["year"] = season["air_date"].year
            seasons.append(season)
            episodes.extend(season_episodes)
        shows.append(plan.row)
        if len(episodes) >= CHUNK:
            yield Show.__table__, shows
            yield Season.__table__, seasons
            yield Episode.__table__, episodes
            shows, seasons, episodes = [], [], []
    yield Show.__table__, shows
    yield Season.__table__, seasons
    yield Episode.__table__, episodes
    movies = []
    for index, movie in enumerate(movie_rows(size, today, now)):
        if (index < SMALL_MOVIES) == (part == "small"):
            movies.append(movie)
        if len(movies) >= CHUNK:
            yield Movie.__table__, movies
            movies = []
    yield Movie.__table__, movies


def seed_sqlite(url: str, size: Size, part: str) -> dict[str, int]:
    now = datetime.now(UTC)
    engine = create_sync_engine(make_url(url).set(drivername="sqlite"))
    counts: dict[str, int] = defaultdict(int)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            for table, rows in library_batches(size, part, now.date(), now):
                if rows:
                    connection.execute(insert(table), rows)
                    counts[table.name] += len(rows)
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()
    return counts


async def seed_postgresql(url: str, size: Size, part: str) -> dict[str, int]:
    now = datetime.now(UTC)
    connection = await asyncpg.connect(asyncpg_dsn(url), timeout=5)
    counts: dict[str, int] = defaultdict(int)
    try:
        async with connection.transaction():
            for table, rows in library_batches(size, part, now.date(), now):
                if not rows:
                    continue
                columns = list(rows[0])
                records = [
                    tuple(
                        json.dumps(value) if isinstance(value, list) else value
                        for value in (row[column] for column in columns)
                    )
                    for row in rows
                ]
                await connection.copy_records_to_table(table.name, records=records, columns=columns)
                counts[table.name] += len(rows)
        # What autovacuum would do after a bulk load: statistics and the visibility map.
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
    return counts


def seed_in_child(url: str, size: Size, part: str) -> tuple[dict[str, int], float]:
    """Seed from another process, so that the rows never count towards this one's memory."""
    started = time.perf_counter()
    command = [sys.executable, __file__, "--seed-part", part, "--episodes", str(size.episodes)]
    result = subprocess.run(  # noqa: S603 (our own script)
        [*command, "--seed-url", url], check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.splitlines()[-1]), time.perf_counter() - started


def asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_database(server_url: str) -> str:
    name = f"mm_bench_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(asyncpg_dsn(server_url), timeout=5)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_database(server_url: str, url: str) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(server_url), timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        await connection.close()


class StatementCounter:
    """Counts the SQL statements the app's engine sends."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def bench_settings(url: str, data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        database={"url": url},  # type: ignore[arg-type]
        logging={"level": "WARNING"},  # type: ignore[arg-type]
        # Refresh jobs would call the (absent) relay and write during the measurements.
        scheduler={"enabled": False},  # type: ignore[arg-type]
        auth={"rate_limit": {"enabled": False}},  # type: ignore[arg-type]
    )


# The server child answers this path itself, before the app: the number of SQL statements the
# app has sent so far. It is the benchmark's probe, not part of the app.
STATEMENTS_PATH = "/bench/statements"


class CountingServerApp:
    """The app, plus STATEMENTS_PATH (see serve_for_benchmark)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.counter: StatementCounter | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != STATEMENTS_PATH:
            await self.app(scope, receive, send)
            return
        if self.counter is None:
            self.counter = StatementCounter(self.app.state.engine)
        body = str(self.counter.count).encode()
        headers = [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def serve_for_benchmark(url: str, port: int, data_dir: str) -> None:
    """The server child: the app under uvicorn, configured as `mediamanager serve` does."""
    import uvicorn

    app = create_app(bench_settings(url, Path(data_dir)))
    config = uvicorn.Config(
        CountingServerApp(app), host="127.0.0.1", port=port, log_config=None, proxy_headers=False
    )
    uvicorn.Server(config).run()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# A measured GET: (url, params) -> (status, body).
Fetch = Callable[[str, dict[str, Any]], Awaitable[tuple[int, bytes]]]


class Target:
    """Where the requests go and what is measured of the app: an in-process app or a server."""

    client: "AsyncClient"

    async def statements(self) -> int:
        """The number of SQL statements the app has sent so far."""
        raise NotImplementedError

    def rss_mb(self) -> float:
        raise NotImplementedError

    def cpu_seconds(self) -> float:
        """CPU time of the app's process so far (event loop and database threads)."""
        raise NotImplementedError

    @asynccontextmanager
    async def fetcher(self) -> AsyncIterator[Fetch]:
        """One client's way of making the measured requests (logged in)."""

        async def fetch(url: str, params: dict[str, Any]) -> tuple[int, bytes]:
            response = await self.client.get(url, params=params)
            return response.status_code, response.content

        yield fetch


class InProcessTarget(Target):
    def __init__(self, client: "AsyncClient", engine: AsyncEngine) -> None:
        self.client = client
        self.counter = StatementCounter(engine)

    async def statements(self) -> int:
        return self.counter.count

    def rss_mb(self) -> float:
        return rss_mb()

    def cpu_seconds(self) -> float:
        return time.process_time()


class ServerTarget(Target):
    def __init__(self, client: "AsyncClient", pid: int) -> None:
        self.client = client
        self.pid = pid

    async def statements(self) -> int:
        response = await self.client.get(STATEMENTS_PATH)
        response.raise_for_status()
        return int(response.text)

    def rss_mb(self) -> float:
        return rss_mb(self.pid)

    @asynccontextmanager
    async def fetcher(self) -> AsyncIterator[Fetch]:
        url = self.client.base_url
        headers = {"Authorization": self.client.headers["Authorization"]}
        connection = KeepAliveConnection(url.host, url.port or 80, headers)
        try:
            yield connection.get
        finally:
            await connection.close()

    def cpu_seconds(self) -> float:
        with open(f"/proc/{self.pid}/stat") as stat:
            # Fields 14 and 15 (after the parenthesised command): user and system ticks.
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Scenario:
    label: str
    url: str
    params: dict[str, Any]


@dataclass
class Result:
    times_ms: list[float] = field(default_factory=list)
    statements: set[int] = field(default_factory=set)
    items: int = 0
    # CPU time of the whole process (event loop and database threads) per request: unlike the
    # latencies, it hardly depends on what else the machine is doing.
    cpu_ms: float = 0.0


def query_string(params: dict[str, Any]) -> str:
    """As httpx writes it (booleans lower case)."""
    return urlencode(
        {key: str(val).lower() if isinstance(val, bool) else val for key, val in params.items()}
    )


class KeepAliveConnection:
    """One client's HTTP/1.1 keep-alive connection to the server, for the measured GETs.

    httpx took about 3 ms of CPU per request, on a machine of two cores that the server shares
    with the clients; this takes a fraction of that. It only reads what the app answers here:
    a status line, headers and a body of Content-Length bytes.
    """

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, url: str, params: dict[str, Any]) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        target = f"{url}?{query_string(params)}" if params else url
        writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n{self.head}\r\n".encode())
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        fields = dict(line.split(":", 1) for line in head[1:] if ":" in line)
        length = {name.lower(): value.strip() for name, value in fields.items()}["content-length"]
        return int(head[0].split(" ", 2)[1]), await reader.readexactly(int(length))

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            await self.streams[1].wait_closed()


async def request(fetch: Fetch, scenario: Scenario) -> tuple[float, int]:
    started = time.perf_counter()
    status, content = await fetch(scenario.url, scenario.params)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise SystemExit(f"{scenario.label}: {status} {content[:300]!r}")
    body = json.loads(content)
    items = len(body["items"]) if "items" in body else len(body.get("seasons", [body]))
    return elapsed, items


async def run(target: Target, scenario: Scenario, n: int) -> Result:
    """`n` requests one after the other, timed; then a few more, counting their statements
    (counted apart, so that asking the server for its count costs the timed ones nothing)."""
    result = Result()
    async with target.fetcher() as fetch:
        started = target.cpu_seconds()
        for _ in range(n):
            elapsed, result.items = await request(fetch, scenario)
            result.times_ms.append(elapsed)
        result.cpu_ms = (target.cpu_seconds() - started) * 1000 / n
        for _ in range(COUNTED):
            before = await target.statements()
            await request(fetch, scenario)
            result.statements.add(await target.statements() - before)
    return result


async def run_concurrently(
    target: Target, plan: list[Scenario], n: int, clients: int
) -> dict[str, Result]:
    """`n` requests of each kind, shuffled, from `clients` clients at once."""
    queue = [scenario for scenario in plan for _ in range(n)]
    random.Random(7).shuffle(queue)
    results: dict[str, Result] = defaultdict(Result)

    async def client_loop() -> None:
        async with target.fetcher() as fetch:
            while queue:
                scenario = queue.pop()
                elapsed, results[scenario.label].items = await request(fetch, scenario)
                results[scenario.label].times_ms.append(elapsed)

    await asyncio.gather(*(client_loop() for _ in range(clients)))
    return results


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def scenarios(size: Size, big_show_id: str, movie_id: str) -> list[Scenario]:
    shows, movies = "/api/v1/tv/shows", "/api/v1/movies"
    last_show_page = (size.shows - 1) // 50 + 1
    last_movie_page = (size.movies - 1) // 50 + 1
    return [
        Scenario("shows: page 1 by name", shows, {"sort": "name", "page": 1}),
        Scenario(
            "shows: page 30 by added desc", shows, {"sort": "added", "order": "desc", "page": 30}
        ),
        Scenario(
            "shows: last page by year desc",
            shows,
            {"sort": "year", "order": "desc", "page": last_show_page},
        ),
        Scenario(
            "shows: search+status+monitored",
            shows,
            {"search": "river", "status": "continuing", "monitored": True, "sort": "year"},
        ),
        Scenario("shows: search alternate title", shows, {"search": "黄金の塔 1"}),
        Scenario("shows: search 2 letters", shows, {"search": "zz"}),
        Scenario("show detail (10 x 25 episodes)", f"{shows}/{big_show_id}", {}),
        Scenario("movies: page 1 by title, with file", movies, {"sort": "title", "has_file": True}),
        Scenario(
            "movies: page 150 by added desc",
            movies,
            {"sort": "added", "order": "desc", "page": 150},
        ),
        Scenario(
            "movies: last page by year",
            movies,
            {"sort": "year", "page": last_movie_page},
        ),
        Scenario("movies: search title", movies, {"search": "golden crown", "monitored": True}),
        Scenario("movies: search alternate title", movies, {"search": "ночной город 7"}),
        Scenario("movie detail", f"{movies}/{movie_id}", {}),
    ]


async def log_in(client: "AsyncClient") -> None:
    # The first account is an active administrator.
    account = {"email": "bench@example.com", "password": PASSWORD}
    response = await client.post("/api/v1/auth/register", json=account)
    assert response.status_code == 201, response.text
    response = await client.post(
        "/api/v1/auth/jwt/login", data={"username": account["email"], "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"


async def first_ids(client: "AsyncClient") -> tuple[str, str]:
    shows = await client.get("/api/v1/tv/shows", params={"search": BIG_SHOW_NAME})
    movies = await client.get("/api/v1/movies", params={"page_size": 1})
    return shows.json()["items"][0]["id"], movies.json()["items"][0]["id"]


def fmt(counts: set[int]) -> str:
    return "/".join(str(count) for count in sorted(counts))


def report(
    plan: list[Scenario],
    small: dict[str, set[int]],
    sequential: dict[str, Result],
    concurrent: dict[str, Result],
    clients: int,
) -> bool:
    ok = True
    print(
        f"{'request':<32} {'rows':>4} | {'sequential p50':>14} {'p95':>6} {'p99':>6} |"
        f" {clients} clients p50 {'p95':>6} {'p99':>6} | {'cpu':>5} |"
        " statements (20 shows -> all)"
    )
    for scenario in plan:
        alone, together = sequential[scenario.label], concurrent[scenario.label]
        same = small[scenario.label] == alone.statements and len(alone.statements) == 1
        p95, p95_together = percentile(alone.times_ms, 0.95), percentile(together.times_ms, 0.95)
        flags = (
            ("" if same else "  GROWS")
            + ("" if p95 < GOAL_P95_MS else "  SLOW")
            + ("" if p95_together < GOAL_CONCURRENT_P95_MS else "  SLOW-CONCURRENT")
        )
        ok = ok and not flags
        print(
            f"{scenario.label:<32} {alone.items:>4} |"
            f" {statistics.median(alone.times_ms):>14.1f} {p95:>6.1f}"
            f" {percentile(alone.times_ms, 0.99):>6.1f} |"
            f" {statistics.median(together.times_ms):>{len(str(clients)) + 12}.1f}"
            f" {p95_together:>6.1f} {percentile(together.times_ms, 0.99):>6.1f} |"
            f" {alone.cpu_ms:>5.1f} |"
            f" {fmt(small[scenario.label])} -> {fmt(alone.statements)}{flags}"
        )
    print(
        f"(ms; cpu: process CPU time per sequential request; rows: items on the page, seasons"
        f" of the show; goals: p95 < {GOAL_P95_MS:.0f} ms"
        f" sequential, < {GOAL_CONCURRENT_P95_MS:.0f} ms with {clients} clients, statement"
        " counts equal)"
    )
    return ok


@asynccontextmanager
async def in_process_target(url: str, data_dir: str) -> AsyncIterator[Target]:
    app = create_app(bench_settings(url, Path(data_dir)))
    # httpx after the app: media_manager/__init__.py keeps httpx's command-line client
    # (click, rich, pygments) out of the process, as in the server.
    from httpx import ASGITransport, AsyncClient

    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://bench") as client,
    ):
        yield InProcessTarget(client, app.state.engine)


@asynccontextmanager
async def server_target(url: str, data_dir: str) -> AsyncIterator[Target]:
    from httpx import AsyncClient, HTTPError

    port = free_port()
    command = [sys.executable, __file__, "--serve-url", url, "--serve-port", str(port)]
    server = await asyncio.create_subprocess_exec(*command, "--serve-data-dir", data_dir)
    try:
        async with AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(600):
                if server.returncode is not None:
                    raise SystemExit(f"the server exited with {server.returncode}")
                try:
                    await client.get(STATEMENTS_PATH)
                    break
                except HTTPError:
                    await asyncio.sleep(0.1)
            else:
                raise SystemExit("the server did not answer within 60 s")
            yield ServerTarget(client, server.pid)
    finally:
        if server.returncode is None:
            server.terminate()
            await asyncio.wait_for(server.wait(), 30)


async def benchmark(url: str, size: Size, requests: int, clients: int, in_process: bool) -> bool:
    with tempfile.TemporaryDirectory(prefix="mm-bench-") as data_dir:
        new_target = in_process_target if in_process else server_target
        async with new_target(url, data_dir) as target:
            client = target.client
            await log_in(client)

            await asyncio.to_thread(seed_in_child, url, size, "small")
            plan = scenarios(size, *await first_ids(client))
            small = {}
            for scenario in plan:
                small[scenario.label] = (await run(target, scenario, 3)).statements

            counts, seconds = await asyncio.to_thread(seed_in_child, url, size, "rest")
            print(
                f"seeded {counts.get('shows', 0)} shows, {counts.get('seasons', 0)} seasons,"
                f" {counts.get('episodes', 0)} episodes, {counts.get('movies', 0)} movies in"
                f" {seconds:.1f} s (after {SMALL_SHOWS} shows and {SMALL_MOVIES} movies)"
            )
            print(f"load before measuring: {load()}")
            for scenario in plan:
                await run(target, scenario, WARMUP)
            rss_before = target.rss_mb()
            sequential = {}
            for scenario in plan:
                sequential[scenario.label] = await run(target, scenario, requests)
            rss_sequential = target.rss_mb()
            concurrent = await run_concurrently(target, plan, requests, clients)
            rss_after = target.rss_mb()
            print(f"load after measuring:  {load()}")

    print()
    ok = report(plan, small, sequential, concurrent, clients)
    growth = rss_after - rss_before
    steady = rss_after < GOAL_RSS_MB and growth < 0.1 * GOAL_RSS_MB
    where = "this process (app in-process)" if in_process else "the server process"
    print(
        f"RSS of {where}: {rss_before:.0f} MB after warm-up, {rss_sequential:.0f} MB after the"
        f" sequential run, {rss_after:.0f} MB after the concurrent one (goal: under"
        f" {GOAL_RSS_MB:.0f} MB and steady){'' if steady else '  MISSED'}"
    )
    return ok and steady


async def bench_database(kind: str, server_url: str, size: Size, args: argparse.Namespace) -> bool:
    print(
        f"\n== {kind}: {size.shows} shows, {size.episodes} episodes, {size.movies} movies;"
        f" {args.requests} requests per kind, then {args.concurrency} clients"
    )
    print(f"load at start: {load()}")
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="mm-bench-db-")
        url = f"sqlite+aiosqlite:///{folder}/library.db"
        try:
            await asyncio.to_thread(migrations.upgrade_in_child_process, url)
            return await benchmark(url, size, args.requests, args.concurrency, args.in_process)
        finally:
            if args.keep_database:
                print(f"kept the database: {url}")
            else:
                shutil.rmtree(folder)
    url = await create_database(server_url)
    try:
        await asyncio.to_thread(migrations.upgrade_in_child_process, url)
        return await benchmark(url, size, args.requests, args.concurrency, args.in_process)
    finally:
        if args.keep_database:
            print(f"kept the database: {url}")
        else:
            await drop_database(server_url, url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=100_000, help="library size")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--concurrency", type=int, default=8, help="clients at once")
    parser.add_argument("--database-url", default=DEFAULT_SERVER, help="a PostgreSQL server")
    parser.add_argument("--requests", type=int, default=100, help="measured requests per kind")
    parser.add_argument("--keep-database", action="store_true", help="do not drop it")
    parser.add_argument(
        "--in-process", action="store_true", help="run the app in this process (ASGITransport)"
    )
    parser.add_argument("--seed-url", help=argparse.SUPPRESS)
    parser.add_argument("--seed-part", choices=("small", "rest"), help=argparse.SUPPRESS)
    parser.add_argument("--serve-url", help=argparse.SUPPRESS)
    parser.add_argument("--serve-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_url:
        # uvicorn runs its own event loop.
        serve_for_benchmark(args.serve_url, args.serve_port, args.serve_data_dir)
        return
    asyncio.run(run_benchmarks(args))


async def run_benchmarks(args: argparse.Namespace) -> None:
    size = Size(args.episodes)

    if args.seed_url:
        if args.seed_url.startswith("sqlite"):
            counts = seed_sqlite(args.seed_url, size, args.seed_part)
        else:
            counts = await seed_postgresql(args.seed_url, size, args.seed_part)
        print(json.dumps(counts))
        return

    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    results = {kind: await bench_database(kind, args.database_url, size, args) for kind in kinds}
    missed = [kind for kind, ok in results.items() if not ok]
    if missed:
        raise SystemExit(f"goal missed on {', '.join(missed)}")


if __name__ == "__main__":
    main()
