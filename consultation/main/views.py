"""Home page, health checks and site pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from consultation.consultations import services
from consultation.extensions import db

bp = Blueprint("main", __name__, template_folder="templates")


@bp.route("/")
def home():
    """Open consultations with time left, closing soon, upcoming, recent outcomes."""
    return render_template("main/home.html", home=services.home_page())


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
