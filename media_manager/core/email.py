"""Outgoing mail over SMTP (optional)."""

import asyncio
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from media_manager.core.config import EmailSettings
from media_manager.core.database import check_no_transaction

log = logging.getLogger(__name__)


def email_enabled(settings: EmailSettings) -> bool:
    return bool(settings.smtp_host)


@dataclass(frozen=True)
class OutgoingMail:
    """A mail to send once the request that made it is over (SMTP may take many seconds)."""

    to: str
    subject: str
    body: str


async def send_mail(settings: EmailSettings, mail: OutgoingMail) -> None:
    """Send `mail`, logging (not raising) a failure: nobody waits for it any more."""
    try:
        await send_email(settings, mail.to, mail.subject, mail.body)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("Could not send mail to %s through %s: %s", mail.to, settings.smtp_host, exc)


async def send_email(settings: EmailSettings, to: str, subject: str, body: str) -> None:
    """Send one plain-text mail; smtplib blocks, so it runs in a thread."""
    check_no_transaction("Sending mail")
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
