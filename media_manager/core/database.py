"""The async engine, the declarative base and the per-request session."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextvars import ContextVar
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

from media_manager.core import sqlite_driver
from media_manager.core.filesystem import secure_sqlite_file

log = logging.getLogger(__name__)

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
# Page cache per connection, in KiB (SQLite's default is 2,000). Every pooled connection keeps
# its own; the operating system caches the file for all of them anyway. With 8 clients at once
# on the 1M-episode library, 2 MB per connection took the server from 135 to 151 MB, 1 MB from
# 134 to 146 MB, at no measurable cost in CPU per request.
SQLITE_CACHE_KIB = 1024
# Execution option for read-only work on SQLite: {SQLITE_BEGIN_OPTION: "DEFERRED"}.
SQLITE_BEGIN_OPTION = "sqlite_begin"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An engine for SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (asyncpg)."""
    if url.startswith("sqlite"):
        parsed = make_url(url)
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            secure_sqlite_file(Path(database))
        # The dialect's own arguments for this URL (file: URIs, for one), and a statement in
        # one trip to the connection's thread (core/sqlite_driver.py).
        arguments, options = parsed.get_dialect()().create_connect_args(parsed)
        options = {**options, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}

        async def connect() -> Any:
            return await sqlite_driver.connect(*arguments, **options)

        engine = create_async_engine(url, echo=echo, async_creator=connect)
        _configure_sqlite(engine)
        return engine
    # asyncpg prepares every statement; after five runs PostgreSQL may switch a prepared
    # statement to a generic plan, made without the parameters' values. For a title search
    # that plan cannot tell a rare pattern from a common one and filters the whole library
    # in sort order. Planning our statements costs well under a millisecond: always plan
    # with the values.
    return create_async_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        connect_args={"server_settings": {"plan_cache_mode": "force_custom_plan"}},
    )


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
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, waiting up to the busy timeout. A deferred
        # transaction that reads and then writes fails at once with "database is locked" when
        # another writer committed in between (WAL cannot upgrade a stale snapshot).
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION) or _begin_mode.get()
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


# Requests that only read. On SQLite they begin DEFERRED, so they never queue for the write lock
# (WAL lets readers run beside the one writer); every other request begins IMMEDIATE.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# How SQLite transactions begin in the current context when nothing else is asked for.
_begin_mode: ContextVar[str] = ContextVar("sqlite_begin_mode", default="IMMEDIATE")
# The session of the request being served, so that slow calls can check they run outside it.
_request_session: ContextVar[AsyncSession | None] = ContextVar("request_session", default=None)


class TransactionOpenDuringSlowCall(RuntimeError):
    """A slow outbound call was made while the request's transaction was open (a bug)."""


# Tests turn this on so that a slow call inside a transaction fails loudly; in production it is
# logged, because refusing the call would break a feature over a lock-holding bug.
strict_slow_calls = False


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request: committed when the route succeeds, rolled back otherwise.

    The transaction begins with the first statement, so work done before it (password
    hashing, validation) holds no lock. Authentication and the route share it.
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    mode = "DEFERRED" if request.method in READ_ONLY_METHODS else "IMMEDIATE"
    mode_token = _begin_mode.set(mode)
    async with sessionmaker() as session:
        session_token = _request_session.set(session)
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        finally:
            _request_session.reset(session_token)
            _begin_mode.reset(mode_token)
        await session.commit()


async def begin_read(session: AsyncSession) -> None:
    """Begin the session's transaction as a reader (SQLite: DEFERRED, no write lock).

    A deferred transaction that reads and later writes fails at once when another writer
    committed in between, so use this only for work that reads, or that writes only after
    ending this transaction (see `end_transaction`).
    """
    if not session.in_transaction():
        await session.connection(execution_options={SQLITE_BEGIN_OPTION: "DEFERRED"})


async def end_transaction(session: AsyncSession) -> None:
    """Commit what the session did so far; its next statement begins a new transaction.

    Slow outbound calls (indexer searches, the metadata relay, download clients, SMTP) must
    never run inside a transaction: on SQLite it would hold the write lock, on PostgreSQL pin
    a pooled connection. Services end the unit of work before calling out; `check_no_transaction`
    (called by the shared HTTP client and the mailer) finds the places that forget.
    Loaded objects stay usable: sessions do not expire them on commit.
    """
    await session.commit()


async def release_read_transaction() -> None:
    """End the current read-only request's transaction, before a slow outbound call.

    A request that only reads (GET) keeps one transaction from authentication to its last
    query; the shared HTTP clients call this first, so that such a request never waits on
    another server inside it. There is nothing to save in it, so ending it early changes
    nothing. Other requests are left alone: services end their units of work themselves.
    """
    session = _request_session.get()
    if session is None or _begin_mode.get() != "DEFERRED" or not session.in_transaction():
        return
    # Calls fanned out in tasks share the session: one of them ends the transaction.
    async with session.info.setdefault("release_lock", asyncio.Lock()):
        if session.in_transaction():
            await session.commit()


def check_no_transaction(what: str) -> None:
    """Complain when the current request's transaction is open during a slow call."""
    session = _request_session.get()
    if session is None or not session.in_transaction():
        return
    message = f"{what} was made inside an open database transaction"
    if strict_slow_calls:
        raise TransactionOpenDuringSlowCall(message)
    log.error("%s; it holds database locks for the whole call", message)


async def database_is_reachable(engine: AsyncEngine) -> bool:
    try:
        async with engine.connect() as connection:
            # Read-only: must not queue behind writers for the SQLite write lock.
            await connection.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
            await connection.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not reachable" to the health check
        return False
    return True
