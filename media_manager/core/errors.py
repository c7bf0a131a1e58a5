"""The one error type the API turns into responses, and the handlers for every other failure.

Every error answers `{"detail": <message>, "error": <name>}`; validation errors add `errors`.
"""

import json
import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

# Validation errors name the fields; they never echo what was sent, and stay small.
MAX_VALIDATION_ERRORS = 20
MAX_MESSAGE_CHARS = 300
MAX_LOC_PART_CHARS = 100


class AppError(Exception):
    """A domain error that knows its HTTP status; the message is shown to the user."""

    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(
        self,
        message: str,
        status_code: int | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        # Sent with the response, e.g. Retry-After on a 429.
        self.headers = headers or {}
        if status_code is not None:
            self.status_code = status_code


class NotFound(AppError):
    status_code = status.HTTP_404_NOT_FOUND


class Conflict(AppError):
    status_code = status.HTTP_409_CONFLICT


class Forbidden(AppError):
    status_code = status.HTTP_403_FORBIDDEN


class NotAuthenticated(AppError):
    status_code = status.HTTP_401_UNAUTHORIZED


class ServiceUnavailable(AppError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE


class ErrorResponse(JSONResponse):
    """JSON that cannot fail to render: text the client sent may hold lone surrogates."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8", "backslashreplace")


def error_response(
    status_code: int,
    detail: str,
    error: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> ErrorResponse:
    headers = dict(headers or {})
    if status_code == status.HTTP_401_UNAUTHORIZED:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return ErrorResponse(
        status_code=status_code,
        content={"detail": detail, "error": error, **extra},
        headers=headers,
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _handle_app_error(_request: Request, exc: Exception) -> ErrorResponse:
    assert isinstance(exc, AppError)
    return error_response(exc.status_code, exc.message, type(exc).__name__, exc.headers)


def _status_name(status_code: int) -> str:
    try:
        phrase = HTTPStatus(status_code).phrase
    except ValueError:
        return "HTTPError"
    return "".join(word.capitalize() for word in re.split(r"[^A-Za-z]+", phrase))


async def _handle_http_exception(_request: Request, exc: Exception) -> ErrorResponse:
    # Raised by the framework itself: unknown routes, wrong methods, unreadable bodies.
    assert isinstance(exc, StarletteHTTPException)
    name = type(exc).__name__
    if name == "HTTPException":
        name = _status_name(exc.status_code)
    return error_response(exc.status_code, str(exc.detail), name, exc.headers)


def _loc_part(part: Any) -> str | int:
    if isinstance(part, int):
        return part
    return _clip(str(part), MAX_LOC_PART_CHARS)


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The per-field list: where, what and which kind, without the input or its context."""
    items = []
    for error in errors[:MAX_VALIDATION_ERRORS]:
        message = str(error.get("msg", "invalid"))
        if error.get("type") == "json_invalid" and error.get("ctx", {}).get("error"):
            message = f"{message}: {error['ctx']['error']}"
        items.append(
            {
                "loc": [_loc_part(part) for part in error.get("loc", ())],
                "msg": _clip(message, MAX_MESSAGE_CHARS),
                "type": str(error.get("type", "value_error")),
            }
        )
    return items


async def _handle_validation_error(_request: Request, exc: Exception) -> ErrorResponse:
    assert isinstance(exc, RequestValidationError)
    all_errors = list(exc.errors())
    items = validation_errors(all_errors)
    lines = [
        f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
        if item["loc"]
        else item["msg"]
        for item in items[:3]
    ]
    if len(all_errors) > len(lines):
        lines.append(f"and {len(all_errors) - len(lines)} more")
    return error_response(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        "; ".join(lines),
        "ValidationError",
        errors=items,
    )


async def _handle_data_error(request: Request, exc: Exception) -> ErrorResponse:
    # The last line of defence: inputs are validated at the edge, so reaching here means a
    # check is missing. The database's own message may quote the value: it is only logged.
    log.warning("The database refused a value on %s %s: %s", request.method, request.url.path, exc)
    return error_response(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        "A value is out of range or contains characters that cannot be stored",
        "InvalidValue",
    )


def _is_data_exception(exc: DBAPIError) -> bool:
    # SQLSTATE class 22 is "data exception" (a NUL in text: 22021, a number out of range:
    # 22003). SQLAlchemy's asyncpg adapter reports these as plain DBAPIError, not DataError.
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return isinstance(sqlstate, str) and sqlstate.startswith("22")


async def _handle_dbapi_error(request: Request, exc: Exception) -> ErrorResponse:
    if isinstance(exc, DBAPIError) and _is_data_exception(exc):
        return await _handle_data_error(request, exc)
    raise exc  # anything else is a server fault: the catch-all answers 500 with the request id


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _handle_app_error)
    app.add_exception_handler(StarletteHTTPException, _handle_http_exception)
    app.add_exception_handler(RequestValidationError, _handle_validation_error)
    app.add_exception_handler(DataError, _handle_data_error)
    app.add_exception_handler(DBAPIError, _handle_dbapi_error)
