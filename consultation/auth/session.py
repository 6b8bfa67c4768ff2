"""Sign-in sessions that a sign-out revokes everywhere.

The session cookie holds "<user id>:<session version>"; signing out or
deactivating bumps the version in the database, so a copied cookie (or a
remember-me cookie) issued before stops working on every worker.
"""

from __future__ import annotations

from flask import Flask, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_url

from consultation.extensions import db, login_manager
from consultation.recovery import recover


def init_login(app: Flask) -> None:
    """Configure Flask-Login for the app."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.unauthorized_handler(_sign_in_first)


def _sign_in_first():
    """Send a signed-out visitor to sign in, keeping the text of a form they posted.

    A person signed out elsewhere (or whose session ended) while writing would
    otherwise lose their comment to the redirect: the form's page comes back
    with their text and a link to sign in instead.
    """
    if request.method == "POST":
        kept = recover(
            _(
                "You are not signed in, so this was not posted. We kept what you typed – copy "
                "it, sign in, then send it again."
            ),
            401,
        )
        if kept is not None:
            return kept
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


@login_manager.user_loader
def load_user(session_id: str):
    """Return the user for a session id, or None if it was revoked."""
    from consultation.auth.models import User

    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
