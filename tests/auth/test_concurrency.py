"""Requests racing each other on a real engine (no per-test transaction around them)."""

import asyncio
import uuid

import pytest
from fastapi_users.password import PasswordHelper
from httpx import ASGITransport, AsyncClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import func, select, update

from media_manager.auth.models import User
from media_manager.core.database import create_engine
from media_manager.main import create_app
from tests.conftest import (
    CHEAP_PASSWORD_HELPER,
    PASSWORD,
    MigratedDatabases,
    drop_postgres_database,
    make_settings,
)

# These tests sign up many accounts from one address on purpose.
NO_LIMITS = {"rate_limit": {"enabled": False}}


@pytest.fixture(params=["sqlite", "postgresql"])
async def fresh_database(request, tmp_path, migrated_databases: MigratedDatabases):
    url = await migrated_databases.create(request.param, tmp_path / "race.db")
    yield url
    if request.param == "postgresql":
        await drop_postgres_database(url)


async def test_concurrent_first_sign_ups_make_exactly_one_admin(tmp_path, fresh_database):
    # 20 at once, as a fresh install saw them; the address limit would refuse half.
    settings = make_settings(tmp_path / "data", fresh_database, auth=NO_LIMITS)
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client,
    ):
        app.state.password_helper = CHEAP_PASSWORD_HELPER
        responses = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/auth/register",
                    json={"email": f"racer{i}@example.com", "password": PASSWORD},
                )
                for i in range(20)
            )
        )

    assert [r.status_code for r in responses] == [201] * 20, [r.text for r in responses]
    admins = [r.json() for r in responses if r.json()["is_superuser"]]
    assert len(admins) == 1
    assert sum(r.json()["is_active"] for r in responses) == 1


async def test_concurrent_sign_ups_with_one_email_create_one_account(tmp_path, fresh_database):
    app = create_app(make_settings(tmp_path / "data", fresh_database, auth=NO_LIMITS))
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client,
    ):
        app.state.password_helper = CHEAP_PASSWORD_HELPER
        responses = await asyncio.gather(
            *(
                client.post(
                    "/api/v1/auth/register",
                    json={"email": "same@example.com", "password": PASSWORD},
                )
                for _ in range(4)
            )
        )

    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]


async def _two_admins(client: AsyncClient, engine, trial: int) -> tuple[dict, dict]:
    """Two fresh active admins, each with a bearer token."""
    people = []
    for name in ("a", "b"):
        email = f"{name}{trial}@example.com"
        user = (
            await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
        ).json()
        people.append((user["id"], email))
    async with engine.begin() as connection:
        await connection.execute(update(User).values(is_active=True, is_superuser=False))
        await connection.execute(
            update(User)
            .where(User.id.in_([uuid.UUID(user_id) for user_id, _ in people]))
            .values(is_superuser=True)
        )
    admins = []
    for user_id, email in people:
        login = await client.post(
            "/api/v1/auth/jwt/login", data={"username": email, "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        admins.append({"id": user_id, "headers": headers})
    return admins[0], admins[1]


async def _active_admins(engine) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).where(User.is_superuser.is_(True), User.is_active.is_(True))
        return (await connection.execute(query)).scalar_one()


@pytest.mark.parametrize("action", ["demote", "deactivate", "delete"])
async def test_two_admins_removing_each_other_leave_one_admin(tmp_path, fresh_database, action):
    app = create_app(make_settings(tmp_path / "data", fresh_database, auth=NO_LIMITS))
    engine = create_engine(fresh_database)

    def remove(acting: dict, target: dict):
        url = f"/api/v1/users/{target['id']}"
        if action == "delete":
            return client.delete(url, headers=acting["headers"])
        field = "is_superuser" if action == "demote" else "is_active"
        return client.patch(url, json={field: False}, headers=acting["headers"])

    outcomes = []
    try:
        async with (
            app.router.lifespan_context(app),
            AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client,
        ):
            app.state.password_helper = PasswordHelper(
                PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
            )
            for trial in range(10):
                a, b = await _two_admins(client, engine, trial)
                responses = await asyncio.gather(remove(a, b), remove(b, a))
                outcomes.append(sorted(r.status_code for r in responses))
                assert await _active_admins(engine) >= 1, (trial, outcomes)
    finally:
        await engine.dispose()

    # One of each pair wins; the other is refused: it would remove the last admin (409), or,
    # when it ran second, its caller is no longer an admin (403) or no longer exists (401).
    assert all(low in (200, 204) and high in (401, 403, 409) for low, high in outcomes), outcomes


async def test_simultaneous_logouts_and_feed_rotations_never_fail(tmp_path, fresh_database):
    app = create_app(make_settings(tmp_path / "data", fresh_database, auth=NO_LIMITS))
    async with (
        app.router.lifespan_context(app),
        AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client,
    ):
        await client.post(
            "/api/v1/auth/register", json={"email": "me@example.com", "password": PASSWORD}
        )
        login = await client.post(
            "/api/v1/auth/jwt/login", data={"username": "me@example.com", "password": PASSWORD}
        )
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        rotations = await asyncio.gather(
            *(client.post("/api/v1/users/me/feed-token", headers=headers) for _ in range(4))
        )
        urls = [r.json()["url"] for r in rotations if r.status_code == 201]
        feeds = [(await client.get(url)).status_code for url in urls]
        logouts = await asyncio.gather(
            *(client.post("/api/v1/auth/jwt/logout", headers=headers) for _ in range(3))
        )
        after = await client.get("/api/v1/users/me", headers=headers)

    assert {r.status_code for r in rotations} <= {201, 409}, [r.text for r in rotations]
    # Exactly one address survives: the one stored last.
    assert sorted(feeds)[0] == 200 and feeds.count(200) == 1
    # A logout that ran after another one finds the token already ended (401).
    assert {r.status_code for r in logouts} <= {204, 401}, [r.text for r in logouts]
    assert 204 in {r.status_code for r in logouts}
    assert after.status_code == 401
