"""Sign in, register, sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consultation.audit.services import record
from consultation.auth import services
from consultation.auth.forms import LoginForm, RegisterForm
from consultation.extensions import db, limiter
from consultation.notifications.tokens import send_verification
from consultation.recovery import keeps_text

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in (no open redirects)."""
    # Browsers drop tabs and newlines from URLs ("/\t/evil.example" becomes
    # "//evil.example"), and a CR or LF cannot go into a Location header at all.
    if target and target.isprintable():
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("main.home")


def _login_page(form: LoginForm, status: int = 200):
    return render_template("auth/login.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    """Sign in with email and password; the same message for any failure."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        # One message whether the address is unknown or the password wrong.
        form.email.errors = [_("Enter a correct email address and password")]
        return _login_page(form, 400)
    return _login_page(form, 400 if form.errors else 200)


@keeps_text("auth.login")
def _login_recovery(message: str, status: int):
    form = LoginForm(formdata=None, email=request.form.get("email", ""))
    form.email.errors = [message]
    return _login_page(form, status)


def _register_form() -> RegisterForm:
    form = RegisterForm()
    form.ward_id.choices = services.ward_choices()
    return form


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_REGISTER"], methods=["POST"])
def register():
    """Create a resident account and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = _register_form()
    if form.validate_on_submit():
        try:
            user = services.register(
                form.email.data,
                form.display_name.data,
                form.password.data,
                ward_id=int(form.ward_id.data) if form.ward_id.data else None,
            )
        except services.EmailTaken:
            form.email.errors.append(
                _("An account with this email address already exists. Sign in instead.")
            )
        else:
            record("user.register", user, actor=user)
            send_verification(user)  # queued in this transaction, with the account
            db.session.commit()
            login_user(user)
            flash(
                _(
                    "Your account has been created. We have emailed a link to %(email)s: "
                    "follow it to confirm your address.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(_safe_next(request.args.get("next")))
    status = 400 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@keeps_text("auth.register")
def _register_recovery(message: str, status: int):
    form = RegisterForm(
        formdata=None,
        email=request.form.get("email", ""),
        display_name=request.form.get("display_name", ""),
    )
    form.ward_id.choices = services.ward_choices()
    form.email.errors = [message]
    return render_template("auth/register.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out everywhere: every copy of the session cookie stops working."""
    services.end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("main.home"))
