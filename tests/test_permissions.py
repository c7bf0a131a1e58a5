"""Every route is checked here, including routes added later: none may escape authentication."""

import re
import uuid

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from httpx import AsyncClient

from media_manager.auth.dependencies import get_admin_user, get_current_user, get_feed_user
from tests.conftest import described_app

# Routes that must answer without credentials. Adding one here is a security decision.
PUBLIC = {
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/cookie/login"),
    ("POST", "/api/v1/auth/jwt/login"),
    ("POST", "/api/v1/auth/forgot-password"),
    ("POST", "/api/v1/auth/reset-password"),
    ("GET", "/api/v1/auth/oidc"),
    ("GET", "/api/v1/auth/oidc/authorize"),
    ("GET", "/api/v1/auth/oidc/callback"),
}


# Feeds that apps subscribe to by URL authenticate with a feed token in the query string.
AUTHENTICATING = (get_current_user, get_feed_user)


def _depends_on(dependant: Dependant, target) -> bool:
    return any(sub.call is target or _depends_on(sub, target) for sub in dependant.dependencies)


def _routes() -> list[tuple[str, str, bool, bool]]:
    app = described_app()
    documented = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    found = []
    # iter_route_contexts resolves routers included with prefixes and router-level
    # dependencies, exactly as requests see them.
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        for method in route.methods or ():
            if dependant is None or (method, route.path) not in documented:
                continue
            found.append(
                (
                    method,
                    route.path,
                    any(_depends_on(dependant, check) for check in AUTHENTICATING),
                    _depends_on(dependant, get_admin_user),
                )
            )
    assert {(m, p) for m, p, _, _ in found} == documented, "some documented routes were not found"
    return sorted(found)


ROUTES = _routes()
PROTECTED = [(m, p) for m, p, _, _ in ROUTES if (m, p) not in PUBLIC]
ADMIN_ONLY = [(m, p) for m, p, _, admin in ROUTES if admin]


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p}" for m, p, _, _ in ROUTES])
def test_public_routes_are_exactly_the_listed_ones(route):
    method, path, needs_user, _ = route
    if (method, path) in PUBLIC:
        assert not needs_user, f"{method} {path} is listed as public but requires a user"
    else:
        assert needs_user, f"{method} {path} does not depend on CurrentUser/AdminUser"


@pytest.mark.parametrize(("method", "path"), PROTECTED, ids=[f"{m} {p}" for m, p in PROTECTED])
async def test_route_refuses_anonymous_callers(client: AsyncClient, method: str, path: str):
    response = await client.request(method, _url(path))

    assert response.status_code == 401, f"{method} {path} answered {response.status_code}"


@pytest.mark.parametrize(("method", "path"), ADMIN_ONLY, ids=[f"{m} {p}" for m, p in ADMIN_ONLY])
async def test_admin_route_refuses_ordinary_users(
    client: AsyncClient, user_headers: dict, method: str, path: str
):
    response = await client.request(method, _url(path), headers=user_headers)

    assert response.status_code == 403, f"{method} {path} answered {response.status_code}"


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
