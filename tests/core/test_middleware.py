"""The request body cap: by Content-Length up front, and by counting streamed bodies."""

from collections.abc import AsyncIterator

from httpx import AsyncClient

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
