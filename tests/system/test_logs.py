"""The system page's log records: kept in memory, bounded, redacted, filtered, admins only."""

import logging
import uuid

from httpx import AsyncClient

from media_manager.core.logging import KEEP_SECRETS, MAX_KEPT_MESSAGE, RecentLogs

LOGS = "/api/v1/system/logs"
log = logging.getLogger("media_manager.tests.logs")


async def test_recent_records_come_newest_first_with_secrets_redacted(
    client: AsyncClient, admin_headers: dict
):
    marker = uuid.uuid4().hex
    log.info("first %s", marker)
    log.warning("fetching http://indexer.test/api?t=search&apikey=SECRET123 for %s", marker)
    # Kept whole on stderr for the admin, never in the page.
    log.warning(
        "reset link http://app.test/reset-password?token=SECRET456 %s",
        marker,
        extra={KEEP_SECRETS: True},
    )

    response = await client.get(LOGS, params={"level": "INFO"}, headers=admin_headers)

    assert response.status_code == 200, response.text
    ours = [r for r in response.json() if marker in r["message"]]
    assert [r["level"] for r in ours] == ["WARNING", "WARNING", "INFO"]
    assert ours[0]["message"] == f"reset link http://app.test/reset-password?token=*** {marker}"
    assert "apikey=***" in ours[1]["message"]
    assert ours[2]["logger"] == "media_manager.tests.logs"
    assert "SECRET" not in response.text


async def test_level_filters_out_quieter_records(client: AsyncClient, admin_headers: dict):
    marker = uuid.uuid4().hex
    log.info("quiet %s", marker)
    log.error("loud %s", marker)

    response = await client.get(LOGS, params={"level": "WARNING"}, headers=admin_headers)

    messages = [r["message"] for r in response.json() if marker in r["message"]]
    assert messages == [f"loud {marker}"]
    assert all(r["level"] in ("WARNING", "ERROR", "CRITICAL") for r in response.json())


async def test_limit_and_level_are_checked(client: AsyncClient, admin_headers: dict):
    for params in ({"level": "LOUD"}, {"limit": 0}, {"limit": 1001}):
        response = await client.get(LOGS, params=params, headers=admin_headers)
        assert response.status_code == 422, params
    for _ in range(3):
        log.warning("one of several")
    response = await client.get(LOGS, params={"limit": 2}, headers=admin_headers)
    assert len(response.json()) == 2


async def test_only_administrators_read_the_logs(client: AsyncClient, user_headers: dict):
    assert (await client.get(LOGS, headers=user_headers)).status_code == 403
    assert (await client.get(LOGS)).status_code == 401


def test_the_buffer_keeps_only_the_newest_records():
    handler = RecentLogs(capacity=3)
    logger = logging.getLogger("media_manager.tests.ring")
    logger.addHandler(handler)
    try:
        for number in range(5):
            logger.warning("record %d", number)
        logger.warning("x" * 100_000)
        try:
            raise RuntimeError("boom with ?password=hunter2")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)

    assert max(len(entry.message) for entry in handler.entries) == MAX_KEPT_MESSAGE
    newest = handler.newest(logging.DEBUG, 10)
    assert [entry.message.splitlines()[0] for entry in newest] == [
        "failed",
        "x" * MAX_KEPT_MESSAGE,
        "record 4",
    ]
    assert "RuntimeError: boom with ?password=***" in newest[0].message
