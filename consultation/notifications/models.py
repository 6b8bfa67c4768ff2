"""The outbox, people's choices of what they hear about, digest entries and email tokens."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db


class MessageState(enum.StrEnum):
    """Where an outbox message is on its way to the recipient."""

    QUEUED = "queued"
    SENDING = "sending"  #: claimed by one sender until its lease runs out
    SENT = "sent"
    FAILED = "failed"  #: gave up after the last attempt; an admin may retry it


class Mode(enum.StrEnum):
    """How a person wants to hear about one kind of message."""

    OFF = "off"
    IMMEDIATE = "immediate"
    DAILY = "daily"


class OutboxMessage(db.Model):
    """One email, complete and ready to send, waiting in (or delivered from) the outbox."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        # The sender's claim query: due queued rows, and sending rows whose lease ran out.
        Index("ix_outbox_message_state_next_attempt", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    #: The person it is for, when it is for an account (None once the account is erased).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(80), index=True)
    subject: Mapped[str] = mapped_column(String(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    #: Extra headers, e.g. List-Unsubscribe; From, To, Subject and Message-ID are added on send.
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default=MessageState.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The claim of the sender now delivering it, and until when that claim holds.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Makes enqueueing idempotent: an event that fires twice stores one message.
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.state}>"


class NotificationPreference(db.Model):
    """A person's choice for one kind; without a row, the kind's default applies."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(80))
    mode: Mapped[str] = mapped_column(String(16), default=Mode.IMMEDIATE)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DigestEntry(db.Model):
    """One event waiting for the person's daily summary email."""

    __tablename__ = "digest_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(80))
    #: The event as it would have been emailed on its own, so the summary says the same.
    subject: Mapped[str] = mapped_column(String(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: The summary message that carried it; None while it waits.
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="SET NULL"), index=True
    )
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)


class TokenPurpose(enum.StrEnum):
    """What an emailed link lets its holder do."""

    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105  (a purpose name, not a password)


class EmailToken(db.Model):
    """A single-use, time-limited link sent by email.

    Only a SHA-256 hash of the token is stored, so a copy of the database
    does not hand out working links; `used_at` is set by one atomic UPDATE,
    so two clicks at once cannot both use it.
    """

    __tablename__ = "email_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    #: The address the link was sent to: it proves only that address.
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
