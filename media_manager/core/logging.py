"""Log configuration (text or JSON) with a request correlation id on every line."""

import contextvars
import json
import logging
import re
import sys
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from media_manager.core.config import LoggingSettings

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
REQUEST_ID_HEADER = "x-request-id"


# Query parameters whose values are secrets: the feed token, API keys of indexers and
# download clients (apikey=, api_key=), passwords, OIDC codes. Matched anywhere in a name,
# so "x_api_key" and "client_secret" are covered too.
_SECRET_PARAM = re.compile(
    r"([?&;][^=&\s\"'#]*?(?:token|key|password|passwd|secret|signature|code|auth)"
    r"[^=&\s\"'#]*=)[^&\s\"'#]+",
    re.IGNORECASE,
)
# Set on a record (extra={KEEP_SECRETS: True}) that must show its link whole, such as the
# password-reset link logged for the admin when no mail server is configured.
KEEP_SECRETS = "keep_secrets"


def redact(text: str) -> str:
    """`text` with the values of secret-looking URL query parameters replaced by ***."""
    return _SECRET_PARAM.sub(r"\1***", text)


class RedactingFormatter(logging.Formatter):
    """Log lines never carry secrets sent in URLs (uvicorn's access log, httpx, our own)."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        return line if getattr(record, KEEP_SECRETS, False) else redact(line)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        keep = getattr(record, KEEP_SECRETS, False)
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage() if keep else redact(record.getMessage()),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            exception = self.formatException(record.exc_info)
            entry["exception"] = exception if keep else redact(exception)
        return json.dumps(entry, ensure_ascii=False)


@dataclass(frozen=True)
class LogEntry:
    time: datetime
    level: str
    levelno: int
    logger: str
    message: str


# Characters of one record's message (with its traceback) that the buffer keeps.
MAX_KEPT_MESSAGE = 8_000


class RecentLogs(logging.Handler):
    """The last `capacity` records in memory, for the system page; secrets always redacted
    (even of records that keep them on stderr, such as a logged password-reset link)."""

    def __init__(self, capacity: int = 1000) -> None:
        super().__init__()
        self.entries: deque[LogEntry] = deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info:
                message = f"{message}\n{self.formatException(record.exc_info)}"
            entry = LogEntry(
                time=datetime.fromtimestamp(record.created, UTC),
                level=record.levelname,
                levelno=record.levelno,
                logger=record.name,
                # Cut before storing: a thousand long tracebacks must not grow without bound.
                message=redact(message[:MAX_KEPT_MESSAGE]),
            )
        except Exception:
            self.handleError(record)
            return
        self.entries.append(entry)

    def formatException(self, exc_info: object) -> str:
        return logging.Formatter().formatException(exc_info)  # type: ignore[arg-type]

    def newest(self, min_level: int, limit: int) -> list[LogEntry]:
        """Up to `limit` records at `min_level` or above, newest first."""
        found = []
        # A copy: other threads may log meanwhile, and a deque refuses to change while iterated.
        for entry in reversed(list(self.entries)):
            if entry.levelno >= min_level:
                found.append(entry)
                if len(found) == limit:
                    break
        return found


# One per process, like the root logger it is attached to.
recent_logs = RecentLogs()

TEXT_FORMAT = "%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s"


def configure_logging(settings: LoggingSettings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_RequestIdFilter())
    if settings.format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(RedactingFormatter(TEXT_FORMAT))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "_mediamanager", False):
            root.removeHandler(existing)
    handler._mediamanager = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    recent_logs._mediamanager = True  # type: ignore[attr-defined]
    root.addHandler(recent_logs)
    root.setLevel(settings.level)
    # Alembic announces each of its plugins at INFO on every migration run.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # uvicorn installs its own handlers; route its records through ours instead.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True


class RequestIdMiddleware:
    """Takes X-Request-ID from the client (or makes one) and echoes it on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode())
        request_id = _sanitize(incoming.decode("latin-1")) if incoming else ""
        request_id = request_id or uuid.uuid4().hex[:16]
        token = request_id_var.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append(
                    (REQUEST_ID_HEADER.encode(), request_id.encode())
                )
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


def _sanitize(value: str) -> str:
    # Client-chosen ids end up in log lines: keep them short and printable.
    return "".join(ch for ch in value if ch.isalnum() or ch in "-_.")[:64]
