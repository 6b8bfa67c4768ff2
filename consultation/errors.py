"""Error pages: plain words, the GOV.UK pattern, and no lost text."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from consultation.extensions import db, login_manager
from consultation.recovery import recover


def _without_database() -> None:
    """Let an error page render while the database is down.

    The page layout asks who is signed in and which plugins add menu items;
    both need the database. The person is shown as signed out for this one
    response (their session cookie is untouched) and plugin items are left out.
    """
    g.database_unavailable = True
    # Flask-Login's own way to set the request's user; anonymous when given None.
    login_manager._update_request_context_with_user(None)


def _page(template: str, status: int, **context):
    return render_template(template, **context), status


def init_app(app: Flask) -> None:
    """Register handlers for the errors a person can meet."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _(
            "Your form expired because the page was open for a long time. We kept what you "
            "typed – check it and send it again."
        )
        return recover(message, 400) or _page("errors/csrf.html", 400)

    @app.errorhandler(429)
    def rate_limited(error: HTTPException):
        message = _(
            "You have sent a lot of requests in a short time. We kept what you typed – wait a "
            "minute, then send it again."
        )
        return recover(message, 429) or _page("errors/429.html", 429)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        app.logger.error("database unavailable: %s", type(error).__name__)
        db.session.rollback()
        _without_database()
        message = _(
            "Sorry, the service is unavailable right now, so nothing was saved. We kept what you "
            "typed – try again in a few minutes."
        )
        try:
            recovered = recover(message, 503)
        except Exception:  # the form page itself needs the database
            db.session.rollback()
            recovered = None
        if recovered is not None:
            return recovered
        return _page("errors/503.html", 503, kept_text=request.form.get("body", ""))

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge):
        return _page("errors/413.html", 413)

    for status in (400, 403, 404, 405):
        app.register_error_handler(status, lambda error, s=status: _page(f"errors/{s}.html", s))

    @app.errorhandler(500)
    def server_error(error: Exception):
        db.session.rollback()
        return _page("errors/500.html", 500)
