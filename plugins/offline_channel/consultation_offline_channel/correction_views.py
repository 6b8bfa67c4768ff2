"""Staff pages for one offline entry: its details and history, and correcting it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from consultation.plugin_api import User, db, roles_required
from consultation_offline_channel import corrections, services
from consultation_offline_channel.forms import correction_form
from consultation_offline_channel.views import ROLE, _consultation, bp

#: Who may read and correct an entry: the staff who enter them, and officers (admins pass).
STAFF_ROLES = (ROLE, "officer")


def _response(slug: str, response_id: int):
    """The consultation and its response `response_id`; 404 for another consultation's."""
    consultation = _consultation(slug)
    response = corrections.response_for(consultation, response_id)
    if response is None:
        abort(404)
    return consultation, response


@bp.get("/<slug>/responses/<int:response_id>")
@roles_required(*STAFF_ROLES)
def response_page(slug: str, response_id: int) -> str:
    """One offline entry as staff see it: details, answers, who entered it, corrections."""
    consultation, response = _response(slug, response_id)
    return render_template(
        "offline_channel/response.html",
        consultation=consultation,
        response=response,
        answers=corrections.answers_of(response),
        entered_by=db.session.get(User, response.entered_by_id) if response.entered_by_id else None,
        history=corrections.history(response),
        field_label=corrections.field_label,
        show_value=corrections.show_value,
    )


@bp.route("/<slug>/responses/<int:response_id>/correct", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def correct_page(slug: str, response_id: int) -> str | Response | tuple[str, int]:
    """Correct an offline entry; the values it had are kept and the change audited."""
    consultation, response = _response(slug, response_id)
    answers = corrections.answers_of(response)
    threads = [thread for thread, _comment in answers]
    defaults = corrections.form_defaults(response, answers) if request.method == "GET" else {}
    form = correction_form(threads, **defaults)
    if form.validate_on_submit():
        named = form.respondent.data == "named"
        change = corrections.Correction(
            channel=form.channel.data,
            received_on=form.received_on.data,
            answers=form.answers(),
            reason=form.reason.data,
            respondent=services.Respondent(
                anonymous=not named,
                name=form.name.data if named else None,
                contact=form.contact.data if named else None,
                wants_reply=bool(form.wants_reply.data) and named,
                postcode=form.postcode.data or None,
                organisation=(
                    form.organisation.data if form.capacity.data == "organisation" else None
                ),
                privacy_notice_given=response.privacy_notice_given,
                offline_reason=form.offline_reason.data or None,
            ),
        )
        done = corrections.correct(
            consultation, response, change, current_user._get_current_object()
        )
        flash(_("Correction saved.") if done else _("Nothing was changed."), "success")
        return redirect(
            url_for("offline_channel.response_page", slug=slug, response_id=response.id)
        )
    return render_template(
        "offline_channel/correct.html", consultation=consultation, response=response, form=form
    ), 400 if form.is_submitted() else 200
