"""Comments: every response, from every channel, is one of these."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultation.auth.models import User
from consultation.consultations.models import Thread
from consultation.database import UTCDateTime, utcnow
from consultation.extensions import db


class CommentStatus(enum.StrEnum):
    """Where a comment stands; one service (comments.services) decides it."""

    PUBLISHED = "published"
    PENDING = "pending"
    REJECTED = "rejected"
    HIDDEN = "hidden"
    WITHDRAWN = "withdrawn"


#: The core's channels; plugins may add more through `comment_channels`.
CORE_CHANNELS: dict[str, str] = {
    "web": "Online",
    "paper": "Received by post",
    "phone": "By phone",
    "event": "At an event",
    "letter": "By letter",
    "email": "By email",
}


class Comment(db.Model):
    """A response in a thread, optionally a reply to another comment (one level)."""

    __tablename__ = "comment"
    __table_args__ = (
        # The thread page: one index range gives a page of top-level comments in
        # time order, and its count without touching the table. parent_id is in
        # it because, without it, SQLite and PostgreSQL both pick the parent_id
        # index for "parent_id IS NULL" and walk most of the table.
        Index("ix_comment_thread_page", "thread_id", "status", "parent_id", "created_at", "id"),
        # The newest change in a thread: reusing a cached count is one lookup here.
        Index("ix_comment_thread_updated", "thread_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    #: The signed-in author, or None for a respondent recorded by staff.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    #: Name of a respondent recorded by staff (offline channel), when given.
    respondent_name: Mapped[str | None] = mapped_column(String(120))
    #: Who typed it in, when that is not the author (assisted-digital staff).
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(32), default="web", index=True)
    #: The ward the response came from, fixed when it was received: the author's
    #: ward for a web comment, the respondent's postcode ward for an offline one.
    #: Reports count by it, and it outlives the account (a ward is not personal data).
    ward_id: Mapped[int | None] = mapped_column(
        ForeignKey("ward.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=CommentStatus.PUBLISHED)
    #: Why it is not published (e.g. the moderation rule or house-rule reason).
    status_reason: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    #: One per rendered form: a double submit finds the first comment again.
    submission_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: When the council received it (differs from created_at for paper, phone …).
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    thread: Mapped[Thread] = relationship(lazy="raise_on_sql")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="raise_on_sql")
    entered_by: Mapped[User | None] = relationship(
        foreign_keys=[entered_by_id], lazy="raise_on_sql"
    )
    parent: Mapped[Comment | None] = relationship(remote_side=[id], lazy="raise_on_sql")

    @property
    def is_published(self) -> bool:
        """True when the public can see it."""
        return self.status == CommentStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.status}>"
