"""The library lists and the title search read their page through an index, never a full scan.

Each test sends a real list request, captures the statement that reads the page (the one with
the "page" CTE, see LibraryItemRepository.page_ids) with its parameters, and asks the database
how it runs it. Each database is seeded once for the module, with enough shows, seasons,
episodes and movies that a dropped index, or a statement its index no longer serves, shows up
as a scan of the table. PostgreSQL's statistics are gathered (VACUUM ANALYZE, as autovacuum
would after a bulk load); SQLite is left without statistics, as the app leaves it (its plans
here are the same with them).
"""

import json
import random
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event, insert

from media_manager.main import create_app
from media_manager.movies.models import Movie
from media_manager.tv.models import Episode, Season, Show
from tests.conftest import (
    CHEAP_PASSWORD_HELPER,
    MigratedDatabases,
    bearer_headers,
    drop_postgres_database,
    make_settings,
    register,
)

# Shows and movies each (a season and an episode per show). PostgreSQL weighs a page of 50
# rows against the size of the tables it joins them to: with 5,000 shows it rightly reads shows
# and seasons whole (a hash join), with 10,000 still seasons; from 20,000 it looks them up by
# index. SQLite, planning without statistics, reads the same way at any size.
SIZES = {"sqlite": 3000, "postgresql": 20_000}
EPISODES_PER_SHOW = 1
# Rare enough that the search index is the way to find it.
RARE_WORD = "Zyzzogeton"
RARE_ITEMS = 5
WORDS = [
    "Blue", "Night", "River", "Empire", "Silent", "Winter", "House", "Garden", "Iron", "Paper",
    "Storm", "Golden", "Harbor", "Signal", "Forest", "Hollow", "Crown", "Engine", "Mirror", "Salt",
]  # fmt: skip
LIBRARY_TABLES = {"shows", "movies", "seasons", "episodes"}


@dataclass(frozen=True)
class Library:
    app: FastAPI
    client: AsyncClient
    headers: dict[str, str]
    kind: str


def _title(rng: random.Random, number: int) -> str:
    if number < RARE_ITEMS:
        return f"The {RARE_WORD} {number}"
    return f"{rng.choice(WORDS)} {rng.choice(WORDS)} {number}"


def _items(rng: random.Random, count: int, now: datetime) -> list[dict[str, Any]]:
    """The columns shows and movies share, varied as a real library's are."""
    return [
        {
            "id": uuid.uuid4(),
            "metadata_provider": "tmdb",
            "external_id": number,
            "tmdb_id": number,
            "year": None if number % 50 == 0 else 1950 + rng.randrange(75),
            "genres": ["Drama"],
            "alternate_titles": [],
            "library": "default",
            "quality_profile": "default",
            "added_at": now - timedelta(minutes=rng.randrange(500_000)),
            "last_refreshed_at": now,
        }
        for number in range(count)
    ]


def _library_rows(size: int) -> dict[Any, list[dict[str, Any]]]:
    rng = random.Random(7)
    now = datetime.now(UTC)
    shows = [
        row | {"name": _title(rng, n), "status": "continuing", "monitor": "all", "overview": ""}
        for n, row in enumerate(_items(rng, size, now))
    ]
    seasons = [
        {
            "id": uuid.uuid4(),
            "show_id": show["id"],
            "number": 1,
            "name": "Season 1",
            "overview": "",
            "monitored": True,
        }
        for show in shows
    ]
    episodes = [
        {
            "id": uuid.uuid4(),
            "season_id": season["id"],
            "number": number,
            "title": f"Episode {number}",
            "overview": "",
            "air_date": date(2020, 1, 1) + timedelta(days=rng.randrange(2000)),
            "monitored": True,
            "has_file": rng.random() < 0.5,
        }
        for season in seasons
        for number in range(1, EPISODES_PER_SHOW + 1)
    ]
    movies = [
        row | {"title": _title(rng, n), "monitored": True, "has_file": n % 3 == 0, "overview": ""}
        for n, row in enumerate(_items(rng, size, now))
    ]
    return {Show: shows, Season: seasons, Episode: episodes, Movie: movies}


async def _seed(app: FastAPI, kind: str) -> None:
    tables = _library_rows(SIZES[kind])
    async with app.state.engine.begin() as connection:
        if kind == "sqlite":
            for model, rows in tables.items():
                await connection.execute(insert(model), rows)
            return
        # COPY, as bench/library_scale.py seeds PostgreSQL: the quickest way in.
        raw = (await connection.get_raw_connection()).driver_connection
        for model, rows in tables.items():
            columns = list(rows[0])
            records = [
                tuple(json.dumps(v) if isinstance(v, list) else v for v in row.values())
                for row in rows
            ]
            await raw.copy_records_to_table(model.__tablename__, records=records, columns=columns)
    async with app.state.engine.connect() as connection:
        # What autovacuum does after a bulk load: statistics and the visibility map.
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.exec_driver_sql("VACUUM ANALYZE")


@pytest.fixture(scope="module")
async def library(
    database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_databases: MigratedDatabases,
) -> AsyncIterator[Library]:
    """An app on its own database of the kind of `database_url`, seeded once for the module."""
    kind = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    folder: Path = tmp_path_factory.mktemp("plans")
    url = await migrated_databases.create(kind, folder / "plans.db")
    app = create_app(make_settings(folder / "data", url, scheduler={"enabled": False}))
    try:
        async with app.router.lifespan_context(app):
            app.state.password_helper = CHEAP_PASSWORD_HELPER
            await _seed(app, kind)
            async with AsyncClient(
                transport=ASGITransport(app=app), base_url="http://test"
            ) as client:
                await register(client, "admin@example.com")
                headers = await bearer_headers(client, "admin@example.com")
                yield Library(app, client, headers, kind)
    finally:
        if kind == "postgresql":
            await drop_postgres_database(url)


async def page_statement(library: Library, path: str, params: dict) -> tuple[str, Any]:
    """The statement that read the page of the list request, and its parameters."""
    sent: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, *_args) -> None:
        sent.append((statement, parameters))

    engine = library.app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        response = await library.client.get(path, params=params, headers=library.headers)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert response.status_code == 200, response.text
    assert response.json()["items"], "the page is empty: nothing was planned"
    [page] = [(s, p) for s, p in sent if "page AS" in s]
    return page


async def plan(library: Library, statement: str, parameters: Any) -> list[dict[str, Any]]:
    """How the database runs the statement, as a flat list of plan nodes: SQLite's
    `{"detail": ...}` rows, PostgreSQL's nodes (Node Type, Relation Name, Index Name...)."""
    async with library.app.state.engine.connect() as connection:
        if library.kind == "sqlite":
            rows = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return [{"detail": row.detail} for row in rows]
        result = await connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
        document = result.scalar_one()
    root = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
    nodes, todo = [], [root]
    while todo:
        node = todo.pop()
        nodes.append(node)
        todo.extend(node.get("Plans", []))
    return nodes


def describe(nodes: list[dict[str, Any]]) -> list[str]:
    """The plan in short, for failure messages."""
    if "detail" in nodes[0]:
        return [node["detail"] for node in nodes]
    return [
        " ".join(filter(None, (n["Node Type"], n.get("Relation Name"), n.get("Index Name"))))
        for n in nodes
    ]


LISTS = [
    ("/api/v1/tv/shows", {"sort": "name"}, "shows", "ix_shows_sort_name"),
    ("/api/v1/tv/shows", {"sort": "added", "order": "desc"}, "shows", "ix_shows_sort_added"),
    ("/api/v1/tv/shows", {"sort": "year", "order": "desc"}, "shows", "ix_shows_sort_year_desc"),
    ("/api/v1/movies", {"sort": "title"}, "movies", "ix_movies_sort_title"),
    ("/api/v1/movies", {"sort": "added", "order": "desc"}, "movies", "ix_movies_sort_added"),
    ("/api/v1/movies", {"sort": "year", "order": "desc"}, "movies", "ix_movies_sort_year_desc"),
]
INDEX_SCANS = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}


def full_scans(library: Library, nodes: list[dict[str, Any]]) -> list[str]:
    """The library tables the plan reads whole, without an index."""
    if library.kind == "sqlite":
        bare = re.compile(rf"SCAN (TABLE )?({'|'.join(LIBRARY_TABLES)})$")
        return [node["detail"] for node in nodes if bare.match(node["detail"])]
    return [
        node["Relation Name"]
        for node in nodes
        if node["Node Type"] == "Seq Scan" and node["Relation Name"] in LIBRARY_TABLES
    ]


def index_scans(library: Library, nodes: list[dict[str, Any]], table: str) -> list[str]:
    """The indexes the plan reads `table` through, in order or by lookup (on PostgreSQL, every
    index scan: its index names name their table)."""
    if library.kind == "sqlite":
        through = re.compile(rf"(SCAN|SEARCH) (TABLE )?{table} USING (COVERING )?INDEX (\w+)")
        return [m[4] for node in nodes if (m := through.match(node["detail"]))]
    return [node["Index Name"] for node in nodes if node["Node Type"] in INDEX_SCANS]


@pytest.mark.parametrize(
    ("path", "params", "table", "index"), LISTS, ids=[index for *_, index in LISTS]
)
async def test_list_page_is_read_in_order_from_its_sort_index(
    library: Library, path: str, params: dict, table: str, index: str
):
    statement, parameters = await page_statement(library, path, params)

    nodes = await plan(library, statement, parameters)

    assert index in index_scans(library, nodes, table), describe(nodes)
    assert full_scans(library, nodes) == [], describe(nodes)


@pytest.mark.parametrize("table", ["shows", "movies"])
async def test_title_search_reads_the_search_index_not_the_table(library: Library, table: str):
    path = "/api/v1/tv/shows" if table == "shows" else "/api/v1/movies"
    statement, parameters = await page_statement(library, path, {"search": RARE_WORD.lower()})

    nodes = await plan(library, statement, parameters)

    assert full_scans(library, nodes) == [], describe(nodes)
    if library.kind == "sqlite":
        # The FTS5 trigram table answers the MATCH; the table is only looked up by id.
        fts = re.compile(rf"SCAN (TABLE )?{table}_search VIRTUAL TABLE INDEX \d+:M")
        assert any(fts.match(node["detail"]) for node in nodes), describe(nodes)
        walked = re.compile(rf"SCAN (TABLE )?{table}\b")
        assert not any(walked.match(node["detail"]) for node in nodes), describe(nodes)
    else:
        assert f"ix_{table}_search_titles" in index_scans(library, nodes, table), describe(nodes)
