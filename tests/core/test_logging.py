import io
import json
import logging

import pytest
from httpx import AsyncClient

from media_manager.core.config import LoggingSettings
from media_manager.core.logging import (
    KEEP_SECRETS,
    JsonFormatter,
    configure_logging,
    recent_logs,
    request_id_var,
)


def test_json_lines_carry_the_request_id():
    record = logging.LogRecord(
        "media_manager.x", logging.WARNING, __file__, 1, "hi %s", ("you",), None
    )
    token = request_id_var.set("req-42")
    try:
        record.request_id = request_id_var.get()  # what the handler's filter does
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)

    assert line["message"] == "hi you"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "req-42"


async def test_log_lines_during_a_request_name_its_id(
    client: AsyncClient, caplog: pytest.LogCaptureFixture
):
    seen: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(request_id_var.get())

    handler = Capture()
    logging.getLogger("media_manager.auth.service").addHandler(handler)
    try:
        await client.post(
            "/api/v1/auth/forgot-password",
            json={"email": "nobody@example.com"},
            headers={"X-Request-ID": "trace-me"},
        )
    finally:
        logging.getLogger("media_manager.auth.service").removeHandler(handler)

    assert seen == ["trace-me"]


def test_configure_logging_is_idempotent():
    configure_logging(LoggingSettings(format="json"))
    configure_logging(LoggingSettings(format="text"))

    ours = [h for h in logging.getLogger().handlers if getattr(h, "_mediamanager", False)]
    # One line writer and the recent records of the system page, each once.
    assert len(ours) == 2
    assert ours.count(recent_logs) == 1


@pytest.fixture
def log_output():
    """What our handler writes, after configure_logging, as text lines."""
    configure_logging(LoggingSettings())
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_mediamanager", False))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_access_log_hides_secrets_in_query_strings(log_output: io.StringIO):
    # The record exactly as uvicorn's access logger makes it.
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d',
        "203.0.113.7:5000",
        "GET",
        "/api/v1/calendar.ics?token=mmfeed_s3cr3t&api_key=mm_k3y&Password=hunter22&page=2",
        "1.1",
        200,
    )

    line = log_output.getvalue()
    assert "s3cr3t" not in line and "mm_k3y" not in line and "hunter22" not in line
    assert "token=***&api_key=***&Password=***&page=2" in line


def test_outbound_urls_with_keys_are_redacted(log_output: io.StringIO):
    logging.getLogger("httpx").info(
        "HTTP Request: %s %s", "GET", "http://indexer/api?t=search&apikey=abc123&client_secret=x"
    )

    assert "apikey=***&client_secret=***" in log_output.getvalue()
    assert "abc123" not in log_output.getvalue()


def test_json_lines_are_redacted_too():
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, "GET %s", ("/x?token=abc",), None
    )

    assert json.loads(JsonFormatter().format(record))["message"] == "GET /x?token=***"


def test_records_marked_keep_secrets_are_left_whole(log_output: io.StringIO):
    logging.getLogger("media_manager.test").warning(
        "link: %s", "http://mm/reset-password?token=abc", extra={KEEP_SECRETS: True}
    )

    assert "reset-password?token=abc" in log_output.getvalue()
