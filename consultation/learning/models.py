"""One evaluation per consultation, written after its outcome is published."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultation.consultations.models import Consultation
from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db


class Reach(enum.StrEnum):
    """How far the consultation reached the groups it set out to reach."""

    EXCEEDED = "exceeded"
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"


class Evaluation(db.Model):
    """What worked and what did not: reach, channels, cost, lessons and tags.

    One per consultation: saving again updates it (a double submit stores one).
    """

    __tablename__ = "learning_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), unique=True
    )
    #: Who the consultation set out to reach (e.g. "young people, bus users").
    target_groups: Mapped[str] = mapped_column(Text)
    reach: Mapped[str] = mapped_column(String(16))
    reach_notes: Mapped[str] = mapped_column(Text, default="")
    #: Channel codes that worked well (the core's and plugins').
    channels_worked: Mapped[list[str]] = mapped_column(JSON, default=list)
    channel_notes: Mapped[str] = mapped_column(Text, default="")
    #: The whole consultation's cost in pence, as the officer put it; None when not known.
    cost_pence: Mapped[int | None] = mapped_column(Integer)
    went_well: Mapped[str] = mapped_column(Text)
    would_change: Mapped[str] = mapped_column(Text)
    #: Lower-case tags separated by ", " (e.g. "libraries, young people").
    tags: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation] = relationship(lazy="joined")

    @property
    def tag_list(self) -> list[str]:
        """The tags as a list."""
        return [t for t in self.tags.split(", ") if t]

    def __repr__(self) -> str:
        return f"<Evaluation {self.consultation_id}>"
