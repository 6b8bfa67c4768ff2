"""Channel mix: how responses reached the council, and why people responded offline."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from consultation.plugin_api import Comment, CommentStatus, Consultation, Thread, db
from consultation_offline_channel.models import OfflineResponse
from consultation_offline_channel.services import REASONS


@dataclass(frozen=True)
class Share:
    """One line of the mix: a code, its count and its share of the total (in per cent)."""

    code: str
    count: int
    percent: int


def _shares(counts: dict[str, int]) -> list[Share]:
    total = sum(counts.values())
    return [
        Share(code, n, round(100 * n / total) if total else 0)
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def by_channel(consultation: Consultation) -> list[Share]:
    """Top-level comments that count (published or awaiting moderation), by channel."""
    rows = db.session.execute(
        db.select(Comment.channel, db.func.count(Comment.id))
        .join(Thread, Thread.id == Comment.thread_id)
        .where(
            Thread.consultation_id == consultation.id,
            Comment.parent_id.is_(None),
            Comment.status.in_((CommentStatus.PUBLISHED, CommentStatus.PENDING)),
        )
        .group_by(Comment.channel)
    ).all()
    return _shares({str(channel): int(count) for channel, count in rows})


def by_reason(consultation: Consultation) -> list[Share]:
    """Offline responses by the reason given for responding offline ("not given" too)."""
    rows = db.session.execute(
        db.select(OfflineResponse.offline_reason, db.func.count(OfflineResponse.id))
        .where(OfflineResponse.consultation_id == consultation.id)
        .group_by(OfflineResponse.offline_reason)
    ).all()
    return _shares({reason or "not_given": count for reason, count in rows})


def reason_label(code: str) -> str:
    """A reason's label, for the page and the report."""
    return str(REASONS[code]) if code in REASONS else _("Not given")
