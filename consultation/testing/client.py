"""A test client that posts forms the way a browser does, CSRF token included."""

from __future__ import annotations

import contextvars
import re
from typing import Any

from flask import current_app, has_app_context
from flask.testing import FlaskClient

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class FormClient(FlaskClient):
    """FlaskClient with `csrf_token()` and `submit()` helpers.

    Every request runs in its own application context, as it does in
    production, even though the `app` fixture keeps one pushed for the test's
    own database work: otherwise `g` (the signed-in user, the CSRF token) and
    the database session would carry over from one request, or one client, to
    the next. What the test set up is committed first, so the request sees it
    and no lock the test holds makes the request wait.
    """

    def __enter__(self) -> FormClient:
        """`with client:` is accepted but keeps no request context afterwards.

        pytest-flask's `client` fixture enters every client; keeping the last
        request's context pushed would bring back the leaks described above
        (and make the test's own queries run as that request, POST included).
        """
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Nothing to pop: no context was kept."""

    def open(self, *args: Any, **kwargs: Any):
        """Send a request in a fresh application context (see the class docstring)."""
        if has_app_context() and current_app._get_current_object() is self.application:
            from consultation.extensions import db

            db.session.commit()
        # A streamed body (exports) is read inside the request's own context, as a
        # server sends it before the request ends; read later, from the test's
        # context, its generator could not pop the contexts it pushed.
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(super().open, *args, **kwargs)

    def csrf_token(self, page: str | None = None) -> str:
        """A valid CSRF token for this client's session, read from a rendered form."""
        for url in filter(None, (page, "/auth/login", "/")):
            html = self.get(url).get_data(as_text=True)
            match = _TOKEN.search(html)
            if match:
                return match.group(1) or match.group(2)
        raise AssertionError("no page rendered a CSRF token")

    def submit(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        page: str | None = None,
        **kwargs: Any,
    ):
        """POST `data` to `url` with a fresh CSRF token, as a browser form would."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(page))
        return self.post(url, data=data, **kwargs)

    def login(self, email: str, password: str | None = None):
        """Sign in through the real sign-in form."""
        from consultation.testing.factories import PASSWORD

        response = self.submit("/auth/login", {"email": email, "password": password or PASSWORD})
        assert response.status_code == 302, f"sign-in failed for {email}"
        return response

    def logout(self):
        """Sign out through the real sign-out form."""
        return self.submit("/auth/logout", page="/")
