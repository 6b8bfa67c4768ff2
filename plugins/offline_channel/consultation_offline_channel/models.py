"""The plugin's tables: respondents' details (never public), answers, postcodes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.plugin_api import UTCDateTime, db, utcnow


class OfflineResponse(db.Model):
    """One response received offline: who sent it, how, when; personal data stays here."""

    __tablename__ = "offline_channel_response"
    __table_args__ = (
        # A paper reference identifies one form within a consultation: re-importing adds nothing.
        UniqueConstraint("consultation_id", "paper_reference"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    #: One per rendered entry form (or import row): a double submit stores one response.
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(32))
    received_on: Mapped[date] = mapped_column(Date)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    #: Received after the closing date: stored and counted, but flagged.
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    respondent_name: Mapped[str | None] = mapped_column(String(120))
    contact: Mapped[str | None] = mapped_column(Text)
    wants_reply: Mapped[bool] = mapped_column(Boolean, default=False)
    postcode: Mapped[str | None] = mapped_column(String(10))
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id", ondelete="SET NULL"))
    #: The organisation the respondent speaks for, when not responding as an individual.
    organisation: Mapped[str | None] = mapped_column(String(200))
    privacy_notice_given: Mapped[bool] = mapped_column(Boolean, default=False)
    offline_reason: Mapped[str | None] = mapped_column(String(20))
    paper_reference: Mapped[str | None] = mapped_column(String(40))


class OfflineAnswer(db.Model):
    """The comment an offline response became on one question."""

    __tablename__ = "offline_channel_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("offline_channel_response.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), unique=True
    )
    thread_id: Mapped[int] = mapped_column(Integer)


class OfflinePostcode(db.Model):
    """The council's postcode-to-ward table, loaded by `flask offline load-postcodes`."""

    __tablename__ = "offline_channel_postcode"

    postcode: Mapped[str] = mapped_column(String(10), primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"))


class OfflineBatch(db.Model):
    """An event or a post bag: responses entered together, counted against what was expected."""

    __tablename__ = "offline_channel_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    received_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str] = mapped_column(String(32))
    expected: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: Why it was closed with fewer or more responses than expected.
    close_reason: Mapped[str | None] = mapped_column(Text)


class OfflineBatchEntry(db.Model):
    """A response entered as part of a batch."""

    __tablename__ = "offline_channel_batch_entry"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("offline_channel_response.id", ondelete="CASCADE"), primary_key=True
    )
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("offline_channel_batch.id", ondelete="CASCADE"), index=True
    )


class OfflineEquality(db.Model):
    """Optional equality-monitoring answers of one offline response: special-category data.

    Kept apart from the response on purpose: no page shows a row of this table;
    only aggregates of at least the minimum group size leave it (equality.py).
    """

    __tablename__ = "offline_channel_equality"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("offline_channel_response.id", ondelete="CASCADE"), primary_key=True
    )
    #: Repeated from the response so aggregates need no join through personal details.
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    age_band: Mapped[str | None] = mapped_column(String(20))
    sex: Mapped[str | None] = mapped_column(String(20))
    disability: Mapped[str | None] = mapped_column(String(20))
    ethnic_group: Mapped[str | None] = mapped_column(String(20))


class OfflineCorrection(db.Model):
    """One correction of an offline response by staff: what it said before, who changed it.

    The original values are kept here, so the history of an entry can always be
    read back; `before` and `after` hold only the fields that changed.
    """

    __tablename__ = "offline_channel_correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("offline_channel_response.id", ondelete="CASCADE"), index=True
    )
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    corrected_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(Text)
    before: Mapped[dict] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)
