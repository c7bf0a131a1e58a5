"""The server hands out the built web app (SPA fallback, caching) and the docs page offline."""

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from media_manager.main import create_app
from media_manager.webapp import IMMUTABLE, REVALIDATE
from tests.conftest import make_settings

INDEX = "<!doctype html><title>app shell</title>"
CHUNK = "export const answer = 42;"


def _build(root: Path) -> Path:
    build = root / "build"
    (build / "_app" / "immutable" / "chunks").mkdir(parents=True)
    (build / "index.html").write_text(INDEX)
    (build / "robots.txt").write_text("User-agent: *\n")
    (build / "_app" / "immutable" / "chunks" / "app.3f2a.js").write_text(CHUNK)
    swagger = build / "swagger-ui"
    swagger.mkdir()
    (swagger / "swagger-ui-bundle.js").write_text("window.SwaggerUIBundle = () => {};")
    (swagger / "swagger-ui.css").write_text("body {}")
    return build


def _app(root: Path, build_dir: Path) -> FastAPI:
    # No lifespan: serving files needs no database.
    return create_app(make_settings(root / "data", "sqlite+aiosqlite://"), web_build_dir=build_dir)


# One app per module: the tests only read what it serves, and building an app takes a while.
@pytest.fixture(scope="module")
def built_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    root = tmp_path_factory.mktemp("webapp")
    return _app(root, _build(root))


@pytest.fixture(scope="module")
def unbuilt_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    root = tmp_path_factory.mktemp("webapp-unbuilt")
    return _app(root, root / "missing-build")


@pytest.fixture
async def client(built_app: FastAPI):
    async with AsyncClient(transport=ASGITransport(app=built_app), base_url="http://test") as c:
        yield c


@pytest.fixture
async def unbuilt_client(unbuilt_app: FastAPI):
    async with AsyncClient(transport=ASGITransport(app=unbuilt_app), base_url="http://test") as c:
        yield c


async def test_root_serves_the_index_revalidated_each_time(client: AsyncClient):
    response = await client.get("/")
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["cache-control"] == REVALIDATE
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/login", "/tv", "/tv/3fa85f64-5717-4562-b3fc-2c963f66afa6"])
async def test_deep_links_get_the_index(client: AsyncClient, path: str):
    response = await client.get(path, params={"page": 2})
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["cache-control"] == REVALIDATE


async def test_hashed_assets_are_cached_for_a_year(client: AsyncClient):
    response = await client.get("/_app/immutable/chunks/app.3f2a.js")
    assert response.status_code == 200
    assert response.text == CHUNK
    assert response.headers["cache-control"] == IMMUTABLE
    assert "javascript" in response.headers["content-type"]


async def test_other_build_files_are_served_revalidated(client: AsyncClient):
    response = await client.get("/robots.txt")
    assert response.status_code == 200
    assert response.text.startswith("User-agent")
    assert response.headers["cache-control"] == REVALIDATE


async def test_a_missing_asset_is_a_404_not_the_index(client: AsyncClient):
    response = await client.get("/_app/immutable/chunks/gone.1234.js")
    assert response.status_code == 404
    assert response.text != INDEX


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize("path", ["/api", "/api/v1/no-such-route", "/api/v2/tv"])
async def test_unknown_api_paths_never_fall_back_to_the_app(
    client: AsyncClient, method: str, path: str
):
    response = await client.request(method, path)
    assert response.status_code == 404
    assert response.json()["detail"] == "Not Found"


async def test_api_routes_still_answer(client: AsyncClient):
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/users/me" in response.json()["paths"]


async def test_docs_load_swagger_ui_from_this_server(client: AsyncClient):
    page = await client.get("/api/v1/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources, page.text
    for source in sources:
        assert source.startswith("/"), f"{source} is not served by this server"
    for asset in ("/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/swagger-ui.css"):
        assert asset in sources
        assert (await client.get(asset)).status_code == 200
    assert "/api/v1/openapi.json" in page.text


async def test_docs_oauth2_redirect_page_is_served(client: AsyncClient):
    response = await client.get("/api/v1/docs/oauth2-redirect")
    assert response.status_code == 200
    assert "oauth2" in response.text.lower()


async def test_without_a_build_every_page_says_how_to_build(unbuilt_client: AsyncClient):
    for path in ("/", "/tv"):
        response = await unbuilt_client.get(path)
        assert response.status_code == 200
        assert "make run" in response.text
        assert "npm run build" in response.text
    assert (await unbuilt_client.get("/api/v1/no-such-route")).status_code == 404
    docs = await unbuilt_client.get("/api/v1/docs")
    assert docs.status_code == 503
    assert "make run" in docs.text
