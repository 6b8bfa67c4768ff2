"""The plugin's tables, each named "moderation_…". Nothing here is ever deleted."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultation.plugin_api import Comment, User, UTCDateTime, db, utcnow


class Mode(enum.StrEnum):
    """How a consultation is moderated."""

    #: Comments are published at once (unless an automatic check holds them); flags follow.
    POST = "post"
    #: Every comment waits for a moderator.
    PRE = "pre"


class ItemState(enum.StrEnum):
    """Whether a queue item waits for a moderator."""

    WAITING = "waiting"
    DECIDED = "decided"


class Cause(enum.StrEnum):
    """What brought a comment to the queue (most recently)."""

    HELD = "held"  #: an automatic check, or pre-moderation
    FLAGGED = "flagged"  #: residents reported it
    RESUBMITTED = "resubmitted"  #: its author edited it after a rejection
    APPEAL = "appeal"  #: its author asked for a review by another moderator
    MODERATOR = "moderator"  #: a moderator acted on it without it being in the queue


class ModerationItem(db.Model):
    """A comment's place in the moderation queue: one per comment, reused each time it returns.

    `version` goes up on every change, so a decision is made with the version
    the moderator saw (a conditional UPDATE): of two moderators acting at
    once, only the first changes anything.
    """

    __tablename__ = "moderation_item"
    __table_args__ = (
        # The queue: waiting items, oldest first (also the count and the oldest's age).
        Index("ix_moderation_item_queue", "state", "entered_at", "id"),
        Index("ix_moderation_item_consultation_queue", "consultation_id", "state", "entered_at"),
        Index("ix_moderation_item_rule_queue", "rule", "state", "entered_at"),
        Index("ix_moderation_item_decided", "state", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), unique=True
    )
    #: Copied from the comment's thread, so the queue filters without a join.
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16), default=ItemState.WAITING)
    cause: Mapped[str] = mapped_column(String(16))
    #: The automatic rule that held it (`checks.RULES`), or None.
    rule: Mapped[str | None] = mapped_column(String(32))
    #: Every automatic finding: [{"rule": …, "detail": …}], shown to moderators.
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: When it last started waiting: the queue's order and the time target's clock.
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    last_action: Mapped[str | None] = mapped_column(String(16))
    #: During an appeal: the moderator who made the decision under appeal may not decide it.
    excluded_moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: When moderators were emailed that this item passed the time target (once per wait).
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    comment: Mapped[Comment] = relationship(lazy="raise_on_sql")
    decided_by: Mapped[User | None] = relationship(
        foreign_keys=[decided_by_id], lazy="raise_on_sql"
    )


class ModerationDecision(db.Model):
    """Everything that happened to a comment in moderation: who, when, what, why, note.

    Moderators' decisions, and the events around them (an automatic hold,
    hiding after flags, a resubmission, an appeal). `comment_text` keeps the
    words as they were when the decision was made, so an edit never erases
    what a moderator saw.
    """

    __tablename__ = "moderation_decision"
    __table_args__ = (Index("ix_moderation_decision_summary", "consultation_id", "action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_item.id", ondelete="CASCADE"))
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    #: held, hidden_by_flags, approved, rejected, hidden, restored, resubmitted, appealed
    action: Mapped[str] = mapped_column(String(20))
    #: Who: a moderator, the comment's author (resubmitted, appealed) or None (automatic).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: A house rule (rejected, hidden), an automatic rule (held) or "flags".
    reason: Mapped[str | None] = mapped_column(String(40))
    #: The moderator's note to the author, as typed.
    note: Mapped[str | None] = mapped_column(Text)
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    #: Seconds the item had waited when a moderator decided (for the median on the summary).
    waited_seconds: Mapped[int | None] = mapped_column(Integer)
    #: True when this decision settled an appeal.
    appeal: Mapped[bool] = mapped_column(Boolean, default=False)
    comment_text: Mapped[str] = mapped_column(Text)

    item: Mapped[ModerationItem] = relationship(lazy="raise_on_sql")
    comment: Mapped[Comment] = relationship(lazy="raise_on_sql")
    actor: Mapped[User | None] = relationship(lazy="raise_on_sql")


class ModerationFlag(db.Model):
    """A resident's report of a comment: one per person per comment."""

    __tablename__ = "moderation_flag"
    __table_args__ = (
        UniqueConstraint("comment_id", "user_id"),
        Index("ix_moderation_flag_open", "comment_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    #: One of `house_rules.FLAG_REASONS`.
    reason: Mapped[str] = mapped_column(String(32))
    #: Required for "other"; plain text as typed.
    details: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Set when a moderator decides the item the flag brought (it no longer counts).
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ModerationAppeal(db.Model):
    """An author's one request for a review of a decision by a different moderator."""

    __tablename__ = "moderation_appeal"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Unique: one appeal per comment, ever.
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), unique=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: Why the author asks, as typed.
    reason: Mapped[str] = mapped_column(Text)
    #: The moderator whose decision is appealed: someone else must decide.
    first_moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: "upheld" (the comment was published) or "dismissed".
    result: Mapped[str | None] = mapped_column(String(16))


class ModerationTerm(db.Model):
    """A word or phrase on the officers' list: a comment containing it is held."""

    __tablename__ = "moderation_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: As the officer typed it (shown on the list and on queue items).
    phrase: Mapped[str] = mapped_column(String(100))
    #: The phrase folded for matching; unique among terms in use.
    folded: Mapped[str] = mapped_column(String(100), index=True)
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Removed terms stay, for the audit; they no longer hold comments.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class ModerationMode(db.Model):
    """An officer's choice of mode for one consultation, overriding the site default."""

    __tablename__ = "moderation_mode"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True
    )
    mode: Mapped[str] = mapped_column(String(8))
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
