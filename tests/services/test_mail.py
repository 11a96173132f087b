"""Outgoing mail through a real SMTP server (aiosmtpd on loopback) and through the outbox."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from lms.models import utcnow
from lms.services import mail


class Collector(Message):
    """Keeps every message the test server receives."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list = []

    def handle_message(self, message) -> None:
        self.received.append(message)


@pytest.fixture
def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(unused_port):
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=unused_port)
    controller.start()
    yield controller, collector
    controller.stop()


def test_mail_goes_to_the_configured_smtp_server(smtp_server):
    controller, collector = smtp_server
    settings = mail.MailSettings(
        sender="Academy <a@example.org>", server="127.0.0.1", port=controller.port
    )
    mail.send(settings, to="lea@example.org", subject="Hello", body="Body text", now=utcnow())
    [received] = collector.received
    assert (received["To"], received["Subject"]) == ("lea@example.org", "Hello")
    assert "Body text" in received.get_payload()


def test_an_unreachable_smtp_server_raises_mail_not_sent(unused_port):
    settings = mail.MailSettings(sender="a@example.org", server="127.0.0.1", port=unused_port)
    with pytest.raises(mail.MailNotSent, match="did not accept"):
        mail.send(settings, to="lea@example.org", subject="Hi", body="x", now=utcnow())


def test_without_a_server_mail_is_written_to_the_outbox(tmp_path):
    settings = mail.MailSettings(sender="a@example.org", outbox=tmp_path / "outbox")
    mail.send(settings, to="lea@example.org", subject="Hi", body="Hello Lea", now=utcnow())
    [saved] = (tmp_path / "outbox").glob("*.eml")
    message = message_from_bytes(saved.read_bytes(), policy=policy.default)
    assert message["To"] == "lea@example.org"
    assert message.get_content().strip() == "Hello Lea"
