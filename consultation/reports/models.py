"""The decision report's tables: representative comments, channel costs, final versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db


class RepresentativeComment(db.Model):
    """A comment an officer marked as representative, for the report's selection."""

    __tablename__ = "report_representative_comment"
    __table_args__ = (UniqueConstraint("consultation_id", "comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    marked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Why the officer chose it (shown in the report).
    note: Mapped[str] = mapped_column(Text, default="")


class ChannelCost(db.Model):
    """What reaching people through one channel cost, for one consultation.

    Money is in whole pence and staff time in hundredths of an hour, so every
    sum is exact integer arithmetic.
    """

    __tablename__ = "report_channel_cost"
    __table_args__ = (UniqueConstraint("consultation_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    staff_hours_hundredths: Mapped[int] = mapped_column(Integer, default=0)
    hourly_rate_pence: Mapped[int] = mapped_column(Integer, default=0)
    printing_pence: Mapped[int] = mapped_column(Integer, default=0)
    venue_pence: Mapped[int] = mapped_column(Integer, default=0)
    other_pence: Mapped[int] = mapped_column(Integer, default=0)
    other_note: Mapped[str] = mapped_column(String(200), default="")
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def staff_pence(self) -> int:
        """Staff time × hourly rate, rounded half up to the penny."""
        return (self.staff_hours_hundredths * self.hourly_rate_pence + 50) // 100

    @property
    def total_pence(self) -> int:
        """Everything this channel cost."""
        return self.staff_pence + self.printing_pence + self.venue_pence + self.other_pence


class FinalReport(db.Model):
    """A frozen copy of the report as it was marked final: served unchanged from then on."""

    __tablename__ = "report_final_version"
    __table_args__ = (UniqueConstraint("consultation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    #: The report's body as rendered when finalised (already escaped and sanitised).
    html: Mapped[str] = mapped_column(Text)
    #: The figures behind it, for machines and for checking.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    finalised_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    finalised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
