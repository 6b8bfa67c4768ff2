"""The officer console's blueprint; its views live in consultation.officer.views."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

bp = Blueprint("officer", __name__, url_prefix="/officer", template_folder="templates")


@bp.context_processor
def _names() -> dict[str, Any]:
    """How states, teams and roles are named on officer pages."""
    from consultation.consultations.lifecycle import state_label
    from consultation.officer.services import role_label
    from consultation.teams import team_label

    return {"state_label": state_label, "team_label": team_label, "role_label": role_label}
