"""Consultations and the threads (questions) inside them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultation.auth.models import Ward
from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db


class Lifecycle(enum.StrEnum):
    """Where a consultation is: draft → scheduled → open → closed → outcome published."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    OUTCOME_PUBLISHED = "outcome_published"


consultation_ward = Table(
    "consultation_ward",
    db.metadata,
    Column("consultation_id", ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True),
    Column("ward_id", ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True),
)


class Consultation(db.Model):
    """A public consultation: the proposal, its dates and the decision it feeds."""

    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    #: The officer's Markdown as typed, and the sanitised HTML rendered from it.
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: The stored lifecycle step; `state` combines it with the clock.
    status: Mapped[str] = mapped_column(String(32), default=Lifecycle.DRAFT, index=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    closed_early_reason: Mapped[str | None] = mapped_column(Text)
    whole_area: Mapped[bool] = mapped_column(Boolean, default=True)
    decision_maker: Mapped[str] = mapped_column(String(120), default="")
    decision_due: Mapped[date | None] = mapped_column(Date)
    owning_team: Mapped[str] = mapped_column(String(40), default="engagement")
    contacts: Mapped[str] = mapped_column(Text, default="")
    allow_resident_threads: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The create form's one-time token: a double submit finds this draft instead of a second one.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    wards: Mapped[list[Ward]] = relationship(secondary=consultation_ward, lazy="selectin")
    threads: Mapped[list[Thread]] = relationship(
        back_populates="consultation", order_by="Thread.position", cascade="all, delete-orphan"
    )

    def state(self, now: datetime | None = None) -> Lifecycle:
        """The lifecycle step as of `now`: opening and closing follow the server clock."""
        now = now or utcnow()
        status = Lifecycle(self.status)
        if status is Lifecycle.SCHEDULED and self.opens_at and self.opens_at <= now:
            status = Lifecycle.OPEN
        if status is Lifecycle.OPEN and self.closes_at and self.closes_at <= now:
            status = Lifecycle.CLOSED
        return status

    def is_open(self, now: datetime | None = None) -> bool:
        """True while residents may respond."""
        return self.state(now) is Lifecycle.OPEN

    def __repr__(self) -> str:
        return f"<Consultation {self.slug}>"


class Thread(db.Model):
    """A question or discussion inside a consultation."""

    __tablename__ = "thread"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    #: The question as the officer wrote it (Markdown) and its sanitised HTML.
    prompt: Mapped[str] = mapped_column(Text, default="")
    prompt_html: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: A retired thread takes no new comments but keeps and shows the ones it has.
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The add-question form's one-time token, so a double submit adds one question.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="threads")

    def __repr__(self) -> str:
        return f"<Thread {self.id}>"


class ClosingDateChange(db.Model):
    """A closing date moved after opening (an extension), with the reason residents see."""

    __tablename__ = "closing_date_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    previous_closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    new_closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Shown publicly on the consultation page.
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<ClosingDateChange {self.consultation_id} {self.new_closes_at:%Y-%m-%d}>"
