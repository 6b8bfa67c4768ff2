"""The councillor's pages: the dashboard, one request, replying and passing on."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consultation.plugin_api import CommentRefused, CommentStatus, db, keeps_text, roles_required
from consultation_councillor_responses import pages, services
from consultation_councillor_responses.blueprint import bp
from consultation_councillor_responses.councillors import all_wards, ward_names
from consultation_councillor_responses.forms import PassOnForm, ReplyForm
from consultation_councillor_responses.models import PassOn, ResponseRequest
from consultation_councillor_responses.periods import period_on, replies_paused


def request_or_404(request_id: int) -> ResponseRequest:
    """The request with this id, or 404."""
    found = db.session.get(ResponseRequest, request_id)
    if found is None:
        abort(404)
    return found


def _answerable(request_id: int) -> ResponseRequest:
    """The request, if the signed-in councillor may answer it (403 otherwise)."""
    found = request_or_404(request_id)
    if not services.may_answer(current_user, found):
        abort(403)
    return found


@bp.get("/")
@roles_required("councillor")
def index():
    """Awaiting my response (overdue first, then by due date), answered, passed on."""
    board = pages.dashboard(current_user)
    forms = {}
    for item in board.awaiting:
        form = ReplyForm(formdata=None)
        form.ensure_token()
        forms[item.request.id] = form
    return render_template(
        "councillor_responses/dashboard.html",
        board=board,
        forms=forms,
        ward_names=ward_names(),
        paused=replies_paused(),
        period=period_on(),
    )


def _render_request(
    found: ResponseRequest,
    form: ReplyForm | None = None,
    problem: str | None = None,
    status: int = 200,
):
    if form is None:
        form = ReplyForm(formdata=None)
    form.ensure_token()
    return render_template(
        "councillor_responses/request.html",
        item=pages.one(found),
        form=form,
        problem=problem,
        paused=replies_paused(),
        period=period_on(),
    ), status


@bp.get("/requests/<int:request_id>")
@roles_required("councillor")
def show(request_id: int):
    """One request: what was asked, by when, and a reply form."""
    return _render_request(_answerable(request_id))


@bp.post("/requests/<int:request_id>/reply")
@roles_required("councillor")
def reply(request_id: int):
    """Post the councillor's reply (a comment with their badge); it closes the request."""
    found = _answerable(request_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _render_request(found, form, status=400)
    try:
        receipt = services.answer(found, current_user, form.body.data, form.submission_token.data)
    except (services.RequestRefused, CommentRefused) as refused:
        db.session.rollback()
        return _render_request(found, form, problem=refused.message, status=409)
    if not receipt.created:
        flash(_("We already had this reply – it was not posted twice."), "success")
    elif receipt.comment.status == CommentStatus.PUBLISHED:
        flash(_("Your reply has been published and the request is closed."), "success")
    else:
        flash(
            _("Your reply is awaiting moderation. The request closes when it is published."),
            "success",
        )
    return redirect(url_for(".index"), code=303)


@keeps_text("councillor_responses.reply")
def _reply_recovery(message: str, status: int):
    form = ReplyForm(
        formdata=None,
        body=request.form.get("body", ""),
        submission_token=request.form.get("submission_token", ""),
    )
    form.body.errors = [message]
    found = _answerable((request.view_args or {})["request_id"])
    return _render_request(found, form, status=status)


def _pass_on_form() -> PassOnForm:
    form = PassOnForm()
    form.ward.choices = [("", _("I do not know"))] + [(str(w.id), w.name) for w in all_wards()]
    return form


@bp.route("/requests/<int:request_id>/pass-on", methods=["GET", "POST"])
@roles_required("councillor")
def pass_on(request_id: int):
    """Pass a request on: not my ward (to another ward), to an officer, or declined."""
    found = _answerable(request_id)
    form = _pass_on_form()
    problem = None
    if request.method == "POST" and form.validate_on_submit():
        ward_id = int(form.ward.data) if form.ward.data else None
        if (
            form.reason.data == PassOn.NOT_MY_WARD
            and ward_id is not None
            and ward_id == found.ward_id
        ):
            form.ward.errors = [_("Select a different ward from the one it is for now")]
        else:
            try:
                outcome = services.pass_on(
                    found, current_user, form.reason.data, ward_id=ward_id, detail=form.detail.data
                )
            except services.RequestRefused as refused:
                db.session.rollback()
                problem = refused.message
            else:
                flash(_PASSED[outcome](), "success")
                return redirect(url_for(".index"), code=303)
    status = 200 if request.method == "GET" else (409 if problem else 400)
    return render_template(
        "councillor_responses/pass_on.html", item=pages.one(found), form=form, problem=problem
    ), status


_PASSED = {
    "reassigned": lambda: _("The request has gone to the councillors for the ward you chose."),
    "referred": lambda: _("The request has gone to the consultation's officer."),
    "declined": lambda: _("You declined the request. The consultation's officer has been told."),
    "declined_for_you": lambda: _(
        "You declined the request. It stays with the other councillors for the ward."
    ),
}
