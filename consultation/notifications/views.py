"""Pages: a person's email choices, one-click unsubscribe, and the admins' outbox."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consultation.extensions import csrf, db
from consultation.notifications import services
from consultation.notifications.forms import (
    ConfirmForm,
    RetryForm,
    field_name,
    preferences_form,
)
from consultation.notifications.kinds import all_kinds, kind_label, kinds_for
from consultation.notifications.models import Mode
from consultation.notifications.tokens import must_verify_to_comment
from consultation.permissions import roles_required

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def preferences():
    """Each kind of email on or off, straight away or in a daily summary."""
    kinds = kinds_for(current_user)
    form = preferences_form(kinds, services.preferences_for(current_user))
    if form.validate_on_submit():
        choices = {k.name: Mode(form[field_name(k)].data) for k in kinds}
        services.save_preferences(current_user, choices)
        db.session.commit()
        flash(_("Your email choices have been saved."), "success")
        return redirect(url_for(".preferences"), code=303)
    return render_template(
        "notifications/preferences.html",
        form=form,
        kinds=kinds,
        field_name=field_name,
        essential=[k for k in all_kinds() if k.essential],
        resend_form=ConfirmForm(formdata=None),
        must_verify=must_verify_to_comment(current_user),
    ), 400 if form.errors else 200


# Exempt from CSRF on purpose: mail clients send the RFC 8058 one-click POST
# ("List-Unsubscribe=One-Click") with no session and no form token. The signed
# token in the URL is what authenticates the request, and a forger cannot make
# one; the worst a replayed link can do is turn off emails its owner asked to stop.
@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET: confirm with a button (link scanners only GET). POST: unsubscribe, no sign-in."""
    target = services.unsubscription(token)
    if target is None:
        abort(404)
    if request.method == "POST":
        services.unsubscribe(target)
        db.session.commit()
        return render_template("notifications/unsubscribed.html", target=target)
    return render_template("notifications/unsubscribe.html", target=target)


@bp.route("/officer/outbox")
@roles_required("admin")
def outbox():
    """Admins: messages that failed or still wait, with what went wrong, and a retry button."""
    return render_template(
        "notifications/outbox.html",
        messages=services.undelivered(),
        counts=services.outbox_counts(),
        kind_label=kind_label,
        form=RetryForm(formdata=None),
    )


@bp.route("/officer/outbox/retry", methods=["POST"])
@roles_required("admin")
def retry():
    """Admins: queue one failed message (or all of them) to be sent again now."""
    form = RetryForm()
    if not form.validate_on_submit():
        abort(400)
    raw = form.message_id.data
    if raw and not raw.isdigit():
        abort(400)
    count = services.retry([int(raw)] if raw else None)
    db.session.commit()
    if count:
        message = ngettext(
            "%(num)s message will be sent again on the next run.",
            "%(num)s messages will be sent again on the next run.",
            count,
        )
        flash(message, "success")
    else:
        flash(_("Nothing to retry: the message is not marked as failed."), "info")
    return redirect(url_for(".outbox"), code=303)
