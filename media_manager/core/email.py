"""Outgoing mail over SMTP (optional)."""

import asyncio
import logging
import smtplib
from email.message import EmailMessage

from media_manager.core.config import EmailSettings

log = logging.getLogger(__name__)


def email_enabled(settings: EmailSettings) -> bool:
    return bool(settings.smtp_host)


async def send_email(settings: EmailSettings, to: str, subject: str, body: str) -> None:
    """Send one plain-text mail; smtplib blocks, so it runs in a thread."""
    message = EmailMessage()
    message["From"] = settings.from_address
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    await asyncio.to_thread(_send, settings, message)


def _send(settings: EmailSettings, message: EmailMessage) -> None:
    assert settings.smtp_host is not None
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
