"""Moderators' pages: the queue, one comment with its decision form, bulk decisions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consultation.plugin_api import has_permission, keeps_text, permission_required, utcnow
from consultation_moderation import authors, decisions, items, queue, settings
from consultation_moderation.flags import flags_for
from consultation_moderation.forms import BulkForm, DecisionForm
from consultation_moderation.house_rules import FLAG_REASONS
from consultation_moderation.views import bp
from consultation_moderation.views.common import comment_in_context, int_or_zero

DECIDE = "moderation_decide"


def _action_choices(actions: list[str]) -> list[tuple[str, str]]:
    labels = {
        "approve": _("Approve: publish it (or keep it published and close the reports)"),
        "reject": _("Reject: not published; the author is told which house rule it breaks"),
        "hide": _("Hide: take it down; the author is told which house rule it breaks"),
        "restore": _("Restore: publish it again"),
    }
    return [(action, labels[action]) for action in actions]


def _render_queue(form: BulkForm, status: int = 200, problem: str | None = None):
    target = settings.current().target_hours
    filters = queue.Filters.from_args(request.args)
    page = queue.queue_page(filters, target, utcnow())
    return render_template(
        "moderation/queue.html",
        page=page,
        filters=filters,
        form=form,
        problem=problem,
        selected=set(request.form.getlist("item")),
        target_hours=target,
        flag_reasons=FLAG_REASONS,
        now=utcnow(),
    ), status


@bp.get("/", endpoint="index")
@permission_required(DECIDE)
def queue_view():
    """Held and reported comments, oldest first, with filters and bulk decisions."""
    return _render_queue(BulkForm(formdata=None))


def _selected() -> list[tuple[int, int]]:
    """(item id, version) pairs the moderator ticked; anything malformed is dropped."""
    pairs = []
    for value in request.form.getlist("item"):
        item_id, _sep, version = value.partition(":")
        if item_id.isdigit() and version.isdigit() and len(value) < 24:
            pairs.append((int(item_id), int(version)))
    return pairs


@bp.post("/bulk")
@permission_required(DECIDE)
def bulk():
    """Approve or reject the ticked comments; each is decided once, at the version seen."""
    form = BulkForm()
    pairs = _selected()
    if not form.validate_on_submit() or not pairs:
        problem = None if pairs else _("Select at least one comment")
        return _render_queue(form, 400, problem)
    action = "approve" if form.approve.data else "reject"
    found = queue.page_items(pairs)
    done, refused = 0, []
    for item_id, version in pairs:
        item = found.get(item_id)
        if item is None:
            continue
        comment = item.comment
        chosen = action
        if action == "approve" and "approve" not in decisions.allowed_actions(comment.status, item):
            chosen = "restore"
        result = decisions.decide(
            comment,
            action=chosen,
            moderator=current_user,
            seen_version=version,
            rule=form.rule.data or None,
            note=form.note.data or None,
        )
        if result.decided:
            done += 1
        else:
            refused.append(result.message)
        found = queue.page_items(pairs)  # commits expire what was loaded
    if done:
        message = (
            ngettext("Approved %(num)d comment.", "Approved %(num)d comments.", done)
            if action == "approve"
            else ngettext("Rejected %(num)d comment.", "Rejected %(num)d comments.", done)
        )
        flash(message, "success")
    for message in refused:
        flash(message, "info")
    return redirect(url_for("moderation.index", **request.args), code=303)


def _render_comment(
    comment_id: int, form: DecisionForm, status: int = 200, problem: str | None = None
):
    comment, consultation = comment_in_context(comment_id)
    item = items.item_for(comment.id)
    actions = decisions.allowed_actions(comment.status, item)
    form.action.choices = _action_choices(actions)
    if request.method == "GET" or problem:
        form.version.data = str(item.version if item else 0)
    return render_template(
        "moderation/comment.html",
        comment=comment,
        consultation=consultation,
        item=item,
        actions=actions,
        flags=flags_for([comment.id], open_only=False)[comment.id],
        history=decisions.history(comment.id),
        appeal=authors.appeal_for(comment.id),
        form=form,
        problem=problem,
        target_hours=settings.current().target_hours,
    ), status


@bp.route("/comments/<int:comment_id>", methods=["GET", "POST"])
@permission_required(DECIDE)
def comment(comment_id: int):
    """One comment with its context, reports and history, and the decision form."""
    found, _consultation = comment_in_context(comment_id)
    form = DecisionForm()
    # Any decision validates here; `decide` says when it no longer fits (another moderator acted).
    form.action.choices = _action_choices(list(decisions.OUTCOMES))
    if form.validate_on_submit():
        result = decisions.decide(
            found,
            action=form.action.data,
            moderator=current_user,
            seen_version=int_or_zero(form.version.data),
            rule=form.rule.data or None,
            note=form.note.data or None,
        )
        if result.decided:
            flash(result.message, "success")
            return redirect(url_for("moderation.index"), code=303)
        return _render_comment(comment_id, form, 409, result.message)
    return _render_comment(comment_id, form, 400 if form.errors else 200)


@keeps_text("moderation.comment")
def _comment_recovery(message: str, status: int):
    # Runs before the route's own checks (an expired form, a lost session): check them here.
    if not has_permission(current_user, DECIDE):
        abort(403)
    return _render_comment(request.view_args["comment_id"], DecisionForm(), status, message)
