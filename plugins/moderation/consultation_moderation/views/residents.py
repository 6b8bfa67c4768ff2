"""Residents' pages: report a comment; authors edit a rejected comment or ask for a review."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consultation.plugin_api import CommentStatus, is_enabled, keeps_text
from consultation_moderation import authors, flags
from consultation_moderation.forms import AppealForm, EditForm, FlagForm
from consultation_moderation.views import bp
from consultation_moderation.views.common import comment_in_context


def _thread_url(comment, consultation) -> str:
    url = url_for("consultations.thread", slug=consultation.slug, thread_id=comment.thread_id)
    return f"{url}#comment-{comment.id}"


def _visible_for_report(comment_id: int):
    """The comment to report, or 404: switched off here, or not public and not theirs."""
    comment, consultation = comment_in_context(comment_id)
    if not is_enabled("moderation", consultation.id):
        abort(404)
    mine = current_user.is_authenticated and comment.author_id == current_user.id
    if comment.status != CommentStatus.PUBLISHED and not mine:
        abort(404)
    return comment, consultation


def _render_report(comment_id: int, form: FlagForm, status: int = 200, problem: str | None = None):
    comment, consultation = _visible_for_report(comment_id)
    refusal = None
    try:
        if current_user.is_authenticated:  # signed out mid-report: the form comes back as typed
            flags.check_can_flag(comment, current_user)
    except flags.FlagRefused as refused:
        refusal = refused.message
    page = render_template(
        "moderation/report.html",
        comment=comment,
        consultation=consultation,
        form=form,
        refusal=refusal,
        problem=problem,
        back=_thread_url(comment, consultation),
    )
    return page, status


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@login_required
def report(comment_id: int):
    """Report a published comment to the moderators, with a reason."""
    comment, consultation = _visible_for_report(comment_id)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            receipt = flags.flag_comment(comment, current_user, form.reason.data, form.details.data)
        except flags.FlagRefused as refused:
            # A second click on the button: the first report stands, and is the only one.
            flash(refused.message, "info")
            return redirect(_thread_url(comment, consultation), code=303)
        message = _("Thank you. A moderator will look at the comment you reported.")
        if receipt.hid:
            message += " " + _("It is hidden until they have checked it.")
        flash(message, "success")
        return redirect(_thread_url(comment, consultation), code=303)
    return _render_report(comment_id, form, 400 if form.errors else 200)


@keeps_text("moderation.report")
def _report_recovery(message: str, status: int):
    return _render_report(request.view_args["comment_id"], FlagForm(), status, message)


def _own_comment(comment_id: int):
    comment, consultation = comment_in_context(comment_id)
    if not current_user.is_authenticated or comment.author_id != current_user.id:
        abort(404)  # someone else's comment: its remedies are not for them to see
    return comment, consultation


def _render_edit(comment_id: int, form: EditForm, status: int = 200, problem: str | None = None):
    comment, consultation = _own_comment(comment_id)
    view = authors.author_view(comment)
    if request.method == "GET" and not form.body.data:
        form.body.data = comment.body_text
    page = render_template(
        "moderation/edit.html",
        comment=comment,
        consultation=consultation,
        view=view,
        form=form,
        problem=problem,
    )
    return page, status


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    """The author edits a rejected comment and sends it back to the moderators."""
    comment, _consultation = _own_comment(comment_id)
    form = EditForm()
    if form.validate_on_submit():
        try:
            sent = authors.resubmit(comment, current_user, form.body.data)
        except authors.RemedyRefused as refused:
            return _render_edit(comment_id, form, 409, refused.message)
        if sent:
            flash(_("Your edited comment is waiting for a moderator."), "success")
        else:
            flash(_("We already had your edited comment – it was not sent twice."), "success")
        return redirect(url_for("account.comments"), code=303)
    return _render_edit(comment_id, form, 400 if form.errors else 200)


@keeps_text("moderation.edit")
def _edit_recovery(message: str, status: int):
    return _render_edit(request.view_args["comment_id"], EditForm(), status, message)


def _render_appeal(
    comment_id: int, form: AppealForm, status: int = 200, problem: str | None = None
):
    comment, consultation = _own_comment(comment_id)
    page = render_template(
        "moderation/appeal.html",
        comment=comment,
        consultation=consultation,
        view=authors.author_view(comment),
        form=form,
        problem=problem,
    )
    return page, status


@bp.route("/comments/<int:comment_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(comment_id: int):
    """The author asks, once, for a different moderator to review the decision."""
    comment, _consultation = _own_comment(comment_id)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            asked = authors.appeal(comment, current_user, form.reason.data)
        except authors.RemedyRefused as refused:
            return _render_appeal(comment_id, form, 409, refused.message)
        if asked:
            flash(_("You asked for a review. A different moderator will decide."), "success")
        else:
            flash(_("We already had your request for a review – it was not sent twice."), "success")
        return redirect(url_for("account.comments"), code=303)
    return _render_appeal(comment_id, form, 400 if form.errors else 200)


@keeps_text("moderation.appeal")
def _appeal_recovery(message: str, status: int):
    return _render_appeal(request.view_args["comment_id"], AppealForm(), status, message)
