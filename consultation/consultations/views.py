"""Resident pages: a consultation, a thread, posting comments and replies."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consultation.auth.models import User
from consultation.comments import queries
from consultation.comments.forms import CommentForm
from consultation.comments.models import Comment, CommentStatus
from consultation.comments.services import CommentRefused, check_can_comment, post_comment
from consultation.consultations import page_cache, services
from consultation.extensions import db, limiter
from consultation.plugin_system.slots import render_comment_slots
from consultation.recovery import keeps_text

bp = Blueprint("consultations", __name__, url_prefix="/consultations", template_folder="templates")


@bp.route("/<slug>")
def consultation(slug: str):
    """One consultation: the proposal, dates, wards, threads and outcome."""
    item = services.public_consultation(slug)
    return render_template(
        "consultations/consultation.html",
        **services.page_context(item, current_user),
    )


@bp.route("/<slug>/comments/<int:comment_id>")
def comment(slug: str, comment_id: int):
    """A comment's permanent address: the page of its thread where it appears.

    Outcome points link here, so a resident can follow the decision trail back
    to the comments a decision answered.
    """
    viewer = current_user if current_user.is_authenticated else None
    found = services.public_comment(services.public_consultation(slug), comment_id, viewer)
    page = queries.page_of(found, viewer, current_app.config["COMMENTS_PER_PAGE"])
    return redirect(
        url_for("consultations.thread", slug=slug, thread_id=found.thread_id, page=page)
        + f"#comment-{found.id}",
        code=303,
    )


def _int_arg(name: str, default: int = 1) -> int:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 7 else default


def _render_thread(
    slug: str,
    thread_id: int,
    form: CommentForm | None = None,
    status: int = 200,
    refusal: str | None = None,
):
    thread = services.public_thread(slug, thread_id)
    viewer = current_user if current_user.is_authenticated else None
    page = queries.thread_page(
        thread,
        viewer,
        page=_int_arg("page"),
        sort=request.args.get("sort", "oldest"),
        per_page=current_app.config["COMMENTS_PER_PAGE"],
    )
    if form is None:
        # Readers not signed in get no form, so no CSRF token: no session cookie
        # for them, and the page is the same for every one of them.
        form = CommentForm(formdata=None, meta={"csrf": current_user.is_authenticated})
    form.ensure_token()
    shown = [c for node in page.nodes for c in (node.comment, *node.replies)]
    return render_template(
        "consultations/thread.html",
        consultation=thread.consultation,
        thread=thread,
        page=page,
        # What plugins show under each comment: asked once for the page, not per comment.
        comment_actions=render_comment_slots(
            "comment_actions", shown, consultation=thread.consultation, thread=thread
        ),
        form=form,
        refusal=refusal,
        accepting=thread.consultation.is_open() and not thread.retired,
    ), status


@bp.route("/<slug>/threads/<int:thread_id>")
def thread(slug: str, thread_id: int):
    """A thread with its comments, paginated (?page=N) and sortable (?sort=newest)."""
    return page_cache.serve(slug, thread_id, lambda: _render_thread(slug, thread_id))


def _receipt_redirect(slug: str, thread_id: int, comment: Comment, created: bool):
    if comment.status == CommentStatus.PUBLISHED:
        message = _("Your comment has been published.")
    else:
        message = _(
            "Your comment has been received and is awaiting moderation. "
            "We will show it once a moderator has checked it."
        )
    if not created:
        message = _("We already had this comment – it was not posted twice.") + " " + message
    flash(message, "success")
    page = queries.page_of(comment, current_user, current_app.config["COMMENTS_PER_PAGE"])
    return redirect(
        url_for("consultations.thread", slug=slug, thread_id=thread_id, page=page)
        + f"#comment-{comment.id}",
        code=303,
    )


@bp.route("/<slug>/threads/<int:thread_id>/comments", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_COMMENT"])
def post(slug: str, thread_id: int):
    """Post a comment; on any failure the page comes back with the text typed."""
    thread = services.public_thread(slug, thread_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_thread(slug, thread_id, form, status=400)
    try:
        receipt = post_comment(
            thread=thread,
            body=form.body.data,
            token=form.submission_token.data,
            author=current_user,
        )
    except CommentRefused as refused:
        db.session.rollback()
        return _render_thread(slug, thread_id, form, status=409, refusal=refused.message)
    return _receipt_redirect(slug, thread_id, receipt.comment, receipt.created)


@keeps_text("consultations.post")
def _post_recovery(message: str, status: int):
    form = CommentForm(
        formdata=None,
        body=request.form.get("body", ""),
        submission_token=request.form.get("submission_token", ""),
    )
    form.body.errors = [message]
    view_args = request.view_args or {}
    return _render_thread(view_args["slug"], view_args["thread_id"], form, status=status)


def _parent_for(slug: str, thread_id: int, comment_id: int):
    thread = services.public_thread(slug, thread_id)
    parent = db.session.get(Comment, comment_id)
    if parent is None or parent.thread_id != thread.id or parent.status != CommentStatus.PUBLISHED:
        abort(404)
    return thread, parent


def _render_reply(
    slug: str,
    thread_id: int,
    comment_id: int,
    form: CommentForm | None = None,
    status: int = 200,
    refusal: str | None = None,
):
    thread, parent = _parent_for(slug, thread_id, comment_id)
    author = db.session.get(User, parent.author_id) if parent.author_id else None
    form = form or CommentForm(formdata=None)
    form.ensure_token()
    return render_template(
        "consultations/reply.html",
        consultation=thread.consultation,
        thread=thread,
        parent=parent,
        parent_author=author,
        form=form,
        refusal=refusal,
        accepting=thread.consultation.is_open() and not thread.retired,
    ), status


@bp.route(
    "/<slug>/threads/<int:thread_id>/comments/<int:comment_id>/reply", methods=["GET", "POST"]
)
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_COMMENT"], methods=["POST"])
def reply(slug: str, thread_id: int, comment_id: int):
    """Reply to a published comment (one level: replies to a reply join its parent)."""
    thread, parent = _parent_for(slug, thread_id, comment_id)
    if parent.parent_id is not None:
        return redirect(
            url_for(".reply", slug=slug, thread_id=thread_id, comment_id=parent.parent_id)
        )
    form = CommentForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _render_reply(
            slug,
            thread_id,
            comment_id,
            form if request.method == "POST" else None,
            status=400 if request.method == "POST" else 200,
        )
    try:
        check_can_comment(thread.consultation, thread, parent)
        receipt = post_comment(
            thread=thread,
            body=form.body.data,
            token=form.submission_token.data,
            author=current_user,
            parent=parent,
        )
    except CommentRefused as refused:
        db.session.rollback()
        return _render_reply(slug, thread_id, comment_id, form, status=409, refusal=refused.message)
    return _receipt_redirect(slug, thread_id, receipt.comment, receipt.created)


@keeps_text("consultations.reply")
def _reply_recovery(message: str, status: int):
    form = CommentForm(
        formdata=None,
        body=request.form.get("body", ""),
        submission_token=request.form.get("submission_token", ""),
    )
    form.body.errors = [message]
    args = request.view_args or {}
    return _render_reply(args["slug"], args["thread_id"], args["comment_id"], form, status=status)
