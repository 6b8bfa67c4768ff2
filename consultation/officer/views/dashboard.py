"""The officer dashboard: consultations by state, closing soon, outcomes due."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from consultation.officer import services
from consultation.officer.blueprint import bp
from consultation.permissions import roles_required


@bp.route("/")
@roles_required("officer")
def dashboard() -> ResponseReturnValue:
    """Every consultation by state with its responses; the officer's team's first."""
    return render_template("officer/dashboard.html", board=services.dashboard(current_user))
