"""The moderation summary in the decision report: what moderators did, and what still waits.

The same counts residents see on the public summary (no one is named), plus
how many comments still wait for a moderator: they are counted in the
report as responses, and members should know they are not yet public.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from consultation.plugin_api import Consultation, ReportSection, db, render_fragment
from consultation_moderation.house_rules import reason_label
from consultation_moderation.models import ItemState, ModerationItem
from consultation_moderation.summary import consultation_summary, duration_words


def waiting(consultation: Consultation) -> int:
    """Comments of the consultation waiting for a moderator now."""
    return (
        db.session.scalar(
            select(func.count(ModerationItem.id)).where(
                ModerationItem.consultation_id == consultation.id,
                ModerationItem.state == ItemState.WAITING,
            )
        )
        or 0
    )


def sections(consultation: Consultation) -> list[ReportSection]:
    """One section: decisions, waits, appeals, and held/rejected/hidden comments by reason."""
    summary = consultation_summary(consultation)
    still_waiting = waiting(consultation)
    return [
        ReportSection(
            "moderation_summary",
            str(_l("Moderation")),
            render_fragment(
                "moderation/_report.html",
                summary=summary,
                waiting=still_waiting,
                label=reason_label,
                duration=duration_words,
            ),
            data={
                "decisions": summary.decisions,
                "median_seconds": summary.median_seconds,
                "appeals": summary.appeals,
                "appeals_upheld": summary.appeals_upheld,
                "held": summary.held,
                "rejected": summary.rejected,
                "hidden": summary.hidden,
                "waiting": still_waiting,
            },
        )
    ]
