"""OIDC login against a stand-in provider served over real HTTP on 127.0.0.1."""

import threading
from urllib.parse import parse_qs, urlparse

import pytest
from httpx import AsyncClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.conftest import make_settings, register
from tests.support.http_server import free_port, serve_in_thread

# code -> the userinfo the provider returns for it
PROFILES: dict[str, dict] = {}


def _provider_app(base: str) -> Starlette:
    async def discovery(_request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "issuer": base,
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/token",
                "userinfo_endpoint": f"{base}/userinfo",
                "jwks_uri": f"{base}/jwks",
                "response_types_supported": ["code"],
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            }
        )

    async def token(request: Request) -> JSONResponse:
        form = await request.form()
        if form.get("client_secret") != "stub-secret" or form.get("code") not in PROFILES:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return JSONResponse(
            {"access_token": f"at-{form['code']}", "token_type": "Bearer", "expires_in": 3600}
        )

    async def userinfo(request: Request) -> JSONResponse:
        code = request.headers.get("authorization", "").removeprefix("Bearer at-")
        if code not in PROFILES:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        return JSONResponse(PROFILES[code])

    return Starlette(
        routes=[
            Route("/.well-known/openid-configuration", discovery),
            Route("/token", token, methods=["POST"]),
            Route("/userinfo", userinfo),
        ]
    )


@pytest.fixture(scope="module")
def provider_url():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serve_in_thread(_provider_app(base), port=port):
        yield base


@pytest.fixture
def settings(tmp_path, database_url, provider_url):
    return make_settings(
        tmp_path / "data",
        database_url,
        server={"base_url": "http://mm.example"},
        auth={
            "oidc": {
                "enabled": True,
                "client_id": "mediamanager",
                "client_secret": "stub-secret",
                "discovery_url": f"{provider_url}/.well-known/openid-configuration",
                "button_label": "Sign in with Stub",
            }
        },
    )


async def oidc_login(client: AsyncClient, code: str, profile: dict):
    PROFILES[code] = profile
    started = await client.get("/api/v1/auth/oidc/authorize")
    assert started.status_code == 200, started.text
    url = urlparse(started.json()["authorization_url"])
    query = parse_qs(url.query)
    assert query["redirect_uri"] == ["http://mm.example/api/v1/auth/oidc/callback"]
    return await client.get(
        "/api/v1/auth/oidc/callback", params={"code": code, "state": query["state"][0]}
    )


async def test_login_button_is_described(client: AsyncClient):
    response = await client.get("/api/v1/auth/oidc")

    assert response.json() == {"enabled": True, "button_label": "Sign in with Stub"}


async def test_first_oidc_user_is_admin_and_logged_in(client: AsyncClient):
    callback = await oidc_login(
        client, "c1", {"sub": "s1", "email": "boss@example.com", "email_verified": True}
    )
    me = await client.get("/api/v1/users/me")

    assert callback.status_code == 302
    assert callback.headers["location"] == "http://mm.example/"
    assert me.json()["email"] == "boss@example.com"
    assert me.json()["is_superuser"] is True


async def test_new_oidc_user_waits_for_approval(client: AsyncClient, admin_headers: dict):
    callback = await oidc_login(
        client, "c2", {"sub": "s2", "email": "new@example.com", "email_verified": True}
    )
    me = await client.get("/api/v1/users/me")
    pending = await client.get("/api/v1/users?is_active=false", headers=admin_headers)

    assert callback.headers["location"] == "http://mm.example/login?pending=1"
    assert me.status_code == 401
    assert [u["email"] for u in pending.json()["items"]] == ["new@example.com"]


async def test_verified_email_links_existing_account(client: AsyncClient):
    existing = await register(client, "linked@example.com")

    await oidc_login(
        client, "c3", {"sub": "s3", "email": "linked@example.com", "email_verified": True}
    )
    me = await client.get("/api/v1/users/me")

    assert me.json()["id"] == existing["id"]


async def test_unverified_email_is_not_linked(client: AsyncClient):
    await register(client, "victim@example.com")

    callback = await oidc_login(
        client, "c4", {"sub": "s4", "email": "victim@example.com", "email_verified": False}
    )
    me = await client.get("/api/v1/users/me")

    assert callback.status_code == 400
    assert "cannot be linked" in callback.json()["detail"]
    assert me.status_code == 401


async def test_tampered_state_is_refused(client: AsyncClient):
    PROFILES["c5"] = {"sub": "s5", "email": "x@example.com", "email_verified": True}
    await client.get("/api/v1/auth/oidc/authorize")

    response = await client.get(
        "/api/v1/auth/oidc/callback", params={"code": "c5", "state": "forged"}
    )

    assert response.status_code == 400


async def test_callback_without_the_browser_cookie_is_refused(client: AsyncClient):
    PROFILES["c6"] = {"sub": "s6", "email": "y@example.com", "email_verified": True}
    started = await client.get("/api/v1/auth/oidc/authorize")
    state = parse_qs(urlparse(started.json()["authorization_url"]).query)["state"][0]
    client.cookies.clear()

    response = await client.get("/api/v1/auth/oidc/callback", params={"code": "c6", "state": state})

    assert response.status_code == 400
    assert "not started from this browser" in response.json()["detail"]


async def test_unreachable_provider_gives_502(app, client: AsyncClient):
    app.state.oidc.settings = app.state.oidc.settings.model_copy(
        update={"discovery_url": f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"}
    )

    response = await client.get("/api/v1/auth/oidc/authorize")

    assert response.status_code == 502
    assert "OpenID Connect provider" in response.json()["detail"]


class _ThreadRecordingHelper:
    """Real (cheap) hashing that notes which thread each hash ran on."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.hash_threads: list[str] = []

    def hash(self, password: str) -> str:
        self.hash_threads.append(threading.current_thread().name)
        return self.inner.hash(password)

    def verify_and_update(self, plain: str, hashed: str):
        return self.inner.verify_and_update(plain, hashed)

    def generate(self) -> str:
        return self.inner.generate()


async def test_new_oidc_account_is_hashed_off_the_event_loop(app, client: AsyncClient):
    helper = _ThreadRecordingHelper(app.state.password_helper)
    app.state.password_helper = helper

    callback = await oidc_login(
        client, "c9", {"sub": "s9", "email": "new@example.com", "email_verified": True}
    )

    assert callback.status_code == 302
    assert helper.hash_threads, "the new account's password was not hashed"
    assert threading.main_thread().name not in helper.hash_threads
