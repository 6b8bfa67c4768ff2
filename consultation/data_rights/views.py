"""Data-rights pages: /account/data, /account/delete, and /officer/subject-access (admins).

The views are registered on the account and officer blueprints (imported
before those blueprints are registered); the work is in this package's
services.
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from werkzeug.security import check_password_hash

from consultation.account.views import bp as account_bp
from consultation.audit.services import record
from consultation.auth.models import User
from consultation.data_rights import collect, erasure, search
from consultation.data_rights.forms import (
    AccountDownloadForm,
    DeleteAccountForm,
    EraseAccountForm,
    RecordDownloadForm,
)
from consultation.data_rights.hooks import PluginDataError, keep_error
from consultation.extensions import db, limiter
from consultation.officer.blueprint import bp as officer_bp
from consultation.permissions import roles_required
from consultation.sanitiser import normalise_text


def _json_download(document: dict, name: str) -> Response:
    """A JSON attachment no browser, proxy or back button keeps a copy of."""
    response = Response(collect.as_json(document), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store, max-age=0"
    response.headers["Pragma"] = "no-cache"
    return response


def _unavailable(template: str, **context) -> ResponseReturnValue:
    return render_template(template, unavailable=True, **context), 503


# --- a person's own data --------------------------------------------------------------


@account_bp.route("/data")
@login_required
def data() -> ResponseReturnValue:
    """What we hold about you, and a button to download it."""
    return render_template("account/data.html")


@account_bp.route("/data/download")
@login_required
def data_download() -> ResponseReturnValue:
    """Everything held about the signed-in person, as a JSON file."""
    user = current_user._get_current_object()
    try:
        document = collect.personal_data(user)
    except PluginDataError as error:
        keep_error(error)
        return _unavailable("account/data.html")
    record("account.data_download", user, actor=user)
    db.session.commit()
    return _json_download(document, collect.filename("my-data", "consultation"))


@account_bp.route("/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def delete() -> ResponseReturnValue:
    """Delete my account: a warning of what happens, the password, then the erasure."""
    user = current_user._get_current_object()
    if not erasure.can_erase_self(user):
        if request.method == "POST":
            return render_template("account/delete_staff.html"), 403
        return render_template("account/delete_staff.html")
    form = DeleteAccountForm()
    keep = current_app.config["ERASURE_COMMENTS"] == erasure.KEEP
    if form.validate_on_submit():
        if not check_password_hash(user.password_hash, form.password.data or ""):
            form.password.errors = [_("The password is not right. Enter your password")]
            return render_template("account/delete.html", form=form, keep=keep), 400
        try:
            erasure.erase_account(user)
        except PluginDataError:
            return _unavailable("account/delete.html", form=form, keep=keep)
        logout_user()
        flash(
            _("Your account has been deleted. Your comments now show as ‘Former participant’.")
            if keep
            else _("Your account has been deleted, and your comments with it."),
            "success",
        )
        return redirect(url_for("main.home"), code=303)
    status = 400 if form.errors else 200
    return render_template("account/delete.html", form=form, keep=keep), status


# --- subject access (admins) ------------------------------------------------------------


def _query() -> str:
    return normalise_text(request.values.get("q", ""), single_line=True)[:100]


@officer_bp.route("/subject-access")
@roles_required("admin")
def subject_access() -> ResponseReturnValue:
    """Find everything held about someone by email address or name (every search audited)."""
    query = _query()
    result = None
    problem = None
    if "q" in request.args:
        if len(query) < search.MIN_QUERY:
            problem = _(
                "Enter at least %(n)s characters of a name or email address", n=search.MIN_QUERY
            )
        else:
            result = search.search(query)
            record(
                "subject_access.search",
                target_type="subject_access",
                query=query,
                accounts=len(result.accounts),
                records={name: len(hits) for name, hits in result.records.items()},
                failed=result.failed,
            )
            db.session.commit()
    return render_template(
        "officer/subject_access.html",
        query=query,
        result=result,
        problem=problem,
        account_form=AccountDownloadForm(),
        record_form=RecordDownloadForm(formdata=None),
    ), (400 if problem else 200)


@officer_bp.route("/subject-access/accounts/<int:user_id>/download", methods=["POST"])
@roles_required("admin")
def subject_access_account(user_id: int) -> ResponseReturnValue:
    """Everything held about one account, as the person's own download gives it (audited)."""
    person = db.get_or_404(User, user_id)
    form = AccountDownloadForm()
    if not form.validate_on_submit():
        return redirect(url_for("officer.subject_access"), code=303)
    try:
        document = collect.personal_data(person)
    except PluginDataError as error:
        keep_error(error)
        flash(_("The download could not be made: a plugin failed. Try again later."))
        return redirect(url_for("officer.subject_access"), code=303)
    record("subject_access.download", person, target_type="user")
    db.session.commit()
    return _json_download(document, collect.filename("subject-access-account", str(person.id)))


@officer_bp.route("/subject-access/records/download", methods=["POST"])
@roles_required("admin")
def subject_access_record() -> ResponseReturnValue:
    """One plugin record found by a search, as JSON (the search is repeated; audited)."""
    form = RecordDownloadForm()
    if not form.validate_on_submit():
        return redirect(url_for("officer.subject_access"), code=303)
    query = normalise_text(form.q.data or "", single_line=True)[:100]
    hit = None
    if len(query) >= search.MIN_QUERY:
        hit = search.find_record(query, form.plugin.data or "", form.reference.data or "")
    if hit is None:
        abort(404)
    record(
        "subject_access.download",
        target_type=f"plugin:{form.plugin.data}"[:60],
        target_id=hit.reference,
    )
    db.session.commit()
    document = {
        "format": collect.FORMAT,
        "generated_at": collect.iso(collect.utcnow()),
        "controller": current_app.config["COUNCIL_NAME"],
        "plugin": form.plugin.data,
        "record": {"label": hit.label, "reference": hit.reference, **hit.data},
    }
    return _json_download(
        document, collect.filename(f"subject-access-{form.plugin.data}", hit.reference)
    )


# --- erasure by an admin (staff, councillors, or a resident who asked in writing) -------------


@officer_bp.route("/people/<int:user_id>/erase", methods=["GET", "POST"])
@roles_required("admin")
def erase_person(user_id: int) -> ResponseReturnValue:
    """Erase someone's account: what happens, their address typed to confirm, then the erasure."""
    person = db.get_or_404(User, user_id)
    keep = current_app.config["ERASURE_COMMENTS"] == erasure.KEEP
    form = EraseAccountForm()

    def page(status: int = 200) -> ResponseReturnValue:
        return render_template(
            "officer/erase_person.html", person=person, form=form, keep=keep
        ), status

    if person.id == current_user.id:
        form.confirm_email.errors = [
            _("You cannot erase your own account here. Ask another admin.")
        ]
        return page(409 if request.method == "POST" else 200)
    if not form.validate_on_submit():
        return page(400 if form.errors else 200)
    if (form.confirm_email.data or "").lower() != person.email:
        form.confirm_email.errors = [
            _("The email address does not match this account. Type it exactly as shown")
        ]
        return page(400)
    name = person.display_name
    try:
        erasure.erase_account(person, actor=current_user._get_current_object())
    except PluginDataError:
        return _unavailable("officer/erase_person.html", person=person, form=form, keep=keep)
    flash(_("The account of %(name)s has been erased.", name=name), "success")
    return redirect(url_for("officer.people"), code=303)
