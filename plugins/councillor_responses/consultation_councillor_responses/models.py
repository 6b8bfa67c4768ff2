"""The plugin's tables; every name starts with `councillor_responses_`."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultation.plugin_api import User, UTCDateTime, Ward, db, utcnow


class RequestStatus(enum.StrEnum):
    """Where a request for a councillor response stands."""

    AWAITING = "awaiting"
    ANSWERED = "answered"
    #: Passed to the consultation's officer (by the councillor, or no ward could be found).
    REFERRED = "referred"
    DECLINED = "declined"


class Origin(enum.StrEnum):
    """Who or what asked for the response."""

    CONSULTATION = "consultation"  #: "ward councillors respond to each thread"
    THREAD = "thread"  #: an officer asked on one thread
    COMMENT = "comment"  #: an officer asked on one comment
    NAMED = "named"  #: an officer named the councillors
    ROUTED = "routed"  #: a resident's comment went to their ward councillors


class PassOn(enum.StrEnum):
    """Why a councillor passed a request on (or an officer moved it)."""

    NOT_MY_WARD = "not_my_ward"
    REFERRED = "referred"
    DECLINED = "declined"
    REASSIGNED = "reassigned"  #: an officer gave it to another ward or councillor


class Councillor(db.Model):
    """What the plugin knows about a councillor beyond the core account.

    While a councillor has no row here, the ward on their account is the one
    they represent; once an officer sets their wards, the ward rows decide.
    """

    __tablename__ = "councillor_responses_councillor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    committees: Mapped[str] = mapped_column(Text, default="")
    portfolio: Mapped[str] = mapped_column(String(200), default="")
    term_starts: Mapped[date | None] = mapped_column(Date)
    term_ends: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class CouncillorWard(db.Model):
    """One ward one councillor represents (a councillor may represent several)."""

    __tablename__ = "councillor_responses_councillor_ward"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("councillor_responses_councillor.user_id", ondelete="CASCADE"),
        primary_key=True,
    )
    ward_id: Mapped[int] = mapped_column(
        ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ConsultationRule(db.Model):
    """An officer's choice for a whole consultation: ward councillors respond to each thread."""

    __tablename__ = "councillor_responses_consultation_rule"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True
    )
    ward_councillors: Mapped[bool] = mapped_column(Boolean, default=False)


class ThreadRule(db.Model):
    """An officer's choice for one thread: residents' comments go to their ward councillors."""

    __tablename__ = "councillor_responses_thread_rule"

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("thread.id", ondelete="CASCADE"), primary_key=True
    )
    route_comments: Mapped[bool] = mapped_column(Boolean, default=False)


class ResponseRequest(db.Model):
    """A thread or a comment that needs a reply from a councillor, by a due date.

    It is for one named councillor (`councillor_id`), or for whichever
    councillor of `ward_id` answers first. The due date is not stored: it is
    worked out from `requested_on` and `working_days`, so a pre-election
    period set later still suspends it.
    """

    __tablename__ = "councillor_responses_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id", ondelete="CASCADE"), index=True)
    #: The resident's comment to answer; None when the whole thread needs a response.
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    ward_id: Mapped[int | None] = mapped_column(
        ForeignKey("ward.id", ondelete="SET NULL"), index=True
    )
    councillor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    origin: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.AWAITING, index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The UK date the request was made; due dates count working days from here.
    requested_on: Mapped[date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: The councillor's reply (a comment); set while it awaits moderation, too.
    reply_comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="SET NULL")
    )
    #: When it was referred to an officer or declined.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the consultation's officer was told it is long overdue.
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: What was asked, once: asking again (a double submit, a rule applied twice) finds this.
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True)

    ward: Mapped[Ward | None] = relationship(lazy="joined")
    councillor: Mapped[User | None] = relationship(foreign_keys=[councillor_id], lazy="joined")
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id], lazy="joined")

    @property
    def is_open(self) -> bool:
        """True while it waits for a councillor."""
        return self.status == RequestStatus.AWAITING


class Handover(db.Model):
    """A request passed on by a councillor, or moved by an officer, and why."""

    __tablename__ = "councillor_responses_handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("councillor_responses_request.id", ondelete="CASCADE"), index=True
    )
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    to_ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id", ondelete="SET NULL"))
    to_councillor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    request: Mapped[ResponseRequest] = relationship(lazy="joined")


class Reminder(db.Model):
    """One reminder or escalation about one request, to one person, on one day.

    The unique key is the promise: never twice for the same item on the same day.
    """

    __tablename__ = "councillor_responses_reminder"
    __table_args__ = (UniqueConstraint("request_id", "user_id", "kind", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("councillor_responses_request.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    #: "digest" (to a councillor) or "escalation" (to an officer).
    kind: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PreElectionPeriod(db.Model):
    """Dates (inclusive, UK) when councillors' replies carry a notice or are paused."""

    __tablename__ = "councillor_responses_pre_election_period"
    __table_args__ = (UniqueConstraint("starts_on", "ends_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def covers(self, day: date) -> bool:
        """True when `day` falls in the period."""
        return self.starts_on <= day <= self.ends_on
