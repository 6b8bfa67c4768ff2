"""The published outcome of a consultation: what was decided, by whom, when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db


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
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
