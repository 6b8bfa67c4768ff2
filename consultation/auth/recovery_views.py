"""Emailed links: reset a forgotten password, confirm an email address.

The logic (tokens, single use, expiry) lives in consultation.notifications.tokens;
these views only read the request and show the pages.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consultation.extensions import db, limiter
from consultation.notifications import tokens
from consultation.notifications.forms import ConfirmForm, ForgotPasswordForm, ResetPasswordForm
from consultation.notifications.models import TokenPurpose
from consultation.recovery import keeps_text

bp = Blueprint("recovery", __name__, url_prefix="/auth", template_folder="templates")


def _link_not_valid():
    """One page for links that expired, were used already or were never issued."""
    return render_template("auth/link_not_valid.html"), 400


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PASSWORD_RESET"], methods=["POST"])
def forgot_password():
    """Ask for a reset link; the same answer whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        tokens.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/check_email.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200


@keeps_text("recovery.forgot_password")
def _forgot_recovery(message: str, status: int):
    form = ForgotPasswordForm(formdata=None, email=request.form.get("email", ""))
    form.email.errors = [message]
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PASSWORD_RESET"], methods=["POST"])
def reset_password(token: str):
    """Choose a new password; it signs the person out everywhere and uses the link up."""
    user = tokens.check_token(token, TokenPurpose.RESET_PASSWORD)
    if user is None:
        return _link_not_valid()
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        if tokens.reset_password(token, form.password.data) is None:
            db.session.rollback()
            return _link_not_valid()
        db.session.commit()
        flash(_("Your password has been changed. Sign in with your new password."), "success")
        return redirect(url_for("auth.login"), code=303)
    status = 400 if form.errors else 200
    return render_template("auth/reset_password.html", form=form), status


@bp.route("/verify-email/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """Confirm an email address: the link shows a button, pressing it confirms."""
    user = tokens.check_token(token, TokenPurpose.VERIFY_EMAIL)
    if user is None:
        return _link_not_valid()
    form = ConfirmForm()
    if form.validate_on_submit():
        if tokens.verify_email(token) is None:
            db.session.rollback()
            return _link_not_valid()
        db.session.commit()
        return render_template("auth/email_verified.html")
    return render_template("auth/verify_email.html", form=form, email=user.email)


@bp.route("/verify-email", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_PASSWORD_RESET"])
def resend_verification():
    """Send the confirmation link again to the signed-in person."""
    form = ConfirmForm()
    if form.validate_on_submit() and current_user.email_verified_at is None:
        tokens.send_verification(current_user)
        db.session.commit()
        flash(
            _(
                "We have sent a new link to %(email)s. It may take a few minutes to arrive.",
                email=current_user.email,
            ),
            "success",
        )
    return redirect(_back_to(), code=303)


def _back_to() -> str:
    target = request.form.get("next", "")
    # Same-site paths only (no open redirect).
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("notifications.preferences")
