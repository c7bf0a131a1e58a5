"""Sign-ups racing each other on a real engine (no per-test transaction around them)."""

import asyncio

import pytest
from httpx import ASGITransport, AsyncClient

from media_manager.core import migrations
from media_manager.main import create_app
from tests.conftest import (
    CHEAP_PASSWORD_HELPER,
    PASSWORD,
    create_postgres_database,
    drop_postgres_database,
    make_settings,
    sqlite_url,
)


@pytest.fixture(params=["sqlite", "postgresql"])
async def fresh_database(request, tmp_path):
    url = sqlite_url(tmp_path / "race.db") if request.param == "sqlite" else None
    url = url or await create_postgres_database()
    await asyncio.to_thread(migrations.upgrade, url)
    yield url
    if request.param == "postgresql":
        await drop_postgres_database(url)


async def test_concurrent_first_sign_ups_make_exactly_one_admin(tmp_path, fresh_database):
    # 20 at once, as a fresh install saw them; the address limit would refuse half.
    settings = make_settings(
        tmp_path / "data", fresh_database, auth={"rate_limit": {"enabled": False}}
    )
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
    app = create_app(make_settings(tmp_path / "data", fresh_database))
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
