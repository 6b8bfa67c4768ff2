"""A consultation's public moderation summary: counts and times, no personal data."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from sqlalchemy import func, select

from consultation.plugin_api import Consultation, db
from consultation_moderation.models import ModerationAppeal, ModerationDecision, ModerationItem

#: Decisions made by a moderator (the others are automatic or the author's).
MODERATOR_ACTIONS = ("approved", "rejected", "hidden", "restored")


@dataclass(frozen=True)
class Summary:
    """What the public sees about moderation in one consultation."""

    #: reason code → number of comments, for each kind of event.
    held: dict[str, int]
    rejected: dict[str, int]
    hidden: dict[str, int]
    decisions: int
    median_seconds: float | None
    appeals: int
    appeals_upheld: int

    @property
    def held_total(self) -> int:
        """Comments held at least once."""
        return sum(self.held.values())


def _by_reason(consultation_id: int, actions: tuple[str, ...]) -> dict[str, int]:
    """Comments (each counted once per reason) that had one of `actions`, by reason."""
    query = (
        select(ModerationDecision.reason, func.count(func.distinct(ModerationDecision.comment_id)))
        .where(
            ModerationDecision.consultation_id == consultation_id,
            ModerationDecision.action.in_(actions),
        )
        .group_by(ModerationDecision.reason)
        .order_by(ModerationDecision.reason)
    )
    return {reason or "": count for reason, count in db.session.execute(query)}


def consultation_summary(consultation: Consultation) -> Summary:
    """Comments held, rejected and hidden by reason, and the median wait for a decision."""
    waits = list(
        db.session.scalars(
            select(ModerationDecision.waited_seconds).where(
                ModerationDecision.consultation_id == consultation.id,
                ModerationDecision.action.in_(MODERATOR_ACTIONS),
                ModerationDecision.waited_seconds.is_not(None),
            )
        )
    )
    appeals = db.session.execute(
        select(ModerationAppeal.result, func.count(ModerationAppeal.id))
        .join(ModerationItem, ModerationItem.comment_id == ModerationAppeal.comment_id)
        .where(ModerationItem.consultation_id == consultation.id)
        .group_by(ModerationAppeal.result)
    ).all()
    decisions = db.session.scalar(
        select(func.count(ModerationDecision.id)).where(
            ModerationDecision.consultation_id == consultation.id,
            ModerationDecision.action.in_(MODERATOR_ACTIONS),
        )
    )
    return Summary(
        held=_by_reason(consultation.id, ("held",)),
        rejected=_by_reason(consultation.id, ("rejected",)),
        hidden=_by_reason(consultation.id, ("hidden", "hidden_by_flags")),
        decisions=decisions or 0,
        median_seconds=statistics.median(waits) if waits else None,
        appeals=sum(count for _result, count in appeals),
        appeals_upheld=sum(count for result, count in appeals if result == "upheld"),
    )


def duration_words(seconds: float | None) -> str:
    """A wait in plain words: '3 hours 20 minutes', '2 days 4 hours', 'under a minute'."""
    from flask_babel import gettext as _
    from flask_babel import ngettext

    if seconds is None:
        return ""
    minutes = int(seconds // 60)
    if minutes < 1:
        return _("under a minute")
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(num)d day", "%(num)d days", days))
    if hours:
        parts.append(ngettext("%(num)d hour", "%(num)d hours", hours))
    if minutes and not days:
        parts.append(ngettext("%(num)d minute", "%(num)d minutes", minutes))
    return " ".join(parts)
