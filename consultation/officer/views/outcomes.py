"""Officer pages for the outcome: write it, link its points, publish it, revise it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from consultation.consultations.editing import EditRefused
from consultation.consultations.lifecycle import TransitionRefused
from consultation.consultations.models import Consultation
from consultation.extensions import db
from consultation.officer.blueprint import bp
from consultation.officer.views.common import consultation_or_404, point_or_404, show_errors
from consultation.officer.views.consultations import refused_response
from consultation.outcomes import points, services
from consultation.outcomes.forms import OutcomeForm, PointForm
from consultation.outcomes.models import OutcomePoint
from consultation.permissions import roles_required


def _back(consultation: Consultation, anchor: str = "outcome") -> ResponseReturnValue:
    return redirect(
        url_for(".consultation", consultation_id=consultation.id) + f"#{anchor}", code=303
    )


@bp.route("/consultations/<int:consultation_id>/outcome", methods=["GET", "POST"])
@roles_required("officer")
def outcome(consultation_id: int) -> ResponseReturnValue:
    """Write the outcome, or revise a published one (with a note on what changed)."""
    consultation = consultation_or_404(consultation_id)
    current = services.outcome_of(consultation)
    defaults = {} if current else {"decision_maker": consultation.decision_maker}
    form = OutcomeForm(obj=current, **defaults)
    status = 200
    if form.validate_on_submit():
        values = {name: form[name].data for name in services.FIELDS}
        try:
            _saved, changed = services.save_outcome(
                consultation, values, change_note=form.change_note.data
            )
        except EditRefused as refused:
            db.session.rollback()
            show_errors(form, refused.errors)
            status = 400
        else:
            flash(_("Outcome saved.") if changed else _("Nothing had changed."), "success")
            return _back(consultation)
    elif form.errors:
        status = 400
    return render_template(
        "officer/outcome_form.html", form=form, consultation=consultation, outcome=current
    ), status


@bp.route("/consultations/<int:consultation_id>/outcome/publish", methods=["POST"])
@roles_required("officer")
def publish_outcome(consultation_id: int) -> ResponseReturnValue:
    """Publish the outcome of a closed consultation."""
    consultation = consultation_or_404(consultation_id)
    try:
        services.publish(consultation)
    except TransitionRefused as refused:
        return refused_response(consultation, refused)
    flash(_("The outcome is published. Residents who commented can follow it."), "success")
    return _back(consultation)


def _point_form(consultation: Consultation, point: OutcomePoint | None) -> PointForm:
    if point is None:
        form = PointForm()
    else:
        form = PointForm(
            obj=point,
            thread_ids=[t.id for t in point.threads],
            comment_ids=", ".join(str(c.id) for c in point.comments),
        )
    form.thread_ids.choices = [(t.id, t.title) for t in consultation.threads]
    return form


def _render_point(
    form: PointForm, consultation: Consultation, point, status: int
) -> ResponseReturnValue:
    form.ensure_token()
    return render_template(
        "officer/point_form.html",
        form=form,
        consultation=consultation,
        outcome=services.outcome_of(consultation),
        point=point,
    ), status


def _save_point(consultation: Consultation, point: OutcomePoint | None) -> ResponseReturnValue:
    outcome = services.outcome_of(consultation)
    if outcome is None:
        flash(_("Write the outcome before adding points to it."), "info")
        return redirect(url_for(".outcome", consultation_id=consultation.id), code=303)
    form = _point_form(consultation, point)
    if not form.validate_on_submit():
        return _render_point(form, consultation, point, 400 if form.errors else 200)
    try:
        comment_ids = points.parse_comment_numbers(form.comment_ids.data)
        if point is None:
            points.add_point(
                outcome,
                form.body.data,
                form.thread_ids.data,
                comment_ids,
                change_note=form.change_note.data,
                token=form.submission_token.data,
            )
        else:
            points.edit_point(
                point,
                form.body.data,
                form.thread_ids.data,
                comment_ids,
                change_note=form.change_note.data,
            )
    except EditRefused as refused:
        db.session.rollback()
        show_errors(form, refused.errors)
        return _render_point(form, consultation, point, 400)
    flash(_("Point saved."), "success")
    return _back(consultation, "outcome-points")


@bp.route("/consultations/<int:consultation_id>/outcome/points/new", methods=["GET", "POST"])
@roles_required("officer")
def new_point(consultation_id: int) -> ResponseReturnValue:
    """Add a "you said, we did" point linked to questions and comments."""
    return _save_point(consultation_or_404(consultation_id), None)


@bp.route(
    "/consultations/<int:consultation_id>/outcome/points/<int:point_id>/edit",
    methods=["GET", "POST"],
)
@roles_required("officer")
def edit_point(consultation_id: int, point_id: int) -> ResponseReturnValue:
    """Change a point's text or what it links to."""
    consultation = consultation_or_404(consultation_id)
    return _save_point(consultation, point_or_404(consultation, point_id))


@bp.route(
    "/consultations/<int:consultation_id>/outcome/points/<int:point_id>/remove",
    methods=["GET", "POST"],
)
@roles_required("officer")
def remove_point(consultation_id: int, point_id: int) -> ResponseReturnValue:
    """Remove a point (after publication, with a note; earlier versions keep it)."""
    consultation = consultation_or_404(consultation_id)
    point = point_or_404(consultation, point_id)
    form = PointForm(obj=point)
    for name in ("body", "thread_ids", "comment_ids"):
        delattr(form, name)
    status = 200
    if form.validate_on_submit():
        try:
            points.remove_point(point, change_note=form.change_note.data)
        except EditRefused as refused:
            db.session.rollback()
            show_errors(form, refused.errors)
            status = 400
        else:
            flash(_("Point removed."), "success")
            return _back(consultation, "outcome-points")
    elif form.errors:
        status = 400
    return render_template(
        "officer/point_remove.html", form=form, consultation=consultation, point=point
    ), status
