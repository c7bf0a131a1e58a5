"""Pure ASGI middleware: a cap on request bodies, and a JSON 500 for unexpected failures."""

import logging

from fastapi import HTTPException, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from media_manager.core.errors import error_response
from media_manager.core.logging import request_id_var

log = logging.getLogger(__name__)


class _ResponseTracker:
    """Passes messages on to `send`, noting whether the response has begun (then it is too
    late to answer with an error of our own)."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


class RequestBodyTooLarge(HTTPException):
    """Raised while the body is read; FastAPI passes HTTPExceptions on to their handler."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"The request body is larger than the {limit} bytes allowed "
            "(setting server.max_request_body_bytes)",
        )


class RequestBodyLimitMiddleware:
    """Refuses bodies over `max_bytes`: by Content-Length up front, else while they stream."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > self.max_bytes
            except ValueError:
                too_large = False  # the server refuses a malformed length itself
            if too_large:
                await self._refuse(scope, receive, send)
                return

        received = 0
        response = _ResponseTracker(send)

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestBodyTooLarge(self.max_bytes)
            return message

        try:
            await self.app(scope, counting_receive, response.send)
        except RequestBodyTooLarge:
            # Read outside a route (where the handler answers it): answer here, if still possible.
            if response.started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = RequestBodyTooLarge(self.max_bytes)
        response = error_response(error.status_code, error.detail, type(error).__name__)
        # Tell HTTP/1.1 clients that the rest of the body will not be read.
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


class UnhandledErrorMiddleware:
    """An unexpected exception answers 500 JSON with the request id, and its traceback is logged.

    Sits inside RequestIdMiddleware, so the log line and the response carry the request's id.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response = _ResponseTracker(send)

        try:
            await self.app(scope, receive, response.send)
        except Exception:
            log.exception("Unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if response.started:
                # Half a response went out already; only the server can end the connection.
                raise
            request_id = request_id_var.get()
            response = error_response(
                status.HTTP_500_INTERNAL_SERVER_ERROR,
                "Internal server error",
                "InternalError",
                request_id=request_id,
            )
            await response(scope, receive, send)
