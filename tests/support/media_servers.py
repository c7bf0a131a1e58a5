"""Stand-ins for Jellyfin/Emby and Plex, shaped like their real APIs for the calls made.

Jellyfin/Emby: GET /System/Info and POST /Library/Media/Updated with an X-Emby-Token.
Plex: GET /library/sections (JSON with Accept: application/json) and
GET /library/sections/{key}/refresh?path=..., with an X-Plex-Token.
"""

from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

TOKEN = "media-server-token-0123"


@dataclass
class MediaServerStandIn:
    # What was asked to rescan: ("jellyfin", body) or ("plex", section key, path).
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    # Plex libraries: key -> folders.
    plex_sections: dict[str, list[str]] = field(default_factory=dict)
    base_url: str = ""

    def app(self) -> Starlette:
        async def system_info(request: Request) -> Response:
            if request.headers.get("x-emby-token") != TOKEN:
                return Response(status_code=401)
            return JSONResponse({"ServerName": "standin", "Version": "10.10.3", "Id": "abc"})

        async def media_updated(request: Request) -> Response:
            if request.headers.get("x-emby-token") != TOKEN:
                return Response(status_code=401)
            self.calls.append(("jellyfin", await request.json()))
            return Response(status_code=204)

        async def plex_sections(request: Request) -> Response:
            if request.headers.get("x-plex-token") != TOKEN:
                return Response(status_code=401)
            directories = [
                {
                    "key": key,
                    "title": f"Library {key}",
                    "type": "show",
                    "Location": [{"id": n, "path": path} for n, path in enumerate(paths)],
                }
                for key, paths in self.plex_sections.items()
            ]
            return JSONResponse(
                {"MediaContainer": {"size": len(directories), "Directory": directories}}
            )

        async def plex_refresh(request: Request) -> Response:
            if request.headers.get("x-plex-token") != TOKEN:
                return Response(status_code=401)
            key = request.path_params["key"]
            if key not in self.plex_sections:
                return Response(status_code=404)
            self.calls.append(("plex", key, request.query_params.get("path")))
            return Response(status_code=200)

        return Starlette(
            routes=[
                Route("/System/Info", system_info),
                Route("/Library/Media/Updated", media_updated, methods=["POST"]),
                Route("/library/sections", plex_sections),
                Route("/library/sections/{key}/refresh", plex_refresh),
            ]
        )
