"""Fixtures shared by the whole suite: both databases, the app, logged-in clients.

scripts/test.sh runs the suite in pytest-xdist workers. Session fixtures run once per worker, so
every worker has its own databases (uniquely named), temporary folders (tmp_path_factory) and
programs and stand-in servers (free loopback ports); nothing may use a fixed path or port.
"""

import asyncio
import functools
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from pathlib import Path

import asyncpg
import pytest
from fastapi import FastAPI
from fastapi_users.password import PasswordHelper
from httpx import ASGITransport, AsyncClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from media_manager.config import Settings
from media_manager.core import database, migrations
from media_manager.core.database import create_engine
from media_manager.core.filesystem import prepare_directories
from media_manager.main import apply_settings, create_app
from tests.metadata.relay import RELAY_URL
from tests.support.http_server import serve_in_thread
from tests.support.torznab import TorznabServer

# Not MEDIAMANAGER_*: the app refuses unknown variables with its own prefix.
POSTGRES_ADMIN_URL = os.environ.get(
    "MM_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_START_HINT = (
    "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
)
PASSWORD = "correct horse battery"
# A slow call (HTTP, SMTP) made inside an open request transaction fails the test.
database.strict_slow_calls = True


def missing(what: str) -> None:
    """Skip on a developer machine, fail under CI (where every part must run)."""
    if IN_CI:
        pytest.fail(f"{what} (CI=true: this is a failure, not a skip)")
    pytest.skip(what)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_postgres_database(template: str | None = None) -> str:
    """A fresh PostgreSQL database, empty or a copy of `template`; returns its SQLAlchemy URL."""
    name = f"mm_test_{uuid.uuid4().hex[:12]}"
    try:
        connection = await asyncpg.connect(_asyncpg_dsn(POSTGRES_ADMIN_URL), timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        missing(
            f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL} ({exc}); {POSTGRES_START_HINT}"
        )
    try:
        copy = f' TEMPLATE "{template}"' if template else ""
        await connection.execute(f'CREATE DATABASE "{name}"{copy}')
    finally:
        await connection.close()
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    connection = await asyncpg.connect(_asyncpg_dsn(POSTGRES_ADMIN_URL), timeout=5)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A migrated database for the whole session, on each of the two supported engines."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("sqlite") / "test.db")
    else:
        url = await create_postgres_database()
    # Alembic runs its own event loop, so it must not run on this one.
    await asyncio.to_thread(migrations.upgrade, url)
    yield url
    if request.param == "postgresql":
        await drop_postgres_database(url)


class MigratedDatabases:
    """Fresh, migrated databases for tests that need one of their own (outside the rolled-back
    session database): copies of a database migrated once per session and engine, which is
    what migrating each one would give, in a fraction of the time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.templates: dict[str, str] = {}

    async def _template(self, kind: str) -> str:
        if kind not in self.templates:
            if kind == "sqlite":
                url = sqlite_url(self.folder / "template.db")
            else:
                url = await create_postgres_database()
            await asyncio.to_thread(migrations.upgrade, url)
            self.templates[kind] = url
        return self.templates[kind]

    async def create(self, kind: str, sqlite_file: Path) -> str:
        """A new database of `kind` ("sqlite": at `sqlite_file`); the caller drops PostgreSQL's."""
        template = make_url(await self._template(kind)).database
        assert template
        if kind == "sqlite":
            await asyncio.to_thread(_sqlite_copy, Path(template), sqlite_file)
            return sqlite_url(sqlite_file)
        return await create_postgres_database(template=template)


def _sqlite_copy(source: Path, target: Path) -> None:
    # SQLite's backup API: a consistent copy, whatever is still in the source's WAL file.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
async def migrated_databases(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[MigratedDatabases]:
    databases = MigratedDatabases(tmp_path_factory.mktemp("migrated"))
    yield databases
    if "postgresql" in databases.templates:
        await drop_postgres_database(databases.templates["postgresql"])


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
async def session(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session in the test's transaction, for seeding what the API then reads."""
    async with AsyncSession(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    ) as session:
        yield session


_TORZNAB = TorznabServer()


@pytest.fixture(scope="session")
def torznab_base_url() -> Iterator[str]:
    """The stand-in Torznab/Newznab/Prowlarr server, started once when first needed."""
    with serve_in_thread(_TORZNAB.app()) as base_url:
        _TORZNAB.base_url = base_url
        yield base_url


@pytest.fixture
def torznab(torznab_base_url: str) -> Iterator[TorznabServer]:
    """The stand-in indexers, emptied before each test."""
    _TORZNAB.reset()
    yield _TORZNAB
    _TORZNAB.reset()


def make_settings(data_dir: Path, database_url: str, **sections: object) -> Settings:
    # Freezing the collector is for long-running servers, not for apps made per test.
    sections.setdefault("server", {"tune_gc": False})
    # Metadata from the relay stand-in (tests/metadata/relay.py) unless the test picks a source.
    metadata = dict(sections.get("metadata") or {})  # type: ignore[call-overload]
    if not {"relay_url", "tmdb_api_key", "tvdb_api_key"} & metadata.keys():
        sections["metadata"] = {"relay_url": RELAY_URL} | metadata
    return Settings(data_dir=data_dir, database={"url": database_url}, **sections)  # type: ignore[arg-type]


@functools.cache
def described_app() -> FastAPI:
    """An app that is only read, for its routes and OpenAPI description (cached on it): shared by
    the modules that make a test per route at collection, as the description takes seconds."""
    return create_app(make_settings(Path("unused"), "sqlite+aiosqlite://"))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path / "data", database_url)


# Real Argon2, with the cheapest parameters: hashing speed is not under test here.
CHEAP_PASSWORD_HELPER = PasswordHelper(
    PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
)


@pytest.fixture(scope="session")
async def shared_app(database_url: str, tmp_path_factory: pytest.TempPathFactory):
    """One app per database for the whole session; each test binds it to its own settings."""
    data_dir = tmp_path_factory.mktemp("shared-app") / "data"
    app = create_app(make_settings(data_dir, database_url, scheduler={"enabled": False}))
    async with app.router.lifespan_context(app):
        app.state.password_helper = CHEAP_PASSWORD_HELPER
        yield app


@pytest.fixture
async def app(shared_app: FastAPI, settings: Settings, connection: AsyncConnection):
    """The shared app, with this test's settings, rolled-back transaction and fresh state.

    What the lifespan derives from settings is derived again here; state that lives across
    requests (caches, attempt counts) starts empty. Tests that need the scheduler or their own
    engine build their own app.
    """
    state = shared_app.state
    # Tests may swap these for broken or slow ones; the next test gets the real ones back.
    kept = {name: getattr(state, name) for name in ("engine", "http_client", "password_helper")}
    prepare_directories(settings.data_dir, settings.paths)
    # The test's settings stand for the config file; stored settings start empty (rolled back).
    state.file_settings = settings
    apply_settings(state, settings)
    state.attempt_limiter.reset()
    # Every request's session joins the test's transaction; its commits become savepoints.
    state.sessionmaker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    yield shared_app
    await state.task_runner.drain()
    for name, value in kept.items():
        setattr(state, name, value)


@pytest.fixture
async def client(app) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def register(client: AsyncClient, email: str, password: str = PASSWORD) -> dict:
    response = await client.post(
        "/api/v1/auth/register", json={"email": email, "password": password}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def bearer_headers(client: AsyncClient, email: str, password: str = PASSWORD) -> dict:
    response = await client.post(
        "/api/v1/auth/jwt/login", data={"username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
async def admin_headers(client: AsyncClient) -> dict:
    """The first account, hence an admin, logged in with a bearer token."""
    await register(client, "admin@example.com")
    return await bearer_headers(client, "admin@example.com")


@pytest.fixture
async def user_headers(client: AsyncClient, admin_headers: dict) -> dict:
    """An approved, ordinary account."""
    user = await register(client, "user@example.com")
    response = await client.patch(
        f"/api/v1/users/{user['id']}", json={"is_active": True}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    return await bearer_headers(client, "user@example.com")
