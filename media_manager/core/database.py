"""The async engine, the declarative base and the per-request session."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from sqlalchemy import DateTime, Dialect, MetaData, TypeDecorator, event, make_url, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase

from media_manager.core.filesystem import secure_sqlite_file

# Fixed constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC, on both databases.

    PostgreSQL keeps the zone; SQLite stores text without one and would hand back naive
    datetimes that cannot be compared with aware ones. Values are stored as UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


SQLITE_BUSY_TIMEOUT_MS = 5000
# Execution option for read-only work on SQLite: {SQLITE_BEGIN_OPTION: "DEFERRED"}.
SQLITE_BEGIN_OPTION = "sqlite_begin"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An engine for SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (asyncpg)."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            secure_sqlite_file(Path(database))
        engine = create_async_engine(
            url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        _configure_sqlite(engine)
        return engine
    return create_async_engine(url, echo=echo, pool_pre_ping=True)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The sqlite3 module's own transaction handling breaks SAVEPOINTs and transactional
        # DDL; let SQLAlchemy emit BEGIN itself (see the "begin" listener).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, waiting up to the busy timeout. A deferred
        # transaction that reads and then writes fails at once with "database is locked" when
        # another writer committed in between (WAL cannot upgrade a stale snapshot).
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request: committed when the route succeeds, rolled back otherwise."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


async def release_transaction(session: AsyncSession) -> None:
    """End the session's transaction now, keeping what it did; the next statement starts anew.

    No transaction may stay open across slow outbound calls (indexer searches, the metadata
    relay, download clients): on SQLite it holds the database's write lock (BEGIN IMMEDIATE)
    and every other writer would time out; on PostgreSQL it pins a pooled connection. Call
    this before such calls, once the work so far is complete on its own (typically reads).
    Loaded objects stay usable: sessions do not expire them on commit.
    """
    await session.commit()


async def database_is_reachable(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as connection:
            # Read-only: must not queue behind writers for the SQLite write lock.
            await connection.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
            await connection.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not reachable" to the health check
        return False
    return True
