"""The published outcome of a consultation: what was decided, by whom, when.

An outcome is written while the consultation runs or after it closes, and
published once it has closed. Its points ("you said, we did") link to the
threads and comments they answer, so a resident can follow a comment to the
decision and back. Each publication stores a version; earlier versions stay
visible as the change history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultation.comments.models import Comment
from consultation.consultations.models import Thread
from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db

outcome_point_thread = Table(
    "outcome_point_thread",
    db.metadata,
    Column("point_id", ForeignKey("outcome_point.id", ondelete="CASCADE"), primary_key=True),
    Column("thread_id", ForeignKey("thread.id", ondelete="CASCADE"), primary_key=True),
)

outcome_point_comment = Table(
    "outcome_point_comment",
    db.metadata,
    Column("point_id", ForeignKey("outcome_point.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "comment_id", ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Outcome(db.Model):
    """ "You said, we did": the decision a consultation fed."""

    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), unique=True
    )
    we_asked: Mapped[str] = mapped_column(Text, default="")
    you_said: Mapped[str] = mapped_column(Text, default="")
    we_did: Mapped[str] = mapped_column(Text, default="")
    #: Sanitised HTML of the three texts above, rendered once on save.
    we_asked_html: Mapped[str] = mapped_column(Text, default="")
    you_said_html: Mapped[str] = mapped_column(Text, default="")
    we_did_html: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    decision_maker: Mapped[str] = mapped_column(String(120), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    decision_url: Mapped[str | None] = mapped_column(String(500))
    #: First publication; None while the outcome is a draft only officers see.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    points: Mapped[list[OutcomePoint]] = relationship(
        back_populates="outcome",
        order_by="OutcomePoint.position, OutcomePoint.id",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    versions: Mapped[list[OutcomeVersion]] = relationship(
        order_by="OutcomeVersion.number", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_published(self) -> bool:
        """True once residents can see it."""
        return self.published_at is not None


class OutcomePoint(db.Model):
    """One "you said, we did" point, linked to the threads and comments it answers."""

    __tablename__ = "outcome_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(
        ForeignKey("outcome.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: The officer's Markdown and its sanitised HTML.
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: The add-point form's one-time token, so a double submit adds one point.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    outcome: Mapped[Outcome] = relationship(back_populates="points")
    threads: Mapped[list[Thread]] = relationship(
        secondary=outcome_point_thread, order_by="Thread.position", lazy="selectin"
    )
    comments: Mapped[list[Comment]] = relationship(
        secondary=outcome_point_comment, order_by="Comment.id", lazy="selectin"
    )


class OutcomeVersion(db.Model):
    """The outcome as published at one moment; every version but the last is history."""

    __tablename__ = "outcome_version"
    __table_args__ = (UniqueConstraint("outcome_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    #: Sanitised HTML and plain fields as residents saw them (see outcomes.services.snapshot).
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: What changed since the previous version, in the officer's words; None for the first.
    change_note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
