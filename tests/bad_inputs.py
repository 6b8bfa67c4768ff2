"""Support for the bad-input tests: the corpus, a scene to send it into, a check registry.

Every entry of tests/data/bad_inputs.json has a check in one of the
test_bad_inputs_*.py modules, chosen by its category (CATEGORIES below); an
entry or a category without one fails their tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from consultation.audit.models import AuditEvent
from consultation.auth.models import User
from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.testing.access import sign_in
from consultation.testing.factories import PASSWORD, make_consultation, make_thread, make_user

DATA = Path(__file__).parent / "data"
ENTRIES: dict[str, dict] = {
    entry["name"]: entry for entry in json.loads((DATA / "bad_inputs.json").read_text())
}

#: Which module checks which categories of the corpus.
CATEGORIES = {
    "transport": {"oversized", "null-byte", "control-chars", "invalid-utf8"},
    "text": {
        "bidi",
        "zero-width",
        "confusable",
        "zalgo",
        "layout",
        "nesting",
        "sql-ish",
        "path-traversal",
        "header-injection",
    },
}


def entries_of(module: str) -> list[str]:
    """Names of the corpus entries whose category `module` checks."""
    return sorted(name for name, e in ENTRIES.items() if e["category"] in CATEGORIES[module])


def as_bytes(name: str) -> bytes:
    """An entry written as Python-style \\xNN escapes, as the raw bytes it stands for."""
    return ENTRIES[name]["input"].encode("latin-1").decode("unicode_escape").encode("latin-1")


class Checks(dict):
    """Check functions by entry name; `@checks.of("name", ...)` registers one."""

    def of(self, *names: str) -> Callable:
        """Register the decorated function as the check of the named entries."""

        def register(function: Callable) -> Callable:
            for name in names:
                self[name] = function
            return function

        return register


@dataclass
class Scene:
    """A signed-in resident looking at an open question."""

    app: Flask
    client: object
    thread_url: str
    token: str

    @classmethod
    def build(cls, app: Flask, client) -> Scene:
        """An open question and a signed-in resident's client with its CSRF token."""
        thread = make_thread(make_consultation("open"))
        sign_in(client, make_user())  # signing in itself is tested in test_accounts.py
        url = f"/consultations/{thread.consultation.slug}/threads/{thread.id}"
        return cls(app, client, url, client.csrf_token(url))

    def counts(self) -> tuple[int, int, int]:
        """Comments, accounts and audit events stored so far."""
        return (
            db.session.scalar(select(func.count(Comment.id))),
            db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(AuditEvent.id))),
        )

    def post_comment(self, body: str, token: str = "", **extra: str):
        """Post the comment form as the browser would."""
        data = {"body": body, "csrf_token": self.token, "submission_token": token, **extra}
        return self.client.post(self.thread_url + "/comments", data=data)

    def post_raw(self, raw: bytes, content_type: str = "application/x-www-form-urlencoded"):
        """Post a URL-encoded body exactly as given, with the CSRF token added."""
        raw += b"&csrf_token=" + self.token.encode()
        return self.client.post(self.thread_url + "/comments", data=raw, content_type=content_type)

    def stored(self, body: str, token: str) -> Comment:
        """Post a comment that must be accepted; the comment as stored."""
        response = self.post_comment(body, token)
        assert response.status_code == 303, response.status_code
        return db.session.scalar(select(Comment).where(Comment.submission_token == token))

    def register(self, display_name: str, email: str = "new@example.org", **extra: str):
        """Fill in the registration form in a fresh browser."""
        client = self.app.test_client()
        data = {"email": email, "display_name": display_name, "password": PASSWORD, "ward_id": ""}
        return client.submit("/auth/register", {**data, **extra})

    def person(self, email: str) -> User | None:
        """The account registered with `email`, if any."""
        return db.session.scalar(select(User).where(User.email == email))

    def refused_without_trace(self, send: Callable[[], object], status: int):
        """Send a request that must be refused with `status` and store nothing."""
        before = self.counts()
        response = send()
        assert response.status_code == status, response.status_code
        assert self.counts() == before, "a refused request left a record"
        return response
