"""The plugin's pages, under /moderation/: one blueprint, a module per audience."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from consultation_moderation.checks import warm_up_in_background
from consultation_moderation.house_rules import (
    CHECK_LABELS,
    action_label,
    flag_label,
    reason_label,
)
from consultation_moderation.summary import duration_words

# Named after the package, so templates/ beside plugin.py is the blueprint's folder.
bp = Blueprint(
    "moderation", "consultation_moderation", url_prefix="/moderation", template_folder="templates"
)


@bp.before_app_request
def _warm_classifier() -> None:
    """On a worker's first request, start loading the classifier so no comment waits for it."""
    warm_up_in_background()


@bp.context_processor
def _helpers() -> dict[str, Any]:
    """Labels and durations every moderation page uses."""
    return {
        "label": reason_label,
        "flag_label": flag_label,
        "action_label": action_label,
        "duration": duration_words,
        "check_labels": CHECK_LABELS,
    }


# The route modules add their routes to `bp` when imported.
from consultation_moderation.views import moderators, officers, public, residents  # noqa: E402, F401
