import re

from httpx import AsyncClient

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
