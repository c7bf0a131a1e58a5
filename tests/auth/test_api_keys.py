from httpx import AsyncClient


async def create_key(client: AsyncClient, headers: dict, name: str = "script") -> dict:
    response = await client.post("/api/v1/users/me/api-keys", json={"name": name}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_api_key_is_shown_once_and_authenticates(client: AsyncClient, user_headers: dict):
    created = await create_key(client, user_headers)

    listed = await client.get("/api/v1/users/me/api-keys", headers=user_headers)
    me = await client.get("/api/v1/users/me", headers={"X-Api-Key": created["key"]})

    assert created["key"].startswith("mm_")
    assert created["key"].startswith(created["prefix"])
    assert [k["name"] for k in listed.json()] == ["script"]
    assert "key" not in listed.json()[0]
    assert me.json()["email"] == "user@example.com"


async def test_revoked_api_key_stops_working(client: AsyncClient, user_headers: dict):
    created = await create_key(client, user_headers)

    revoke = await client.delete(f"/api/v1/users/me/api-keys/{created['id']}", headers=user_headers)
    response = await client.get("/api/v1/users/me", headers={"X-Api-Key": created["key"]})

    assert revoke.status_code == 204
    assert response.status_code == 401
    assert response.json()["error"] == "InvalidApiKey"


async def test_api_key_has_its_owners_permissions(client, admin_headers, user_headers):
    admin_key = await create_key(client, admin_headers)
    user_key = await create_key(client, user_headers)

    as_admin = await client.get("/api/v1/users", headers={"X-Api-Key": admin_key["key"]})
    as_user = await client.get("/api/v1/users", headers={"X-Api-Key": user_key["key"]})

    assert as_admin.status_code == 200
    assert as_user.status_code == 403


async def test_api_key_of_deactivated_user_is_refused(client, admin_headers, user_headers):
    key = await create_key(client, user_headers)
    me = (await client.get("/api/v1/users/me", headers=user_headers)).json()
    await client.patch(
        f"/api/v1/users/{me['id']}", json={"is_active": False}, headers=admin_headers
    )

    response = await client.get("/api/v1/users/me", headers={"X-Api-Key": key["key"]})

    assert response.status_code == 403


async def test_keys_cannot_be_revoked_by_another_user(client, admin_headers, user_headers):
    key = await create_key(client, user_headers)

    response = await client.delete(f"/api/v1/users/me/api-keys/{key['id']}", headers=admin_headers)
    still = await client.get("/api/v1/users/me", headers={"X-Api-Key": key["key"]})

    assert response.status_code == 404
    assert still.status_code == 200


async def test_api_key_records_last_use(client: AsyncClient, user_headers: dict):
    key = await create_key(client, user_headers)

    await client.get("/api/v1/users/me", headers={"X-Api-Key": key["key"]})
    listed = await client.get("/api/v1/users/me/api-keys", headers=user_headers)

    assert listed.json()[0]["last_used_at"] is not None


async def test_api_key_survives_a_password_change_that_ends_sessions(
    client: AsyncClient, user_headers: dict
):
    # Keys are revoked one by one (their last use is shown); a new password ends sessions only.
    key = await create_key(client, user_headers)

    changed = await client.patch(
        "/api/v1/users/me", json={"password": "another long password"}, headers=user_headers
    )
    session = await client.get("/api/v1/users/me", headers=user_headers)
    with_key = await client.get("/api/v1/users/me", headers={"X-Api-Key": key["key"]})

    assert changed.status_code == 200, changed.text
    assert session.status_code == 401
    assert with_key.status_code == 200
