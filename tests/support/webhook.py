"""A webhook receiver: records every request, so tests can count what Apprise delivered."""

import threading
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class WebhookReceiver:
    received: list[Received] = field(default_factory=list)
    # The HTTP status answered; set to 500 to play a broken service.
    status: int = 200
    base_url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> Starlette:
        async def hook(request: Request) -> JSONResponse:
            try:
                body: Any = await request.json()
            except ValueError:
                body = (await request.body()).decode(errors="replace")
            with self._lock:
                self.received.append(Received(request.url.path, dict(request.headers), body))
            return JSONResponse({"ok": self.status < 400}, status_code=self.status)

        return Starlette(routes=[Route("/{path:path}", hook, methods=["POST"])])

    def apprise_url(self, path: str = "hook") -> str:
        """The receiver as an Apprise json:// URL."""
        return self.base_url.replace("http://", "json://") + f"/{path}"

    def reset(self) -> None:
        with self._lock:
            self.received.clear()
        self.status = 200
