"""Transactions on a real engine: readers beside a writer, hashing outside transactions."""

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event, text

from media_manager.core import database
from media_manager.core.database import (
    TransactionOpenDuringSlowCall,
    check_no_transaction,
    release_read_transaction,
)
from media_manager.main import create_app
from tests.auth.test_concurrency import fresh_database  # noqa: F401 (fixture)
from tests.conftest import CHEAP_PASSWORD_HELPER, PASSWORD, make_settings

HASH_SECONDS = 1.5


class SlowPasswordHelper:
    """Real hashing that takes long enough to see what waits for it."""

    def __init__(self) -> None:
        self.inner = CHEAP_PASSWORD_HELPER

    def hash(self, password: str) -> str:
        time.sleep(HASH_SECONDS)
        return self.inner.hash(password)

    def verify_and_update(self, plain: str, hashed: str):
        time.sleep(HASH_SECONDS)
        return self.inner.verify_and_update(plain, hashed)

    def generate(self) -> str:
        return self.inner.generate()


@pytest.fixture
async def real_app(tmp_path, fresh_database) -> AsyncIterator[FastAPI]:  # noqa: F811
    app = create_app(make_settings(tmp_path / "data", fresh_database, scheduler={"enabled": False}))
    async with app.router.lifespan_context(app):
        app.state.password_helper = CHEAP_PASSWORD_HELPER
        yield app


async def _admin(client: AsyncClient) -> dict:
    await client.post(
        "/api/v1/auth/register", json={"email": "admin@example.com", "password": PASSWORD}
    )
    login = await client.post(
        "/api/v1/auth/jwt/login", data={"username": "admin@example.com", "password": PASSWORD}
    )
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def test_reads_do_not_wait_for_a_writer_on_sqlite(tmp_path, migrated_databases):
    # PostgreSQL readers never wait for writers; SQLite's do unless they begin DEFERRED.
    url = await migrated_databases.create("sqlite", tmp_path / "readers.db")
    app = create_app(make_settings(tmp_path / "data", url, scheduler={"enabled": False}))
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client,
    ):
        app.state.password_helper = CHEAP_PASSWORD_HELPER
        headers = await _admin(client)
        # Another process holds the write lock for longer than the busy timeout.
        writer = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            started = time.monotonic()
            responses = await asyncio.gather(
                *(client.get("/api/v1/tv/shows", headers=headers) for _ in range(8))
            )
            elapsed = time.monotonic() - started
        finally:
            writer.execute("ROLLBACK")
            writer.close()

    assert [r.status_code for r in responses] == [200] * 8
    assert elapsed < 2.0  # the busy timeout is 5 s: nothing waited for the lock


async def test_a_slow_login_holds_no_transaction(real_app: FastAPI):
    async with AsyncClient(transport=ASGITransport(app=real_app), base_url="http://t") as client:
        headers = await _admin(client)
        real_app.state.password_helper = SlowPasswordHelper()
        login = asyncio.create_task(
            client.post(
                "/api/v1/auth/jwt/login",
                data={"username": "admin@example.com", "password": "wrong password"},
            )
        )
        await asyncio.sleep(0.3)  # the login is now checking the password
        started = time.monotonic()
        # A write that hashes nothing (sign-ups would queue for the hashing thread).
        write = await client.post(
            "/api/v1/users/me/api-keys", json={"name": "script"}, headers=headers
        )
        write_seconds = time.monotonic() - started
        assert not login.done()
        refused = await login

    assert write.status_code == 201, write.text
    assert refused.status_code == 400
    assert write_seconds < HASH_SECONDS


async def test_a_slow_call_inside_a_request_transaction_is_an_error(session):
    await session.execute(text("SELECT 1"))
    token = database._request_session.set(session)
    try:
        with pytest.raises(TransactionOpenDuringSlowCall, match="The call to relay"):
            check_no_transaction("The call to relay")
        await session.commit()
        check_no_transaction("The call to relay")  # no transaction open: fine
    finally:
        database._request_session.reset(token)


async def test_a_read_request_is_one_transaction_and_a_write_begins_its_own(real_app: FastAPI):
    async with AsyncClient(transport=ASGITransport(app=real_app), base_url="http://t") as client:
        headers = await _admin(client)
        begun: list[str] = []
        engine = real_app.state.engine.sync_engine
        event.listen(engine, "begin", lambda _connection: begun.append("begin"))
        read = await client.get("/api/v1/tv/shows", headers=headers)
        reads = len(begun)
        write = await client.post(
            "/api/v1/users/me/api-keys", json={"name": "script"}, headers=headers
        )

    assert read.status_code == 200
    assert write.status_code == 201
    # Authentication and the list share one; the write's own begins after the user is read.
    assert reads == 1
    assert len(begun) - reads == 2


async def test_a_read_requests_transaction_ends_before_a_slow_call(session):
    await session.execute(text("SELECT 1"))
    session_token = database._request_session.set(session)
    mode_token = database._begin_mode.set("DEFERRED")
    try:
        await release_read_transaction()
        check_no_transaction("The call to relay")  # nothing open any more: fine
    finally:
        database._begin_mode.reset(mode_token)
        database._request_session.reset(session_token)


async def test_a_write_requests_transaction_is_left_to_its_service(session):
    await session.execute(text("SELECT 1"))
    token = database._request_session.set(session)  # IMMEDIATE: a request that writes
    try:
        await release_read_transaction()
        with pytest.raises(TransactionOpenDuringSlowCall):
            check_no_transaction("The call to relay")
    finally:
        database._request_session.reset(token)


async def test_sqlite_connections_are_configured_on_connect(tmp_path):
    engine = database.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'pragmas.db'}")
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "cache_size")
            }
    finally:
        await engine.dispose()

    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": database.SQLITE_BUSY_TIMEOUT_MS,
        # Negative: KiB, not pages (see SQLITE_CACHE_KIB).
        "cache_size": -database.SQLITE_CACHE_KIB,
    }
