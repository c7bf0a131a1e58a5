"""Serving the built web app (web/build) and the API docs' assets from this server.

The web app is a single-page app: every path that is neither an API route nor a file of the
build answers with its index.html, and the app's router takes over in the browser.
"""

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

log = logging.getLogger(__name__)

# Where `npm run build` in web/ writes the app, when running from a clone.
DEFAULT_BUILD_DIR = Path(__file__).resolve().parent.parent / "web" / "build"
# Copied from the swagger-ui-dist npm package into the build (see web/vite.config.ts).
SWAGGER_DIR = "swagger-ui"
# File names carry a content hash: they never change, so browsers may keep them for a year.
IMMUTABLE_PREFIX = "_app/immutable/"
IMMUTABLE = "public, max-age=31536000, immutable"
# Everything else (index.html above all) is checked with the server on every use, so a new
# build is picked up at once; the ETag makes that check cheap.
REVALIDATE = "no-cache"
BUILD_HINT = "make run (or: cd web && npm ci && npm run build)"


class WebAppFiles(StaticFiles):
    """The build's files; other paths get index.html, except API and _app paths (a 404)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if _is_api(path):
            # Same JSON 404 as any unknown API route, never the app's HTML.
            raise HTTPException(status_code=404)
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            # A missing hashed asset must stay a 404: an old tab loading a chunk of a
            # previous build then reloads, instead of parsing HTML as JavaScript.
            if exc.status_code != 404 or path.startswith("_app/"):
                raise
            response = await super().get_response("index.html", scope)
        immutable = path.startswith(IMMUTABLE_PREFIX) and response.status_code in (200, 304)
        response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
        return response


class WebAppMount(Mount):
    """The web app at "/", never matching API paths: those stay with the API's router, so an
    unknown method on an API route answers 405 and routes added later under /api still win."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and _is_api(scope["path"]):
            return Match.NONE, {}
        return super().matches(scope)


class MissingBuild:
    """Stands in for the web app when it was not built: says how to build it."""

    def __init__(self, build_dir: Path) -> None:
        self.build_dir = build_dir

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"].lstrip("/")
        if scope["type"] != "http" or _is_api(path):
            raise HTTPException(status_code=404)
        response = HTMLResponse(
            "<!doctype html><meta charset=utf-8><title>MediaManager</title>"
            "<h1>MediaManager is running, but its web app was not built</h1>"
            f"<p>No build was found in <code>{self.build_dir}</code>. Build it with "
            f"<code>{BUILD_HINT}</code>, then reload this page.</p>"
            '<p>The API works meanwhile: <a href="/api/v1/docs">/api/v1/docs</a>.</p>',
            headers={"Cache-Control": REVALIDATE},
        )
        await response(scope, receive, send)


def _is_api(path: str) -> bool:
    path = path.lstrip("/")
    return path == "api" or path.startswith("api/")


def install_web_app(app: FastAPI, build_dir: Path, api_prefix: str) -> None:
    """Serve the docs page and the web app; call after every API router is included."""
    _install_docs(app, build_dir, api_prefix)
    if (build_dir / "index.html").is_file():
        # Mounted last: every route registered before it wins.
        app.router.routes.append(WebAppMount("/", WebAppFiles(directory=build_dir), name="web"))
    else:
        log.warning("The web app is not built (no %s); build it with: %s", build_dir, BUILD_HINT)
        app.router.routes.append(WebAppMount("/", MissingBuild(build_dir), name="web"))


def _install_docs(app: FastAPI, build_dir: Path, api_prefix: str) -> None:
    # FastAPI's own docs page loads Swagger UI from a CDN, blank without internet; this one
    # loads the copy the web build ships (served by WebAppFiles like any other file).
    docs_url = f"{api_prefix}/docs"
    oauth2_redirect_url = f"{docs_url}/oauth2-redirect"
    assets = f"/{SWAGGER_DIR}"
    has_assets = (build_dir / SWAGGER_DIR / "swagger-ui-bundle.js").is_file()

    async def swagger_ui() -> HTMLResponse:
        if not has_assets:
            return HTMLResponse(
                "<!doctype html><meta charset=utf-8><title>MediaManager API</title>"
                "<h1>The API docs page needs the web app's build</h1>"
                f"<p>Build it with <code>{BUILD_HINT}</code>. The API description itself is at "
                f'<a href="{app.openapi_url}">{app.openapi_url}</a>.</p>',
                status_code=503,
            )
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "",
            title=f"{app.title} API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/favicon-32x32.png",
            oauth2_redirect_url=oauth2_redirect_url,
        )

    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    app.add_api_route(docs_url, swagger_ui, include_in_schema=False)
    app.add_api_route(oauth2_redirect_url, swagger_ui_redirect, include_in_schema=False)
