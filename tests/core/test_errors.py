"""Every failure answers {"detail", "error"}: hostile input gets a 4xx, surprises a JSON 500."""

import logging

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from media_manager.config import Settings
from media_manager.main import create_app

API_KEYS = "/api/v1/users/me/api-keys"


async def test_validation_error_names_the_field_without_echoing_the_input(client: AsyncClient):
    password = "p" * 1_000_000

    response = await client.post(
        "/api/v1/auth/register", json={"email": "a@example.com", "password": password}
    )

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "body.password: String should have at most 1024 characters"
    assert body["error"] == "ValidationError"
    assert body["errors"] == [
        {
            "loc": ["body", "password"],
            "msg": "String should have at most 1024 characters",
            "type": "string_too_long",
        }
    ]
    assert len(response.content) < 1000


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"name": "key \\ud800"}', "body.name: Input should be a valid string"),
        ('{"name": "\\udfff"}', "body.name: Input should be a valid string"),
        (
            '{"name": "nul \\u0000 inside"}',
            "body.name: Value error, must not contain NUL characters or unpaired surrogates",
        ),
    ],
)
async def test_unstorable_text_is_refused(
    client: AsyncClient, admin_headers: dict, raw: str, message: str
):
    headers = admin_headers | {"Content-Type": "application/json"}
    response = await client.post(API_KEYS, content=raw, headers=headers)

    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(message)


async def test_lone_surrogate_in_a_field_name_is_answered_as_json(
    client: AsyncClient, admin_headers: dict
):
    headers = admin_headers | {"Content-Type": "application/json"}
    response = await client.post(API_KEYS, content='{"\\ud800": 1, "name": "k"}', headers=headers)

    assert response.status_code == 422
    assert response.json()["error"] == "ValidationError"
    assert response.json()["detail"].startswith("body: Input should be a valid string")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999999"])
async def test_non_finite_numbers_are_refused(client: AsyncClient, admin_headers: dict, number):
    headers = admin_headers | {"Content-Type": "application/json"}
    body = f'{{"name": "rule", "kind": "title", "keywords": ["x"], "score_modifier": {number}}}'

    response = await client.post("/api/v1/scoring-rules", content=body, headers=headers)

    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("body.score_modifier: ")


async def test_integers_beyond_64_bits_in_a_body_are_refused(
    client: AsyncClient, admin_headers: dict
):
    body = {"name": "rule", "kind": "title", "keywords": ["x"], "score_modifier": 2**80}

    response = await client.post("/api/v1/scoring-rules", json=body, headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "body.score_modifier: Input should be less than or equal to 100000"
    )


async def test_a_body_that_is_not_json_gets_a_400(client: AsyncClient, admin_headers: dict):
    headers = admin_headers | {"Content-Type": "application/json"}
    response = await client.post(API_KEYS, content=b"\xff\xfe{", headers=headers)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "There was an error parsing the body",
        "error": "BadRequest",
    }


async def test_unknown_routes_and_methods_answer_in_the_error_shape(client: AsyncClient):
    missing = await client.get("/api/v1/no-such-thing")
    wrong_method = await client.put("/api/v1/health")

    assert missing.json() == {"detail": "Not Found", "error": "NotFound"}
    assert (wrong_method.status_code, wrong_method.json()["error"]) == (405, "MethodNotAllowed")


async def test_many_errors_are_summed_up(client: AsyncClient, admin_headers: dict):
    body = {f"extra{i}": i for i in range(50)}

    response = await client.post("/api/v1/profiles", json=body, headers=admin_headers)

    assert response.status_code == 422
    assert len(response.json()["errors"]) == 20
    assert response.json()["detail"].endswith("and 49 more")


@pytest.fixture
def own_app(settings: Settings) -> FastAPI:
    """An app of this test's own: the shared one must not gain test-only routes."""
    return create_app(settings)


async def test_an_unexpected_error_answers_500_json_with_the_request_id(
    own_app: FastAPI, caplog: pytest.LogCaptureFixture
):
    app = own_app

    async def explode() -> None:
        raise RuntimeError("the database caught fire")

    app.add_api_route("/api/v1/test-only/explode", explode)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        with caplog.at_level(logging.ERROR):
            response = await client.get(
                "/api/v1/test-only/explode", headers={"X-Request-ID": "req-42"}
            )

    assert response.status_code == 500
    assert response.json() == {
        "detail": "Internal server error",
        "error": "InternalError",
        "request_id": "req-42",
    }
    assert response.headers["x-request-id"] == "req-42"
    [record] = [r for r in caplog.records if r.exc_info]
    assert "the database caught fire" in str(record.exc_info[1])
    assert "/api/v1/test-only/explode" in record.getMessage()


async def test_a_value_the_database_refuses_answers_422(own_app: FastAPI):
    # The last line of defence when an edge check is missing; its message is not echoed.
    app = own_app

    async def refuse() -> None:
        raise DataError("SELECT 1", {}, ValueError("value 99999999999 out of int32 range"))

    app.add_api_route("/api/v1/test-only/refuse", refuse)

    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        response = await client.get("/api/v1/test-only/refuse")

    assert response.status_code == 422
    assert response.json() == {
        "detail": "A value is out of range or contains characters that cannot be stored",
        "error": "InvalidValue",
    }


async def test_text_the_database_cannot_store_answers_422(own_app: FastAPI, settings: Settings):
    # PostgreSQL refuses NUL in text with SQLSTATE 22021, which SQLAlchemy's asyncpg adapter
    # raises as a plain DBAPIError rather than DataError: still a 422, never a 500. SQLite
    # stores it.
    app = own_app
    engine = create_async_engine(settings.database_url)

    async def store() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT CAST(:value AS text)"), {"value": "a\x00b"})

    app.add_api_route("/api/v1/test-only/store", store)
    try:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as c:
            response = await c.get("/api/v1/test-only/store")
    finally:
        await engine.dispose()

    if settings.database_url.startswith("sqlite"):
        assert response.status_code == 200
    else:
        assert response.status_code == 422
        assert response.json()["error"] == "InvalidValue"


async def test_other_database_failures_still_answer_500(own_app: FastAPI):
    app = own_app

    async def conflict() -> None:
        raise IntegrityError("INSERT", {}, ValueError("duplicate key value"))

    app.add_api_route("/api/v1/test-only/conflict", conflict)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/api/v1/test-only/conflict", headers={"X-Request-ID": "r-7"})

    assert response.status_code == 500
    assert response.json()["error"] == "InternalError"
    assert response.json()["request_id"] == "r-7"
