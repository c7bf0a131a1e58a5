import json
import logging
import re
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network

import jwt
import pytest
from fastapi_users.jwt import generate_jwt
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from media_manager.auth.dependencies import SESSION_COOKIE
from media_manager.auth.repository import UserRepository
from tests.conftest import PASSWORD, bearer_headers, register


async def test_first_account_becomes_active_admin(client: AsyncClient):
    user = await register(client, "first@example.com")

    assert user["is_active"] is True
    assert user["is_superuser"] is True


async def test_later_accounts_wait_for_approval(client: AsyncClient, admin_headers: dict):
    user = await register(client, "second@example.com")
    login = await client.post(
        "/api/v1/auth/jwt/login", data={"username": "second@example.com", "password": PASSWORD}
    )

    assert user["is_active"] is False
    assert user["is_superuser"] is False
    assert login.status_code == 403
    assert "approval" in login.json()["detail"]


async def test_admin_approves_pending_account(client: AsyncClient, admin_headers: dict):
    user = await register(client, "pending@example.com")
    pending = await client.get("/api/v1/users?is_active=false", headers=admin_headers)

    approve = await client.patch(
        f"/api/v1/users/{user['id']}", json={"is_active": True}, headers=admin_headers
    )
    headers = await bearer_headers(client, "pending@example.com")
    me = await client.get("/api/v1/users/me", headers=headers)

    assert [u["email"] for u in pending.json()["items"]] == ["pending@example.com"]
    assert approve.json()["is_active"] is True
    assert me.json()["email"] == "pending@example.com"


async def test_open_registration_activates_new_accounts(app, client: AsyncClient, admin_headers):
    app.state.settings.auth.open_registration = True

    user = await register(client, "open@example.com")

    assert user["is_active"] is True
    assert user["is_superuser"] is False


async def test_deactivated_user_reaches_no_data(client: AsyncClient, admin_headers, user_headers):
    me = (await client.get("/api/v1/users/me", headers=user_headers)).json()
    await client.patch(
        f"/api/v1/users/{me['id']}", json={"is_active": False}, headers=admin_headers
    )

    response = await client.get("/api/v1/users/me", headers=user_headers)

    assert response.status_code == 403
    assert response.json()["error"] == "AccountInactive"


async def test_user_cannot_activate_or_promote_themselves(client: AsyncClient, user_headers):
    patch = await client.patch(
        "/api/v1/users/me", json={"is_superuser": True, "is_active": True}, headers=user_headers
    )
    me = await client.get("/api/v1/users/me", headers=user_headers)
    admin_route = await client.get("/api/v1/users", headers=user_headers)

    assert patch.status_code == 422
    assert me.json()["is_superuser"] is False
    assert admin_route.status_code == 403


async def test_changing_email_keeps_rights(client: AsyncClient, user_headers: dict):
    response = await client.patch(
        "/api/v1/users/me", json={"email": "renamed@example.com"}, headers=user_headers
    )
    elevate = await client.patch(
        "/api/v1/users/me",
        json={"email": "x@example.com", "is_superuser": True},
        headers=user_headers,
    )

    assert response.status_code == 200
    assert response.json()["email"] == "renamed@example.com"
    assert response.json()["is_superuser"] is False
    assert elevate.status_code == 422


async def test_email_cannot_be_taken_from_another_account(client, admin_headers, user_headers):
    response = await client.patch(
        "/api/v1/users/me", json={"email": "admin@example.com"}, headers=user_headers
    )

    assert response.status_code == 409


async def test_non_admin_cannot_manage_users(client: AsyncClient, user_headers: dict):
    me = (await client.get("/api/v1/users/me", headers=user_headers)).json()

    response = await client.patch(
        f"/api/v1/users/{me['id']}", json={"is_superuser": True}, headers=user_headers
    )

    assert response.status_code == 403
    assert response.json()["error"] == "AdminRequired"


async def test_admin_promotes_and_demotes(client: AsyncClient, admin_headers, user_headers):
    me = (await client.get("/api/v1/users/me", headers=user_headers)).json()

    promoted = await client.patch(
        f"/api/v1/users/{me['id']}", json={"is_superuser": True}, headers=admin_headers
    )
    as_admin = await client.get("/api/v1/users", headers=user_headers)
    demoted = await client.patch(
        f"/api/v1/users/{me['id']}", json={"is_superuser": False}, headers=admin_headers
    )
    as_user = await client.get("/api/v1/users", headers=user_headers)

    assert promoted.json()["is_superuser"] is True
    assert as_admin.status_code == 200
    assert demoted.json()["is_superuser"] is False
    assert as_user.status_code == 403


async def test_last_admin_cannot_be_demoted_or_deleted(client: AsyncClient, admin_headers):
    me = (await client.get("/api/v1/users/me", headers=admin_headers)).json()

    demote = await client.patch(
        f"/api/v1/users/{me['id']}", json={"is_superuser": False}, headers=admin_headers
    )
    delete = await client.delete(f"/api/v1/users/{me['id']}", headers=admin_headers)

    assert demote.status_code == 409
    assert delete.status_code == 409


async def test_admin_deletes_user(client: AsyncClient, admin_headers, user_headers):
    me = (await client.get("/api/v1/users/me", headers=user_headers)).json()

    deleted = await client.delete(f"/api/v1/users/{me['id']}", headers=admin_headers)
    after = await client.get(f"/api/v1/users/{me['id']}", headers=admin_headers)
    token_after = await client.get("/api/v1/users/me", headers=user_headers)

    assert deleted.status_code == 204
    assert after.status_code == 404
    assert token_after.status_code == 401


async def test_register_rejects_duplicates_and_short_passwords(client: AsyncClient):
    await register(client, "dup@example.com")

    duplicate = await client.post(
        "/api/v1/auth/register", json={"email": "DUP@example.com", "password": PASSWORD}
    )
    short = await client.post(
        "/api/v1/auth/register", json={"email": "short@example.com", "password": "abc"}
    )
    elevated = await client.post(
        "/api/v1/auth/register",
        json={"email": "elevated@example.com", "password": PASSWORD, "is_superuser": True},
    )

    assert duplicate.status_code == 409
    assert short.status_code == 400
    assert "at least 8" in short.json()["detail"]
    assert elevated.status_code == 422


async def test_wrong_password_is_refused(client: AsyncClient, admin_headers):
    response = await client.post(
        "/api/v1/auth/jwt/login", data={"username": "admin@example.com", "password": "nope-nope"}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Incorrect email or password"


@pytest.mark.parametrize("path", ["/api/v1/auth/jwt/login", "/api/v1/auth/cookie/login"])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "admin\x00@example.com"),
        ("username", "a" * 321 + "@example.com"),
        ("password", "nope\x00nope"),
        ("password", "p" * 1025),
        ("scope", "s" * 1025),
    ],
    ids=[
        "nul-username",
        "long-username",
        "nul-password",
        "long-password",
        "long-scope",
    ],
)
async def test_login_form_refuses_what_cannot_be_an_account(
    client: AsyncClient, admin_headers, path: str, field: str, value: str
):
    # The username is looked up in the database and keys the attempt limits: NUL made
    # PostgreSQL fail the lookup (500), and a megabyte became a megabyte key.
    form = {"username": "admin@example.com", "password": PASSWORD, field: value}

    response = await client.post(path, data=form)

    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "ValidationError"
    assert field in body["detail"]
    assert value not in response.text
    assert json.dumps(value)[1:-1] not in response.text  # nor as JSON writes it


@pytest.mark.parametrize("encoded", ["%ED%A0%80", "%FF%FE", "%C0%80"])
async def test_login_form_with_bytes_that_are_not_utf8_is_refused(
    client: AsyncClient, admin_headers, encoded: str
):
    # A lone surrogate, stray bytes and an overlong NUL, as a client can send them.
    body = f"username=admin{encoded}%40example.com&password=x"

    response = await client.post(
        "/api/v1/auth/jwt/login",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code in (400, 422), response.text
    assert "error" in response.json()


async def test_cookie_login_and_logout(client: AsyncClient):
    await register(client, "cookie@example.com")

    login = await client.post(
        "/api/v1/auth/cookie/login", data={"username": "cookie@example.com", "password": PASSWORD}
    )
    me = await client.get("/api/v1/users/me")
    logout = await client.post("/api/v1/auth/cookie/logout")
    after = await client.get("/api/v1/users/me")

    assert login.status_code == 204
    assert "httponly" in login.headers["set-cookie"].lower()
    assert me.json()["email"] == "cookie@example.com"
    assert logout.status_code == 204
    assert after.status_code == 401


async def test_tampered_token_is_refused(client: AsyncClient, admin_headers: dict):
    token = admin_headers["Authorization"] + "x"

    response = await client.get("/api/v1/users/me", headers={"Authorization": token})

    assert response.status_code == 401


async def test_password_reset_link_is_logged_without_smtp(
    client: AsyncClient, admin_headers, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.WARNING, logger="media_manager.auth.service"):
        asked = await client.post(
            "/api/v1/auth/forgot-password", json={"email": "admin@example.com"}
        )
    token = re.search(r"reset-password\?token=(\S+)", caplog.text).group(1)

    reset = await client.post(
        "/api/v1/auth/reset-password", json={"token": token, "password": "a brand new one"}
    )
    old = await client.post(
        "/api/v1/auth/jwt/login", data={"username": "admin@example.com", "password": PASSWORD}
    )
    new = await client.post(
        "/api/v1/auth/jwt/login",
        data={"username": "admin@example.com", "password": "a brand new one"},
    )

    assert asked.status_code == 202
    assert reset.status_code == 204
    assert old.status_code == 400
    assert new.status_code == 200


async def test_forgot_password_does_not_reveal_accounts(client: AsyncClient):
    response = await client.post("/api/v1/auth/forgot-password", json={"email": "no@example.com"})

    assert response.status_code == 202


async def test_reset_with_bad_token_is_refused(client: AsyncClient):
    response = await client.post(
        "/api/v1/auth/reset-password", json={"token": "garbage", "password": "whatever-long"}
    )

    assert response.status_code == 400
    assert "invalid or has expired" in response.json()["detail"]


async def test_oidc_login_is_404_when_not_enabled(client: AsyncClient):
    info = await client.get("/api/v1/auth/oidc")
    response = await client.get("/api/v1/auth/oidc/authorize")

    assert info.json()["enabled"] is False
    assert response.status_code == 404


async def test_changing_password_ends_existing_sessions(client: AsyncClient, user_headers: dict):
    changed = await client.patch(
        "/api/v1/users/me", json={"password": "another long one"}, headers=user_headers
    )
    old_session = await client.get("/api/v1/users/me", headers=user_headers)
    new_headers = await bearer_headers(client, "user@example.com", "another long one")
    new_session = await client.get("/api/v1/users/me", headers=new_headers)

    assert changed.status_code == 200
    assert old_session.status_code == 401
    assert new_session.status_code == 200


async def _cookie_login(
    app, base_url: str, client_address: str, headers: dict[str, str] | None = None
) -> str:
    transport = ASGITransport(app=app, client=(client_address, 40000))
    async with AsyncClient(transport=transport, base_url=base_url) as client:
        response = await client.post(
            "/api/v1/auth/cookie/login",
            data={"username": "admin@example.com", "password": PASSWORD},
            headers=headers,
        )
    assert response.status_code == 204, response.text
    return response.headers["set-cookie"].lower()


async def test_cookie_is_secure_when_the_request_came_over_https(app, admin_headers):
    over_https = await _cookie_login(app, "https://mm.example", "203.0.113.7")
    over_http = await _cookie_login(app, "http://mm.example", "203.0.113.7")

    assert "; secure" in over_https
    assert "; secure" not in over_http


async def test_forwarded_proto_counts_only_from_trusted_proxies(app, admin_headers):
    app.state.settings.server.trusted_proxies = [ip_network("10.0.0.0/8")]

    proxied = await _cookie_login(app, "http://mm", "10.0.0.2", {"X-Forwarded-Proto": "https"})
    spoofed = await _cookie_login(app, "http://mm", "203.0.113.7", {"X-Forwarded-Proto": "https"})

    assert "; secure" in proxied
    assert "; secure" not in spoofed


async def test_cookie_secure_setting_forces_secure(app, admin_headers):
    app.state.settings.auth.cookie_secure = True

    assert "; secure" in await _cookie_login(app, "http://mm.example", "203.0.113.7")


async def test_logged_out_cookie_stops_working_even_where_it_was_copied(client: AsyncClient):
    await register(client, "copied@example.com")
    await client.post(
        "/api/v1/auth/cookie/login", data={"username": "copied@example.com", "password": PASSWORD}
    )
    copied = client.cookies[SESSION_COOKIE]

    logout = await client.post("/api/v1/auth/cookie/logout")
    replayed = await client.get("/api/v1/users/me", cookies={SESSION_COOKIE: copied})

    assert logout.status_code == 204
    assert replayed.status_code == 401


async def test_bearer_logout_ends_only_that_token(client: AsyncClient, admin_headers: dict):
    other = await bearer_headers(client, "admin@example.com")

    logout = await client.post("/api/v1/auth/jwt/logout", headers=admin_headers)
    ended = await client.get("/api/v1/users/me", headers=admin_headers)
    still = await client.get("/api/v1/users/me", headers=other)

    assert logout.status_code == 204
    assert ended.status_code == 401
    assert still.status_code == 200


async def test_token_without_a_session_id_is_refused(app, client: AsyncClient, admin_headers):
    me = (await client.get("/api/v1/users/me", headers=admin_headers)).json()
    claims = jwt.decode(
        admin_headers["Authorization"].split()[1], options={"verify_signature": False}
    )
    del claims["sid"]
    forged = generate_jwt(claims, app.state.token_secret, 3600)

    response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {forged}"})

    assert claims["sub"] == me["id"]
    assert response.status_code == 401


async def test_revoked_sessions_are_pruned_once_expired(session: AsyncSession):
    users = UserRepository(session)
    now = datetime.now(UTC)
    await users.revoke_session("old", now - timedelta(seconds=1), now - timedelta(days=1))
    await users.revoke_session("live", now + timedelta(days=1), now - timedelta(days=1))

    await users.revoke_session("new", now + timedelta(days=1), now)

    assert not await users.session_revoked("old")
    assert await users.session_revoked("live")
    assert await users.session_revoked("new")
