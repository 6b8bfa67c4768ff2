"""A real SMTP server on loopback for tests (aiosmtpd), and what it received.

Fixtures (registered by consultation.testing.pytest_plugin):

- `smtp_server`: a running server on a free port; `.config` holds the
  MAIL_SERVER / MAIL_PORT settings that point an app at it.
- `mailbox`: the same server with the `app` fixture already pointed at it.

Messages arrive through the app's real sender, e.g. `flask notifications send`
or `consultation.notifications.sender.send_due()`.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

_LINK = re.compile(r"https?://[^\s<>\"')]+")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on (at the moment of asking)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Delivered:
    """One message as the SMTP server received it."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        """The decoded Subject header."""
        return str(self.message["Subject"])

    @property
    def to(self) -> str:
        """The To header."""
        return str(self.message["To"])

    @property
    def text(self) -> str:
        """The plain-text body."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""

    @property
    def html(self) -> str:
        """The HTML body."""
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part else ""

    def links(self) -> list[str]:
        """Every http(s) link in the plain-text body, in order."""
        return _LINK.findall(self.text)


class _Handler:
    def __init__(self, mailbox: SMTPServer) -> None:
        self.mailbox = mailbox

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list
    ) -> str:
        if address in self.mailbox.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.mailbox.delay:
            await asyncio.sleep(self.mailbox.delay)
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        self.mailbox._received(Delivered(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SMTPServer:
    """A running aiosmtpd server and the messages it has received."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = free_port()
        self.messages: list[Delivered] = []
        #: Addresses answered with a permanent "550 no such mailbox".
        self.refuse: set[str] = set()
        #: Seconds to take over each message, to make overlapping senders overlap.
        self.delay = 0.0
        self._lock = threading.Lock()
        self._controller = Controller(_Handler(self), hostname=host, port=self.port)

    @property
    def config(self) -> dict[str, Any]:
        """App settings that send mail here."""
        return {
            "MAIL_SERVER": self.host,
            "MAIL_PORT": self.port,
            "MAIL_USE_TLS": False,
            "MAIL_USE_SSL": False,
        }

    def start(self) -> SMTPServer:
        """Start listening."""
        self._controller.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self._controller.stop()

    def _received(self, delivered: Delivered) -> None:
        with self._lock:
            self.messages.append(delivered)

    def to(self, address: str) -> list[Delivered]:
        """Messages whose recipients include `address`."""
        with self._lock:
            return [m for m in self.messages if address in m.rcpt_tos]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Delivered]:
        """Wait until at least `count` messages have arrived, then return them all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} messages, got {len(self.messages)}")

    def clear(self) -> None:
        """Forget every message received so far."""
        with self._lock:
            self.messages.clear()


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """A real SMTP server on a free loopback port, stopped after the test."""
    server = SMTPServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox(app, smtp_server: SMTPServer) -> SMTPServer:
    """The `app` fixture sending its mail to a real SMTP server on loopback.

    Links in the messages point at http://localhost, the test client's own
    host, so a test follows them with the session it already has.
    """
    app.config.update(smtp_server.config, SITE_URL="http://localhost")
    return smtp_server
