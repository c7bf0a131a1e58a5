"""The request body cap: by Content-Length up front, and by counting streamed bodies."""

from collections.abc import AsyncIterator

from httpx import ASGITransport, AsyncClient

from media_manager.config import Settings
from media_manager.main import create_app

LIMIT = 1024 * 1024
TOO_LARGE = {
    "detail": (
        f"The request body is larger than the {LIMIT} bytes allowed "
        "(setting server.max_request_body_bytes)"
    ),
    "error": "RequestBodyTooLarge",
}


async def test_a_declared_length_over_the_limit_is_refused_unread(client: AsyncClient):
    response = await client.post(
        "/api/v1/auth/register",
        content=b"x" * (LIMIT + 1),
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert response.json() == TOO_LARGE


async def test_a_chunked_body_over_the_limit_is_refused(client: AsyncClient, admin_headers: dict):
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"name": "'
        for _ in range(LIMIT // 65536 + 1):
            yield b"a" * 65536
        yield b'"}'

    headers = admin_headers | {"Content-Type": "application/json"}
    response = await client.post("/api/v1/users/me/api-keys", content=chunks(), headers=headers)

    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json() == TOO_LARGE


async def test_a_chunked_login_form_over_the_limit_is_refused(client: AsyncClient):
    async def chunks() -> AsyncIterator[bytes]:
        yield b"username=a%40example.com&password="
        for _ in range(LIMIT // 65536 + 1):
            yield b"a" * 65536

    response = await client.post(
        "/api/v1/auth/jwt/login",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 413
    assert response.json() == TOO_LARGE


async def test_a_body_under_the_limit_passes(client: AsyncClient, admin_headers: dict):
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"name": "'
        yield b"k" * 100
        yield b'"}'

    headers = admin_headers | {"Content-Type": "application/json"}
    response = await client.post("/api/v1/users/me/api-keys", content=chunks(), headers=headers)

    assert response.status_code == 201, response.text


async def test_the_limit_is_a_setting(settings: Settings):
    # The middleware is built with the app, from the settings it starts with.
    settings.server.max_request_body_bytes = 2048
    app = create_app(settings)
    body = b'{"email": "a@example.com", "password": "' + b"x" * 2100 + b'"}'

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        response = await client.post(
            "/api/v1/auth/register", content=body, headers={"Content-Type": "application/json"}
        )

    assert response.status_code == 413
    assert "larger than the 2048 bytes allowed" in response.json()["detail"]
