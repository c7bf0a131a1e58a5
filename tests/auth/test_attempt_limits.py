"""Repeated logins, sign-ups, reset requests and API keys are limited (429 + Retry-After)."""

import pytest
from httpx import AsyncClient
from pydantic import ValidationError

from media_manager.config import Settings
from tests.conftest import PASSWORD, register


def _limits(settings: Settings, **limits: object) -> None:
    settings.auth.rate_limit = settings.auth.rate_limit.model_copy(update=limits)


async def _login(client: AsyncClient, email: str, password: str) -> int:
    response = await client.post(
        "/api/v1/auth/jwt/login", data={"username": email, "password": password}
    )
    return response.status_code


async def test_failed_logins_lock_the_account_but_not_other_accounts(
    client: AsyncClient, settings: Settings
):
    _limits(settings, login_failures_per_account="3/minute")
    await register(client, "admin@example.com")

    codes = [await _login(client, "admin@example.com", "wrong password") for _ in range(3)]
    refused = await client.post(
        "/api/v1/auth/jwt/login", data={"username": "ADMIN@example.com", "password": PASSWORD}
    )

    assert codes == [400, 400, 400]
    assert refused.status_code == 429, refused.text
    assert refused.json()["error"] == "TooManyAttempts"
    assert "failed logins" in refused.json()["detail"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Another account from the same address is not locked by those failures.
    assert await _login(client, "nobody@example.com", "wrong password") == 400


async def test_successful_logins_do_not_count_against_the_account(
    client: AsyncClient, settings: Settings
):
    _limits(settings, login_failures_per_account="2/minute")
    await register(client, "admin@example.com")

    codes = [await _login(client, "admin@example.com", PASSWORD) for _ in range(5)]

    assert codes == [200] * 5


async def test_logins_from_one_address_are_limited(client: AsyncClient, settings: Settings):
    _limits(settings, login_per_address="4/minute")

    codes = [await _login(client, f"user{i}@example.com", "wrong password") for i in range(5)]

    assert codes == [400, 400, 400, 400, 429]


async def test_sign_ups_from_one_address_are_limited(client: AsyncClient, settings: Settings):
    _limits(settings, register_per_address="2/hour")
    await register(client, "one@example.com")
    await register(client, "two@example.com")

    third = await client.post(
        "/api/v1/auth/register", json={"email": "three@example.com", "password": PASSWORD}
    )

    assert third.status_code == 429
    assert int(third.headers["Retry-After"]) > 60


async def test_reset_requests_for_one_account_are_limited(client: AsyncClient, settings: Settings):
    _limits(settings, reset_per_account="2/hour")
    await register(client, "admin@example.com")

    codes = [
        (
            await client.post("/api/v1/auth/forgot-password", json={"email": "admin@example.com"})
        ).status_code
        for _ in range(3)
    ]

    assert codes == [202, 202, 429]


async def test_invalid_api_keys_from_one_address_are_limited(
    client: AsyncClient, settings: Settings, admin_headers: dict
):
    _limits(settings, invalid_api_keys_per_address="3/minute")
    created = await client.post(
        "/api/v1/users/me/api-keys", json={"name": "script"}, headers=admin_headers
    )
    good = {"X-Api-Key": created.json()["key"]}

    wrong = [
        (await client.get("/api/v1/users/me", headers={"X-Api-Key": f"mm_wrong{i}"})).status_code
        for i in range(3)
    ]
    blocked = await client.get("/api/v1/users/me", headers=good)

    assert wrong == [401, 401, 401]
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers


async def test_limits_can_be_turned_off(client: AsyncClient, settings: Settings):
    _limits(settings, login_per_address="1/minute", enabled=False)

    codes = [await _login(client, "x@example.com", "wrong password") for _ in range(3)]

    assert codes == [400, 400, 400]


def test_unreadable_limit_is_a_configuration_error(tmp_path):
    with pytest.raises(ValidationError, match="not a rate limit"):
        Settings(data_dir=tmp_path, auth={"rate_limit": {"login_per_address": "often"}})


async def _login_from(client: AsyncClient, forwarded_for: str) -> int:
    response = await client.post(
        "/api/v1/auth/jwt/login",
        data={"username": "someone@example.com", "password": "wrong password"},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return response.status_code


async def test_clients_behind_a_trusted_proxy_are_limited_one_by_one(
    client: AsyncClient, settings: Settings
):
    # The test transport's peer is 127.0.0.1, a trusted proxy by default.
    _limits(settings, login_per_address="3/minute", login_failures_per_account="100/minute")

    first = [await _login_from(client, "203.0.113.5") for _ in range(4)]
    other = await _login_from(client, "203.0.113.6")

    assert first == [400, 400, 400, 429]
    assert other == 400


async def test_forwarded_addresses_from_an_untrusted_peer_do_not_evade_the_limit(
    client: AsyncClient, settings: Settings
):
    _limits(settings, login_per_address="3/minute", login_failures_per_account="100/minute")
    settings.server.trusted_proxies = []

    codes = [await _login_from(client, f"203.0.113.{i}") for i in range(4)]

    assert codes == [400, 400, 400, 429]


async def test_reset_requests_from_one_address_are_limited(client: AsyncClient, settings: Settings):
    _limits(settings, reset_per_address="2/hour", reset_per_account="100/hour")

    codes = [
        (
            await client.post("/api/v1/auth/forgot-password", json={"email": f"u{i}@example.com"})
        ).status_code
        for i in range(3)
    ]

    assert codes == [202, 202, 429]
