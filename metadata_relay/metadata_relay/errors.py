from fastapi import Request
from fastapi.responses import JSONResponse


class RelayError(Exception):
    """An error that knows the HTTP status the relay answers with."""

    status_code = 500

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class ProviderNotConfigured(RelayError):
    status_code = 503


class UpstreamNotFound(RelayError):
    status_code = 404


class UpstreamRateLimited(RelayError):
    status_code = 429

    def __init__(self, message: str, retry_after: str) -> None:
        super().__init__(message, headers={"Retry-After": retry_after})


class UpstreamBadResponse(RelayError):
    status_code = 502


class UpstreamKeyRejected(UpstreamBadResponse):
    """The provider refused the relay's API key: the one error only its operator can fix."""


class UpstreamTimeout(RelayError):
    status_code = 504


# Used when an upstream 429 carries no Retry-After of its own.
DEFAULT_RETRY_AFTER_SECONDS = "10"


async def relay_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RelayError)
    return JSONResponse(
        status_code=exc.status_code,
        content={"detail": exc.message, "error": type(exc).__name__},
        headers=exc.headers,
    )


def error_for_status(provider: str, status_code: int, retry_after: str | None) -> RelayError:
    """Translate an upstream HTTP error status into the relay's own answer."""
    if status_code == 404:
        return UpstreamNotFound(f"{provider} has no such item")
    if status_code == 429:
        return UpstreamRateLimited(
            f"{provider} is rate limiting the relay; retry later",
            retry_after=retry_after or DEFAULT_RETRY_AFTER_SECONDS,
        )
    if status_code == 401:
        key_name = f"{provider.upper()}_API_KEY"
        return UpstreamKeyRejected(f"{provider} refused the relay's API key (check {key_name})")
    return UpstreamBadResponse(f"{provider} answered with HTTP {status_code}")
