"""Delivering the outbox: claim due messages, send them over SMTP, record what happened.

Safe to run in parallel (several cron jobs, several hosts). A sender claims a
batch with one UPDATE that marks the rows as its own for a lease period;
on PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, on SQLite the
write transaction is BEGIN IMMEDIATE, so no two senders claim one row. A
sender that dies mid-batch leaves its rows to be claimed again when the
lease runs out. Failures are retried with exponential backoff; after
NOTIFICATIONS_MAX_ATTEMPTS a message is marked failed for admins to see.
"""

from __future__ import annotations

import secrets
import smtplib
import ssl
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, TextIO

from flask import current_app
from sqlalchemy import and_, or_, select, update

from consultation.config import ConfigError
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications.models import MessageState, OutboxMessage

#: Messages claimed per round: small enough to finish well inside one lease.
BATCH_SIZE = 20

#: The longest wait between two attempts.
MAX_BACKOFF = timedelta(hours=6)

Deliver = Callable[[EmailMessage], None]


@dataclass(frozen=True)
class Claimed:
    """A claimed message, copied out of the session so no transaction stays open while sending."""

    id: int
    recipient: str
    subject: str
    body_text: str
    body_html: str
    headers: dict[str, Any]
    attempts: int


@dataclass
class SendReport:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class TransportUnavailable(Exception):
    """The mail server could not be reached or refused the connection."""


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: doubling, capped."""
    base = current_app.config["NOTIFICATIONS_RETRY_SECONDS"]
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _due(now: datetime):
    return or_(
        and_(OutboxMessage.state == MessageState.QUEUED, OutboxMessage.next_attempt_at <= now),
        # A sender that died mid-batch: its lease ran out, so the rows are free again.
        and_(OutboxMessage.state == MessageState.SENDING, OutboxMessage.lease_until < now),
    )


def claim(limit: int, now: datetime | None = None) -> tuple[str, list[Claimed]]:
    """Atomically claim up to `limit` due messages for this sender; commits."""
    now = now or utcnow()
    claim_id = secrets.token_hex(16)
    lease = timedelta(seconds=current_app.config["NOTIFICATIONS_LEASE_SECONDS"])
    candidates = (
        select(OutboxMessage.id)
        .where(_due(now))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite holds the write lock instead
    )
    # Two statements in one transaction, not UPDATE ... WHERE id IN (SELECT ... LIMIT):
    # PostgreSQL may rescan such a subquery and so claim more than `limit` rows.
    ids = list(db.session.scalars(candidates))
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), _due(now))
            .values(
                state=MessageState.SENDING,
                claimed_by=claim_id,
                lease_until=now + lease,
                attempts=OutboxMessage.attempts + 1,
            ),
            execution_options={"synchronize_session": False},
        )
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.claimed_by == claim_id).order_by(OutboxMessage.id)
    ).all()
    claimed = [
        Claimed(r.id, r.recipient, r.subject, r.body_text, r.body_html, dict(r.headers), r.attempts)
        for r in rows
    ]
    db.session.commit()
    return claim_id, claimed


def build_email(message: Claimed) -> EmailMessage:
    """The MIME message: plain text with an HTML alternative, and the stored headers."""
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(utcnow())
    for name, value in message.headers.items():
        email[name] = value
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    return email


def _finish(claim_id: str, message_id: int, **values: Any) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == claim_id)
        .values(claimed_by=None, lease_until=None, **values),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def _failed(claim_id: str, message: Claimed, error: str, permanent: bool, report: SendReport):
    now = utcnow()
    give_up = permanent or message.attempts >= current_app.config["NOTIFICATIONS_MAX_ATTEMPTS"]
    _finish(
        claim_id,
        message.id,
        state=MessageState.FAILED if give_up else MessageState.QUEUED,
        next_attempt_at=now + backoff(message.attempts),
        last_error=error[:2000],
    )
    if give_up:
        report.failed += 1
    else:
        report.retrying += 1


def _deliver_one(deliver: Deliver, claim_id: str, message: Claimed, report: SendReport) -> None:
    try:
        deliver(build_email(message))
    except smtplib.SMTPRecipientsRefused as refused:
        codes = [code for code, _ in refused.recipients.values()]
        permanent = all(500 <= code < 600 for code in codes)
        _failed(claim_id, message, f"recipient refused: {codes}", permanent, report)
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        raise TransportUnavailable(f"{type(error).__name__}: {error}") from error
    except smtplib.SMTPResponseException as error:
        permanent = 500 <= error.smtp_code < 600
        detail = f"{error.smtp_code} {error.smtp_error!r}"
        _failed(claim_id, message, detail, permanent, report)
    else:
        _finish(claim_id, message.id, state=MessageState.SENT, sent_at=utcnow(), last_error=None)
        report.sent += 1


def _deliver_batch(
    claim_id: str, batch: list[Claimed], report: SendReport, deadline: datetime
) -> None:
    pending = list(batch)
    try:
        with transport() as deliver:
            while pending and utcnow() < deadline:
                _deliver_one(deliver, claim_id, pending[0], report)
                pending.pop(0)
        # A slow server ate the lease: hand the rest back untried before another sender
        # could take them over, so no message goes out twice.
        for message in pending:
            _finish(
                claim_id,
                message.id,
                state=MessageState.QUEUED,
                attempts=message.attempts - 1,
                next_attempt_at=utcnow(),
            )
    except TransportUnavailable as error:
        # Everything not yet sent goes back in the queue, to be tried again later.
        report.errors.append(str(error))
        for message in pending:
            _failed(claim_id, message, f"mail server unavailable: {error}", False, report)


def send_due(limit: int = 1000, now: datetime | None = None) -> SendReport:
    """Send every due message (up to `limit`), a batch at a time, and report what happened."""
    check_configured()
    report = SendReport()
    handled = 0
    while handled < limit:
        claim_id, batch = claim(min(BATCH_SIZE, limit - handled), now)
        if not batch:
            break
        handled += len(batch)
        # Stop sending with a margin before the lease runs out.
        lease = current_app.config["NOTIFICATIONS_LEASE_SECONDS"]
        deadline = utcnow() + timedelta(seconds=lease * 0.8)
        _deliver_batch(claim_id, batch, report, deadline)
        if report.errors:
            break  # the server is down: leave the rest for the next run
    return report


def check_configured() -> None:
    """Raise ConfigError when mail cannot be sent: production needs a MAIL_SERVER."""
    if not current_app.config["MAIL_SERVER"] and current_app.config["PRODUCTION"]:
        raise ConfigError("MAIL_SERVER is not set, so no email can be sent.")


@contextmanager
def transport() -> Iterator[Deliver]:
    """A deliver(message) function for the configured mail server, or the console in development.

    Raises TransportUnavailable when the server cannot be reached, and
    ConfigError when production has no MAIL_SERVER.
    """
    check_configured()
    config = current_app.config
    if not config["MAIL_SERVER"]:
        yield console_deliver()
        return
    try:
        if config["MAIL_USE_SSL"]:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                config["MAIL_SERVER"],
                config["MAIL_PORT"],
                timeout=config["MAIL_TIMEOUT"],
                context=ssl.create_default_context(),
            )
        else:
            connection = smtplib.SMTP(
                config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]
            )
            if config["MAIL_USE_TLS"]:
                connection.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    except (OSError, smtplib.SMTPException) as error:
        raise TransportUnavailable(f"{type(error).__name__}: {error}") from error
    try:
        yield connection.send_message
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def console_deliver(stream: TextIO | None = None) -> Deliver:
    """Development: print each message instead of sending it."""

    def deliver(message: EmailMessage) -> None:
        out = stream or sys.stdout
        out.write("-" * 72 + "\n")
        for name in ("From", "To", "Subject", "List-Unsubscribe"):
            if message[name]:
                out.write(f"{name}: {message[name]}\n")
        body = message.get_body(preferencelist=("plain",))
        out.write("\n" + (body.get_content() if body else "") + "\n")
        out.flush()

    return deliver
