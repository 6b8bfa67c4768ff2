"""Public pages: the house rules, and a consultation's moderation summary."""

from __future__ import annotations

from flask import render_template

from consultation.plugin_api import public_consultation
from consultation_moderation import summary
from consultation_moderation.house_rules import FLAG_REASONS, HOUSE_RULES, reason_label
from consultation_moderation.views import bp


@bp.get("/house-rules")
def house_rules():
    """The house rules every comment must keep, and how moderation works."""
    return render_template(
        "moderation/house_rules.html", rules=HOUSE_RULES, flag_reasons=FLAG_REASONS
    )


@bp.get("/consultations/<slug>/summary")
def consultation_summary(slug: str):
    """Counts of held, rejected and hidden comments by reason, and the median wait."""
    consultation = public_consultation(slug)
    return render_template(
        "moderation/summary.html",
        consultation=consultation,
        summary=summary.consultation_summary(consultation),
        label=reason_label,
        duration=summary.duration_words,
    )
