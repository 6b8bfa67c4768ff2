"""Helpers shared by the officer views: finding records, showing service errors on forms."""

from __future__ import annotations

from flask import abort, request
from flask_wtf import FlaskForm

from consultation.consultations.models import Consultation, Thread
from consultation.extensions import db
from consultation.outcomes.models import OutcomePoint


def consultation_or_404(consultation_id: int) -> Consultation:
    """The consultation with this id, or 404."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        abort(404)
    return consultation


def thread_or_404(consultation: Consultation, thread_id: int) -> Thread:
    """A thread of this consultation (never of another one), or 404."""
    thread = db.session.get(Thread, thread_id)
    if thread is None or thread.consultation_id != consultation.id:
        abort(404)
    return thread


def point_or_404(consultation: Consultation, point_id: int) -> OutcomePoint:
    """An outcome point of this consultation's outcome, or 404."""
    point = db.session.get(OutcomePoint, point_id)
    if point is None or point.outcome.consultation_id != consultation.id:
        abort(404)
    return point


def show_errors(
    form: FlaskForm, errors: dict[str, str], aliases: dict[str, str] | None = None
) -> list[dict]:
    """Put a service's errors on the form's fields; return those with no field, for the summary."""
    unplaced = []
    for name, message in errors.items():
        name = (aliases or {}).get(name, name)
        field = getattr(form, name, None) if name in form else None
        if field is None:
            unplaced.append({"text": message, "href": f"#{name}"})
        else:
            field.errors = [message]
    return unplaced


def int_arg(name: str, default: int = 1) -> int:
    """A small positive integer from the query string, or `default`."""
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 7 else default
