"""Outgoing mail: an SMTP server in production, an outbox folder of .eml files in development."""

from __future__ import annotations

import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from lms.services.errors import ServiceError


class MailNotSent(ServiceError):
    """The mail server refused or could not be reached."""


@dataclass(frozen=True)
class MailSettings:
    """Where mail goes: ``server`` (SMTP) when set, else ``outbox`` (a folder)."""

    sender: str
    server: str | None = None
    port: int = 25
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    outbox: Path | None = None


def send(settings: MailSettings, *, to: str, subject: str, body: str, now: datetime) -> None:
    """Send a plain-text message; raises MailNotSent if it could not be handed over."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="broker-academy.invalid")
    message.set_content(body)
    if settings.server:
        _send_smtp(settings.server, settings, message)
    elif settings.outbox is not None:
        _write_to_outbox(settings.outbox, message, now=now)
    else:
        raise MailNotSent("No mail server or outbox is configured.")


def _send_smtp(server: str, settings: MailSettings, message: EmailMessage) -> None:
    try:
        with smtplib.SMTP(server, settings.port, timeout=15) as smtp:
            if settings.use_tls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailNotSent(f"The mail server did not accept the message: {error}") from error


def _write_to_outbox(outbox: Path, message: EmailMessage, *, now: datetime) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}.eml"
    (outbox / name).write_bytes(bytes(message))
