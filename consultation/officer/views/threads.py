"""Officer pages for a consultation's questions: add, edit, reorder, retire, read responses."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from consultation.consultations import questions
from consultation.consultations.editing import EditRefused
from consultation.consultations.models import Consultation, Thread
from consultation.extensions import db
from consultation.officer.blueprint import bp
from consultation.officer.forms import ThreadForm
from consultation.officer.views.common import (
    consultation_or_404,
    int_arg,
    show_errors,
    thread_or_404,
)
from consultation.permissions import roles_required

#: Responses listed per page on the officer's view of a question.
RESPONSES_PER_PAGE = 100


def _render(
    form: ThreadForm, consultation: Consultation, thread: Thread | None, status: int
) -> ResponseReturnValue:
    form.ensure_token()
    return render_template(
        "officer/thread_form.html", form=form, consultation=consultation, thread=thread
    ), status


def _refused(consultation: Consultation, refused: EditRefused) -> ResponseReturnValue:
    """A change to questions refused outright: back to the consultation page with the reason."""
    from consultation.officer.views.consultations import render_manage

    db.session.rollback()
    return render_manage(consultation, [{"text": refused.message, "href": "#questions"}], 409)


def _back(consultation: Consultation) -> ResponseReturnValue:
    return redirect(
        url_for(".consultation", consultation_id=consultation.id) + "#questions", code=303
    )


@bp.route("/consultations/<int:consultation_id>/threads/new", methods=["GET", "POST"])
@roles_required("officer")
def new_thread(consultation_id: int) -> ResponseReturnValue:
    """Add a question."""
    consultation = consultation_or_404(consultation_id)
    form = ThreadForm()
    if not form.validate_on_submit():
        return _render(form, consultation, None, 400 if form.errors else 200)
    try:
        _thread, created = questions.add_thread(
            consultation, form.title.data, form.prompt.data, token=form.submission_token.data
        )
    except EditRefused as refused:
        db.session.rollback()
        show_errors(form, refused.errors)
        return _render(form, consultation, None, 409)
    if created:
        flash(_("Question added."), "success")
    return _back(consultation)


@bp.route(
    "/consultations/<int:consultation_id>/threads/<int:thread_id>/edit", methods=["GET", "POST"]
)
@roles_required("officer")
def edit_thread(consultation_id: int, thread_id: int) -> ResponseReturnValue:
    """Change a question's wording (until the consultation closes)."""
    consultation = consultation_or_404(consultation_id)
    thread = thread_or_404(consultation, thread_id)
    form = ThreadForm(obj=thread)
    if not form.validate_on_submit():
        return _render(form, consultation, thread, 400 if form.errors else 200)
    try:
        changed = questions.edit_thread(thread, form.title.data, form.prompt.data)
    except EditRefused as refused:
        db.session.rollback()
        show_errors(form, refused.errors)
        return _render(form, consultation, thread, 409)
    flash(_("Question saved.") if changed else _("Nothing had changed."), "success")
    return _back(consultation)


@bp.route("/consultations/<int:consultation_id>/threads/<int:thread_id>/move", methods=["POST"])
@roles_required("officer")
def move_thread(consultation_id: int, thread_id: int) -> ResponseReturnValue:
    """Move a question up or down the list."""
    consultation = consultation_or_404(consultation_id)
    thread = thread_or_404(consultation, thread_id)
    try:
        questions.move_thread(thread, request.form.get("direction", ""))
    except EditRefused as refused:
        return _refused(consultation, refused)
    return _back(consultation)


@bp.route("/consultations/<int:consultation_id>/threads/<int:thread_id>/retire", methods=["POST"])
@roles_required("officer")
def retire_thread(consultation_id: int, thread_id: int) -> ResponseReturnValue:
    """Retire a question (no new comments; its comments stay), or bring it back."""
    consultation = consultation_or_404(consultation_id)
    thread = thread_or_404(consultation, thread_id)
    retire = request.form.get("retired", "1") == "1"
    try:
        if questions.set_retired(thread, retire):
            flash(_("Question retired.") if retire else _("Question brought back."), "success")
    except EditRefused as refused:
        return _refused(consultation, refused)
    return _back(consultation)


@bp.route("/consultations/<int:consultation_id>/threads/<int:thread_id>")
@roles_required("officer")
def thread(consultation_id: int, thread_id: int) -> ResponseReturnValue:
    """Every response to a question, with the numbers outcome points link to."""
    consultation = consultation_or_404(consultation_id)
    item = thread_or_404(consultation, thread_id)
    page = questions.responses_page(item, int_arg("page"), RESPONSES_PER_PAGE)
    return render_template(
        "officer/thread.html", consultation=consultation, thread=item, responses=page
    )
