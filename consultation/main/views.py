"""Home page, health checks and site pages."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template
from sqlalchemy import text

from consultation.consultations import services
from consultation.extensions import db

bp = Blueprint("main", __name__, template_folder="templates")

#: When the accessibility statement was first prepared and last reviewed; the
#: regulations require both dates, so change them whenever the statement changes.
ACCESSIBILITY_PREPARED = date(2026, 11, 27)
ACCESSIBILITY_REVIEWED = date(2026, 11, 27)
#: When the privacy notice last changed (shown on the page).
PRIVACY_UPDATED = date(2026, 11, 27)


@bp.route("/")
def home():
    """Open consultations with time left, closing soon, upcoming, recent outcomes."""
    return render_template("main/home.html", home=services.home_page())


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement the public sector accessibility regulations require."""
    return render_template(
        "main/accessibility.html",
        prepared=ACCESSIBILITY_PREPARED,
        reviewed=ACCESSIBILITY_REVIEWED,
    )


@bp.route("/privacy")
def privacy():
    """The privacy notice: what personal data a consultation collects and why."""
    return render_template("main/privacy.html", updated=PRIVACY_UPDATED)


@bp.route("/healthz")
def healthz():
    """Liveness: the process answers."""
    return {"status": "ok"}


@bp.route("/readyz")
def readyz():
    """Readiness: the database answers; 503 otherwise so a balancer stops sending work."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means "not ready"
        db.session.rollback()
        return {"status": "unavailable", "database": type(error).__name__}, 503
    return {"status": "ok", "database": "ok"}
