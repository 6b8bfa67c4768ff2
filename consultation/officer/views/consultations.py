"""Officer pages for one consultation: create, edit, preview and move it through its lifecycle."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from consultation.audit.models import AuditEvent
from consultation.auth.models import Ward
from consultation.consultations import editing, lifecycle
from consultation.consultations import services as public
from consultation.consultations.editing import EditRefused
from consultation.consultations.lifecycle import NotReady, TransitionRefused
from consultation.consultations.models import Consultation
from consultation.extensions import db
from consultation.officer.blueprint import bp
from consultation.officer.forms import CloseEarlyForm, ConsultationForm, ExtendForm
from consultation.officer.views.common import consultation_or_404, show_errors
from consultation.outcomes.services import outcome_of, publication_problems
from consultation.permissions import roles_required

#: Form fields that stand for each service field.
_FORM_FIELDS = {"whole_area": "area"}


def _form_for(consultation: Consultation | None) -> ConsultationForm:
    """The form, without the fields this lifecycle step fixes."""
    if consultation is None:
        form = ConsultationForm()
    else:
        form = ConsultationForm(
            obj=consultation,
            area="whole" if consultation.whole_area else "wards",
            ward_ids=[ward.id for ward in consultation.wards],
        )
    editable = editing.editable_fields(consultation)
    for field in editing.ALL_FIELDS - editable:
        name = _FORM_FIELDS.get(field, field)
        if name in form:
            delattr(form, name)
    if "ward_ids" in form:
        form.ward_ids.choices = [
            (ward.id, ward.name) for ward in db.session.scalars(db.select(Ward).order_by(Ward.name))
        ]
    return form


def _values(form: ConsultationForm) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in editing.ALL_FIELDS:
        name = _FORM_FIELDS.get(field, field)
        if name in form:
            values[field] = form[name].data
    if "whole_area" in values:
        values["whole_area"] = values["whole_area"] != "wards"
    return values


def _render_form(
    form: ConsultationForm, consultation: Consultation | None, status: int = 200
) -> ResponseReturnValue:
    form.ensure_token()
    return render_template(
        "officer/consultation_form.html", form=form, consultation=consultation
    ), status


@bp.route("/consultations/new", methods=["GET", "POST"])
@roles_required("officer")
def new_consultation() -> ResponseReturnValue:
    """Start a consultation as a draft."""
    form = _form_for(None)
    if not form.validate_on_submit():
        return _render_form(form, None, 400 if form.errors else 200)
    try:
        values = _values(form)
        consultation, created = editing.create_consultation(
            values, token=form.submission_token.data
        )
    except EditRefused as refused:
        db.session.rollback()
        show_errors(form, refused.errors, {"whole_area": "area"})
        return _render_form(form, None, 400)
    if created:
        flash(_("Draft saved. Add its questions, then preview and schedule it."), "success")
    return redirect(url_for(".consultation", consultation_id=consultation.id), code=303)


@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@roles_required("officer")
def edit_consultation(consultation_id: int) -> ResponseReturnValue:
    """Change what this lifecycle step still allows."""
    consultation = consultation_or_404(consultation_id)
    form = _form_for(consultation)
    if not form.validate_on_submit():
        return _render_form(form, consultation, 400 if form.errors else 200)
    try:
        changed = editing.update_consultation(consultation, _values(form))
    except EditRefused as refused:
        db.session.rollback()
        show_errors(form, refused.errors, {"whole_area": "area"})
        return _render_form(form, consultation, 400)
    flash(_("Changes saved.") if changed else _("Nothing had changed."), "success")
    return redirect(url_for(".consultation", consultation_id=consultation.id), code=303)


def render_manage(
    consultation: Consultation, problems: list[dict] | None = None, status: int = 200
) -> ResponseReturnValue:
    """The consultation's console page, with `problems` in an error summary when given."""
    events = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.consultation_id == consultation.id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(10)
    ).all()
    outcome = outcome_of(consultation)
    return render_template(
        "officer/consultation.html",
        consultation=consultation,
        state=consultation.state(),
        threads=public.thread_summaries(consultation),
        changes=lifecycle.closing_date_changes(consultation),
        outcome=outcome,
        outcome_problems=publication_problems(outcome),
        events=events,
        problems=problems,
    ), status


@bp.route("/consultations/<int:consultation_id>")
@roles_required("officer")
def consultation(consultation_id: int) -> ResponseReturnValue:
    """One consultation: its state, what can be done next, its questions and history."""
    return render_manage(consultation_or_404(consultation_id))


@bp.route("/consultations/<int:consultation_id>/preview")
@roles_required("officer")
def preview(consultation_id: int) -> ResponseReturnValue:
    """The page exactly as residents will see it (with the draft outcome, if any)."""
    consultation = consultation_or_404(consultation_id)
    context = public.page_context(consultation, current_user, include_draft_outcome=True)
    return render_template("officer/preview.html", **context)


def _fix_at(consultation: Consultation, field: str) -> str:
    """Where the officer fixes a missing `field`: the form that holds it."""
    from consultation.outcomes.services import FIELDS as OUTCOME_FIELDS

    if field == "threads":
        return "#questions"
    if field in OUTCOME_FIELDS:
        return url_for(".outcome", consultation_id=consultation.id) + f"#{field}"
    name = _FORM_FIELDS.get(field, field)
    return url_for(".edit_consultation", consultation_id=consultation.id) + f"#{name}"


def refused_response(consultation: Consultation, refused: TransitionRefused) -> ResponseReturnValue:
    """After a refused transition: success for a repeat, else the page with the reasons."""
    db.session.rollback()
    if refused.already:
        flash(refused.message, "success")
        return redirect(url_for(".consultation", consultation_id=consultation.id), code=303)
    if isinstance(refused, NotReady):
        problems = [
            {"text": message, "href": _fix_at(consultation, field)}
            for field, message in refused.problems
        ]
    else:
        problems = [{"text": refused.message, "href": "#actions"}]
    return render_manage(consultation, problems, 409)


def _transition(consultation_id: int, action, done: str) -> ResponseReturnValue:
    consultation = consultation_or_404(consultation_id)
    try:
        action(consultation)
    except TransitionRefused as refused:
        return refused_response(consultation, refused)
    flash(done, "success")
    return redirect(url_for(".consultation", consultation_id=consultation.id), code=303)


@bp.route("/consultations/<int:consultation_id>/schedule", methods=["POST"])
@roles_required("officer")
def schedule(consultation_id: int) -> ResponseReturnValue:
    """Schedule a draft: it opens by itself at its opening time."""
    return _transition(consultation_id, lifecycle.schedule, _("Scheduled."))


@bp.route("/consultations/<int:consultation_id>/unschedule", methods=["POST"])
@roles_required("officer")
def unschedule(consultation_id: int) -> ResponseReturnValue:
    """Take a scheduled consultation back to draft before it opens."""
    return _transition(consultation_id, lifecycle.return_to_draft, _("Returned to draft."))


@bp.route("/consultations/<int:consultation_id>/open", methods=["POST"])
@roles_required("officer")
def open_now(consultation_id: int) -> ResponseReturnValue:
    """Open now, whatever the opening time said."""
    return _transition(consultation_id, lifecycle.open_now, _("The consultation is open."))


@bp.route("/consultations/<int:consultation_id>/extend", methods=["GET", "POST"])
@roles_required("officer")
def extend(consultation_id: int) -> ResponseReturnValue:
    """Move the closing date later, with a reason residents see."""
    consultation = consultation_or_404(consultation_id)
    try:
        lifecycle.check_extendable(consultation)
    except TransitionRefused as refused:
        return refused_response(consultation, refused)
    form = ExtendForm()
    if form.validate_on_submit():
        try:
            lifecycle.extend(consultation, form.closes_at.data, form.reason.data)
        except TransitionRefused as refused:
            if refused.field is None or refused.already:
                return refused_response(consultation, refused)
            db.session.rollback()
            show_errors(form, {refused.field: refused.message})
        else:
            flash(_("Closing date extended."), "success")
            return redirect(url_for(".consultation", consultation_id=consultation.id), code=303)
    return render_template(
        "officer/extend.html", form=form, consultation=consultation
    ), 400 if form.errors else 200


@bp.route("/consultations/<int:consultation_id>/close", methods=["GET", "POST"])
@roles_required("officer")
def close_early(consultation_id: int) -> ResponseReturnValue:
    """Close before the closing date, with a reason residents see."""
    consultation = consultation_or_404(consultation_id)
    try:
        lifecycle.check_closable(consultation)
    except TransitionRefused as refused:
        return refused_response(consultation, refused)
    form = CloseEarlyForm()
    if form.validate_on_submit():
        try:
            lifecycle.close_early(consultation, form.reason.data)
        except TransitionRefused as refused:
            if refused.field is None or refused.already:
                return refused_response(consultation, refused)
            db.session.rollback()
            show_errors(form, {refused.field: refused.message})
        else:
            flash(_("The consultation is closed."), "success")
            return redirect(url_for(".consultation", consultation_id=consultation.id), code=303)
    return render_template(
        "officer/close.html", form=form, consultation=consultation
    ), 400 if form.errors else 200
