import json
import logging

import pytest
from httpx import AsyncClient

from media_manager.core.config import LoggingSettings
from media_manager.core.logging import JsonFormatter, configure_logging, request_id_var


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
    assert len(ours) == 1
