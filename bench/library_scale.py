"""Library listing and show detail at scale: 2,000 shows, 100,000 episodes, 10,000 movies.

Run with `uv run python bench/library_scale.py [--database-url URL] [--requests N]`.
The benchmark creates a throwaway PostgreSQL database on the server of `--database-url`
(default: MM_TEST_POSTGRES_URL, else postgresql+asyncpg://postgres@127.0.0.1:5432/postgres),
migrates it, and seeds it with bulk inserts. The real app runs in-process (create_app, its
lifespan, httpx over ASGITransport, a logged-in admin), so every figure includes routing,
authentication, the queries and JSON serialisation. The database is dropped at the end.

Goals: p95 under 50 ms for every request below, and the same number of SQL statements per
request with 20 shows as with 2,000 (statements are counted on the app's engine). The library
is seeded in two steps so that both counts come from the same database: first 20 shows and 100
movies, then the rest. `--keep-database` leaves the database in place for EXPLAIN ANALYZE.
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media_manager.config import Settings
from media_manager.core import migrations
from media_manager.core.database import create_engine
from media_manager.main import create_app
from media_manager.movies.models import Movie
from media_manager.tv.models import Episode, Season, Show
from media_manager.tv.service import episode_monitored

DEFAULT_SERVER = os.environ.get(
    "MM_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
SHOWS = 2_000
EPISODES = 100_000
MOVIES = 10_000
SMALL_SHOWS = 20
SMALL_MOVIES = 100
# The show whose detail is measured: 10 seasons of 25 episodes, seeded first.
BIG_SHOW_SEASONS = 10
BIG_SHOW_EPISODES = 25
GOAL_P95_MS = 50.0
WARMUP = 20
# The throwaway database's only account.
PASSWORD = "benchmark password"  # noqa: S105

ADJECTIVES = ("silent", "broken", "dark", "wild", "iron", "golden", "lost", "little", "red")
NOUNS = ("river", "empire", "city", "night", "house", "crown", "road", "garden", "tower", "signal")


@dataclass
class ShowPlan:
    row: dict[str, Any]
    # Season number -> number of episodes; 0 is the specials.
    seasons: dict[int, int]
    ended: bool
    completeness: float


@dataclass
class Library:
    shows: list[ShowPlan] = field(default_factory=list)
    movies: list[dict[str, Any]] = field(default_factory=list)


def load() -> str:
    """The figures `uptime` shows: on two cores, anything above 2 means waiting for a CPU."""
    one, five, fifteen = os.getloadavg()
    return (
        f"{time.strftime('%H:%M:%S')} load average: {one:.2f}, {five:.2f}, {fifteen:.2f}"
        f" ({os.cpu_count()} CPUs)"
    )


def title(rng: random.Random) -> str:
    adjective, noun, other = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    return rng.choice(
        (f"The {adjective} {noun}", f"{noun} of {other}", f"{adjective} {noun}", noun)
    ).title()


def plan_library(today: date, now: datetime) -> Library:
    """Shows and movies with a realistic spread, exactly EPISODES episodes in all."""
    rng = random.Random(2026)
    library = Library()
    for index in range(SHOWS):
        if index == 0:
            seasons = dict.fromkeys(range(1, BIG_SHOW_SEASONS + 1), BIG_SHOW_EPISODES)
        else:
            count = rng.choices(range(1, 11), weights=(20, 16, 13, 11, 9, 8, 7, 6, 5, 5))[0]
            seasons = {number: rng.randint(6, 18) for number in range(1, count + 1)}
            if rng.random() < 0.3:
                seasons[0] = rng.randint(1, 5)
        ended = index != 0 and rng.random() < 0.6
        row = {
            "id": uuid.uuid4(),
            "metadata_provider": "tmdb",
            "external_id": index + 1,
            "tmdb_id": index + 1,
            "tvdb_id": 100_000 + index,
            "imdb_id": f"tt{1_000_000 + index}",
            "name": "The Long Road Home" if index == 0 else f"{title(rng)} {index}",
            "overview": "A show seeded by the library benchmark. " * 4,
            "year": None,
            "status": "ended" if ended else "continuing",
            "network": rng.choice(("HBO", "BBC One", "AMC", "Netflix", None)),
            "genres": rng.sample(["Drama", "Comedy", "Crime", "Sci-Fi", "Documentary"], 2),
            "original_language": "en",
            "runtime": rng.choice((22, 30, 45, 60)),
            "poster_url": f"https://image.tmdb.org/t/p/w500/{index}.jpg",
            "library": "default",
            "quality_profile": "default",
            "monitor": rng.choices(("all", "future", "missing", "none"), (50, 20, 15, 15))[0],
            "added_at": now - timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60)),
            "last_refreshed_at": now - timedelta(hours=rng.randint(0, 48)),
        }
        library.shows.append(ShowPlan(row, seasons, ended, rng.random()))

    # Bring the total to exactly EPISODES by growing or shrinking random regular seasons.
    missing = EPISODES - sum(sum(plan.seasons.values()) for plan in library.shows)
    while missing:
        plan = library.shows[rng.randint(1, SHOWS - 1)]
        number = rng.randint(1, max(plan.seasons))
        if missing > 0 and plan.seasons[number] < 30:
            plan.seasons[number] += 1
            missing -= 1
        elif missing < 0 and plan.seasons[number] > 1:
            plan.seasons[number] -= 1
            missing += 1

    for index in range(MOVIES):
        release = today - timedelta(days=rng.randint(-365, 40 * 365))
        released = release <= today
        library.movies.append(
            {
                "id": uuid.uuid4(),
                "metadata_provider": "tmdb",
                "external_id": index + 1,
                "tmdb_id": index + 1,
                "tvdb_id": None,
                "imdb_id": f"tt{2_000_000 + index}",
                "title": f"{title(rng)} {index}",
                "overview": "A movie seeded by the library benchmark. " * 4,
                "year": release.year,
                "release_date": release,
                "runtime": rng.randint(80, 180),
                "status": "released" if released else rng.choice(("in production", "planned")),
                "genres": rng.sample(["Drama", "Comedy", "Action", "Horror", "Animation"], 2),
                "original_language": "en",
                "poster_url": f"https://image.tmdb.org/t/p/w500/m{index}.jpg",
                "library": "default",
                "quality_profile": "default",
                "monitored": rng.random() < 0.8,
                "has_file": released and rng.random() < 0.7,
                "added_at": now - timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60)),
                "last_refreshed_at": now,
            }
        )
    return library


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
        season_id = uuid.uuid4()
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
                    "id": uuid.uuid4(),
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


async def seed(
    engine: AsyncEngine, plans: list[ShowPlan], movies: list[dict[str, Any]], today: date
) -> tuple[int, int]:
    rng = random.Random(len(plans))
    shows, seasons, episodes = [], [], []
    for plan in plans:
        for season, season_episodes in season_and_episode_rows(plan, today, rng):
            if season["number"] == 1:
                plan.row["year"] = season["air_date"].year
            seasons.append(season)
            episodes.extend(season_episodes)
        shows.append(plan.row)
    async with engine.begin() as connection:
        for table, rows in (
            (Show.__table__, shows),
            (Season.__table__, seasons),
            (Episode.__table__, episodes),
            (Movie.__table__, movies),
        ):
            for start in range(0, len(rows), 5_000):
                await connection.execute(insert(table), rows[start : start + 5_000])
    # What autovacuum would do after a bulk load; without statistics the planner guesses.
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("ANALYZE"))
    return len(seasons), len(episodes)


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


@dataclass
class Scenario:
    label: str
    url: str
    params: dict[str, Any]


@dataclass
class Result:
    times_ms: list[float]
    statements: set[int]
    items: int


async def run(client: AsyncClient, counter: StatementCounter, scenario: Scenario, n: int) -> Result:
    times, statements, items = [], set(), 0
    for _ in range(n):
        counter.count = 0
        started = time.perf_counter()
        response = await client.get(scenario.url, params=scenario.params)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{scenario.label}: {response.status_code} {response.text[:300]}")
        statements.add(counter.count)
        body = response.json()
        items = len(body["items"]) if "items" in body else len(body["seasons"])
    return Result(times, statements, items)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def scenarios(big_show_id: uuid.UUID) -> list[Scenario]:
    shows = "/api/v1/tv/shows"
    return [
        Scenario("shows: page 1 by name", shows, {"sort": "name", "page": 1}),
        Scenario(
            "shows: page 30 by added desc", shows, {"sort": "added", "order": "desc", "page": 30}
        ),
        Scenario(
            "shows: search+status+monitored",
            shows,
            {"search": "river", "status": "continuing", "monitored": True, "sort": "year"},
        ),
        Scenario("show detail (10 x 25 episodes)", f"{shows}/{big_show_id}", {}),
        Scenario("movies: page 1 by title", "/api/v1/movies", {"sort": "title"}),
        Scenario(
            "movies: page 150 by added desc",
            "/api/v1/movies",
            {"sort": "added", "order": "desc", "page": 150},
        ),
    ]


async def log_in(client: AsyncClient) -> None:
    # The first account is an active administrator.
    account = {"email": "bench@example.com", "password": PASSWORD}
    response = await client.post("/api/v1/auth/register", json=account)
    assert response.status_code == 201, response.text
    response = await client.post(
        "/api/v1/auth/jwt/login", data={"username": account["email"], "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"


async def benchmark(url: str, requests: int) -> bool:
    now = datetime.now(UTC)
    today = now.date()
    library = plan_library(today, now)
    big_show_id = library.shows[0].row["id"]
    plan = scenarios(big_show_id)
    seed_engine = create_engine(url)
    with tempfile.TemporaryDirectory(prefix="mm-bench-") as data_dir:
        settings = Settings(
            data_dir=Path(data_dir),
            database={"url": url},  # type: ignore[arg-type]
            logging={"level": "WARNING"},  # type: ignore[arg-type]
        )
        app = create_app(settings)
        try:
            async with (
                app.router.lifespan_context(app),
                AsyncClient(transport=ASGITransport(app=app), base_url="http://bench") as client,
            ):
                counter = StatementCounter(app.state.engine)
                await log_in(client)

                await seed(
                    seed_engine, library.shows[:SMALL_SHOWS], library.movies[:SMALL_MOVIES], today
                )
                small = {}
                for scenario in plan:
                    await run(client, counter, scenario, 3)
                    small[scenario.label] = (await run(client, counter, scenario, 5)).statements

                started = time.perf_counter()
                seasons, episodes = await seed(
                    seed_engine, library.shows[SMALL_SHOWS:], library.movies[SMALL_MOVIES:], today
                )
                seeding = time.perf_counter() - started
                print(
                    f"seeded {SHOWS - SMALL_SHOWS} shows, {seasons} seasons, {episodes} episodes,"
                    f" {MOVIES - SMALL_MOVIES} movies in {seeding:.1f} s (plus {SMALL_SHOWS} shows,"
                    f" {SMALL_MOVIES} movies first)"
                )
                print(f"load before measuring: {load()}")
                results = {}
                for scenario in plan:
                    await run(client, counter, scenario, WARMUP)
                    results[scenario.label] = await run(client, counter, scenario, requests)
                print(f"load after measuring:  {load()}")
        finally:
            await seed_engine.dispose()

    print()
    print(
        f"{'request':<32} {'n':>4} {'min':>6} {'median':>7} {'p95':>6} {'max':>6}  "
        f"{'rows':>5}  statements ({SMALL_SHOWS} shows -> {SHOWS})"
    )
    ok = True
    for scenario in plan:
        result = results[scenario.label]
        times = result.times_ms
        p95 = percentile(times, 0.95)
        same = small[scenario.label] == result.statements and len(result.statements) == 1
        ok = ok and same and p95 < GOAL_P95_MS
        print(
            f"{scenario.label:<32} {len(times):>4} {min(times):>6.1f} "
            f"{statistics.median(times):>7.1f} {p95:>6.1f} {max(times):>6.1f}  "
            f"{result.items:>5}  {fmt(small[scenario.label])} -> {fmt(result.statements)}"
            f"{'' if same else '  GROWS'}{'' if p95 < GOAL_P95_MS else '  SLOW'}"
        )
    print(
        "(times in ms; rows: items on the page, seasons of the show; goal: p95 < "
        f"{GOAL_P95_MS:.0f} ms and statement counts equal)"
    )
    return ok


def fmt(counts: set[int]) -> str:
    return "/".join(str(count) for count in sorted(counts))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_SERVER, help="a PostgreSQL server")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per row")
    parser.add_argument("--keep-database", action="store_true", help="do not drop it")
    args = parser.parse_args()

    print(f"library scale: {SHOWS} shows, {EPISODES} episodes, {MOVIES} movies on PostgreSQL")
    print(f"load at start: {load()}")
    url = await create_database(args.database_url)
    try:
        await asyncio.to_thread(migrations.upgrade, url)
        ok = await benchmark(url, args.requests)
    finally:
        if args.keep_database:
            print(f"kept the database: {url}")
        else:
            await drop_database(args.database_url, url)
    if not ok:
        raise SystemExit("goal missed")


if __name__ == "__main__":
    asyncio.run(main())
