import re

from httpx import AsyncClient

from tests.conftest import described_app

OPERATION_ID = re.compile(r"^[a-z]+_[a-z_]+$")


async def test_openapi_is_served_with_readable_unique_operation_ids(client: AsyncClient):
    spec = (await client.get("/api/v1/openapi.json")).json()
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]

    assert len(ids) == len(set(ids))
    assert [i for i in ids if not OPERATION_ID.match(i)] == []
    assert all(path.startswith("/api/v1/") for path in spec["paths"])


async def test_errors_have_detail_and_error_name(client: AsyncClient):
    response = await client.get("/api/v1/users/me")

    assert response.json() == {
        "detail": "Not logged in: send a session cookie, a bearer token or X-Api-Key",
        "error": "NotLoggedIn",
    }


def test_every_route_that_checks_credentials_documents_429():
    # Too many invalid API keys from one address refuses every key for a while (429), on any
    # route that reads credentials; the logins, sign-up and reset routes are limited too.
    spec = described_app().openapi()
    operations = {
        f"{method.upper()} {path}": set(op["responses"])
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
    }
    limited = [
        "POST /api/v1/auth/register",
        "POST /api/v1/auth/jwt/login",
        "POST /api/v1/auth/cookie/login",
        "POST /api/v1/auth/forgot-password",
        "POST /api/v1/auth/reset-password",
    ]

    missing = [name for name, codes in operations.items() if "401" in codes and "429" not in codes]
    assert missing == []
    assert [name for name in limited if "429" not in operations[name]] == []
