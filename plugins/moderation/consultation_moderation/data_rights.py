"""What moderation holds about a person, for their download, erasure and retention.

Reports (flags) a person made, their appeals, and the decisions about their
comments. Erasure keeps the moderation record (a report still counted, a
decision still stands) but drops the link to the person and their words:
report details and appeal reasons go, and their address and name are
scrubbed from decision snapshots, notes and findings.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from consultation.plugin_api import Comment, Consultation, Scrubber, Thread, User, db
from consultation_moderation.models import (
    ModerationAppeal,
    ModerationDecision,
    ModerationFlag,
    ModerationItem,
)


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _own_comment_ids(user: User) -> select:
    return select(Comment.id).where(Comment.author_id == user.id)


def personal_data(user: User) -> dict[str, Any] | None:
    """The person's reports, appeals, and the decisions about their comments."""
    flags = db.session.scalars(
        select(ModerationFlag)
        .where(ModerationFlag.user_id == user.id)
        .order_by(ModerationFlag.created_at, ModerationFlag.id)
    ).all()
    appeals = db.session.scalars(
        select(ModerationAppeal)
        .where(ModerationAppeal.author_id == user.id)
        .order_by(ModerationAppeal.requested_at)
    ).all()
    decisions = db.session.scalars(
        select(ModerationDecision)
        .where(ModerationDecision.comment_id.in_(_own_comment_ids(user)))
        .order_by(ModerationDecision.decided_at, ModerationDecision.id)
    ).all()
    if not (flags or appeals or decisions):
        return None
    return {
        "reports_you_made": [
            {
                "comment_id": f.comment_id,
                "reason": f.reason,
                "details": f.details,
                "made_at": _iso(f.created_at),
                "resolved_at": _iso(f.resolved_at),
            }
            for f in flags
        ],
        "your_appeals": [
            {
                "comment_id": a.comment_id,
                "reason": a.reason,
                "requested_at": _iso(a.requested_at),
                "decided_at": _iso(a.decided_at),
                "result": a.result,
            }
            for a in appeals
        ],
        "decisions_on_your_comments": [
            {
                "comment_id": d.comment_id,
                "action": d.action,
                "reason": d.reason,
                "note_to_you": d.note,
                "old_status": d.old_status,
                "new_status": d.new_status,
                "appeal": d.appeal,
                "decided_at": _iso(d.decided_at),
                "comment_text_then": d.comment_text,
            }
            for d in decisions
        ],
    }


def erase_personal_data(user: User) -> None:
    """Unlink the person's reports and appeals; scrub their words about and in their comments."""
    scrubber = Scrubber(user.email, user.display_name)
    db.session.execute(
        update(ModerationFlag)
        .where(ModerationFlag.user_id == user.id)
        .values(user_id=None, details=None),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(ModerationAppeal)
        .where(ModerationAppeal.author_id == user.id)
        .values(author_id=None, reason=""),
        execution_options={"synchronize_session": False},
    )
    own = _own_comment_ids(user)
    for decision in db.session.scalars(
        select(ModerationDecision).where(
            ModerationDecision.comment_id.in_(own)
            | scrubber.matches(ModerationDecision.comment_text, ModerationDecision.note)
        )
    ):
        decision.comment_text = scrubber.text(decision.comment_text) or ""
        decision.note = scrubber.text(decision.note)
        if decision.actor_id == user.id:
            decision.actor_id = None
    for item in db.session.scalars(
        select(ModerationItem).where(
            ModerationItem.comment_id.in_(own)
            | scrubber.matches(json_columns=(ModerationItem.findings,))
        )
    ):
        item.findings = scrubber.value(item.findings or [])
    # Text other residents typed when reporting might name the person too.
    for flag in db.session.scalars(
        select(ModerationFlag).where(scrubber.matches(ModerationFlag.details))
    ):
        flag.details = scrubber.text(flag.details)


def anonymise_consultation(consultation: Consultation) -> int:
    """Unlink reports on the consultation's comments from their reporters; count those changed."""
    in_consultation = (
        select(Comment.id)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Thread.consultation_id == consultation.id)
    )
    return (
        db.session.execute(
            update(ModerationFlag)
            .where(
                ModerationFlag.comment_id.in_(in_consultation),
                ModerationFlag.user_id.is_not(None) | ModerationFlag.details.is_not(None),
            )
            .values(user_id=None, details=None),
            execution_options={"synchronize_session": False},
        ).rowcount
        or 0
    )
