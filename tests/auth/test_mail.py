"""Password-reset mail through a real SMTP server (aiosmtpd on loopback)."""

import logging
import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from httpx import AsyncClient

from media_manager.config import Settings
from tests.conftest import PASSWORD, make_settings, register


class Mailbox:
    """Keeps every mail the server accepts."""

    def __init__(self) -> None:
        self.mails: list[tuple[Envelope, Message]] = []

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        content = envelope.content
        assert isinstance(content, bytes)
        self.mails.append((envelope, message_from_bytes(content)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture
def mail_port(mailbox: tuple[Mailbox, int]) -> int:
    return mailbox[1]


@pytest.fixture
def settings(tmp_path: Path, database_url: str, mail_port: int) -> Settings:
    email = {
        "smtp_host": "127.0.0.1",
        "smtp_port": mail_port,
        "starttls": False,
        "from_address": "mediamanager@example.com",
    }
    return make_settings(tmp_path / "data", database_url, email=email)


async def test_reset_link_is_mailed_and_works(
    client: AsyncClient, mailbox: tuple[Mailbox, int], caplog: pytest.LogCaptureFixture
):
    await register(client, "admin@example.com")
    box, _port = mailbox

    with caplog.at_level(logging.DEBUG):
        asked = await client.post(
            "/api/v1/auth/forgot-password", json={"email": "admin@example.com"}
        )

    assert asked.status_code == 202
    [(envelope, mail)] = box.mails
    assert envelope.mail_from == "mediamanager@example.com"
    assert envelope.rcpt_tos == ["admin@example.com"]
    assert mail["Subject"] == "Reset your MediaManager password"
    token = re.search(r"reset-password\?token=(\S+)", mail.get_payload(decode=True).decode())[1]
    # With SMTP set up, the link goes to the account's owner only, never to the log.
    assert token not in caplog.text
    reset = await client.post(
        "/api/v1/auth/reset-password", json={"token": token, "password": "a brand new one"}
    )
    old = await client.post(
        "/api/v1/auth/jwt/login", data={"username": "admin@example.com", "password": PASSWORD}
    )
    assert reset.status_code == 204
    assert old.status_code == 400


async def test_unknown_address_gets_no_mail_and_the_same_answer(
    client: AsyncClient, mailbox: tuple[Mailbox, int]
):
    await register(client, "admin@example.com")

    asked = await client.post("/api/v1/auth/forgot-password", json={"email": "no@example.com"})

    assert asked.status_code == 202
    assert mailbox[0].mails == []


class TestMailServerDown:
    @pytest.fixture
    def mail_port(self) -> Iterator[int]:
        # Bound for the whole test and never listening: every connection is refused.
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            yield int(sock.getsockname()[1])

    async def test_it_is_logged_not_an_error_for_the_caller(
        self, client: AsyncClient, caplog: pytest.LogCaptureFixture
    ):
        await register(client, "admin@example.com")

        with caplog.at_level(logging.ERROR, logger="media_manager.core.email"):
            asked = await client.post(
                "/api/v1/auth/forgot-password", json={"email": "admin@example.com"}
            )

        assert asked.status_code == 202
        assert "Could not send mail to admin@example.com through 127.0.0.1" in caplog.text
