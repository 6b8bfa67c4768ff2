"""Factories for the core's records, used by core and plugin tests alike."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from consultation.auth import services as auth_services
from consultation.auth.models import User, Ward
from consultation.comments.models import Comment
from consultation.comments.services import post_comment
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.sanitiser import markdown_html

#: A password zxcvbn accepts, shared by every test account.
PASSWORD = "correct horse battery staple 42"

_sequence = itertools.count(1)

#: Each test password hashed once per run (a real scrypt hash, so signing in
#: checks it for real); hashing every test account cost a tenth of a second each.
_HASHES: dict[str, str] = {}


def make_ward(name: str | None = None, code: str | None = None) -> Ward:
    """A ward with a unique name and code."""
    n = next(_sequence)
    ward = Ward(name=name or f"Ward {n}", code=code or f"E0500{n:04d}")
    db.session.add(ward)
    db.session.commit()
    return ward


def make_user(
    *roles: str,
    email: str | None = None,
    name: str | None = None,
    ward: Ward | None = None,
    password: str = PASSWORD,
) -> User:
    """An account holding `roles` (resident when none are given)."""
    n = next(_sequence)
    if password not in _HASHES:
        _HASHES[password] = auth_services.hash_password(password)
    user = auth_services.register(
        email or f"person{n}@example.org",
        name or f"Person {n}",
        password,
        ward_id=ward.id if ward else None,
        roles=roles or ("resident",),
        password_hash=_HASHES[password],
    )
    db.session.commit()
    return user


def make_consultation(
    state: str = "open",
    *,
    slug: str | None = None,
    title: str | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Consultation:
    """A consultation in `state` (draft, scheduled, open, closed, outcome_published)."""
    now = now or utcnow()
    n = next(_sequence)
    timing = {
        "draft": (now + timedelta(days=5), now + timedelta(days=30), Lifecycle.DRAFT),
        "scheduled": (now + timedelta(days=5), now + timedelta(days=30), Lifecycle.SCHEDULED),
        "open": (now - timedelta(days=1), now + timedelta(days=30), Lifecycle.OPEN),
        "closed": (now - timedelta(days=30), now - timedelta(days=1), Lifecycle.CLOSED),
        "outcome_published": (
            now - timedelta(days=60),
            now - timedelta(days=30),
            Lifecycle.OUTCOME_PUBLISHED,
        ),
    }
    opens, closes, status = timing[state]
    body = fields.pop("body", "The proposal in **full**.")
    consultation = Consultation(
        slug=slug or f"consultation-{n}",
        title=title or f"Consultation {n}",
        summary=fields.pop("summary", "What we propose."),
        body=body,
        body_html=str(markdown_html(body)),
        status=fields.pop("status", status),
        opens_at=fields.pop("opens_at", opens),
        closes_at=fields.pop("closes_at", closes),
        **fields,
    )
    db.session.add(consultation)
    db.session.commit()
    return consultation


def make_thread(consultation: Consultation, title: str | None = None, **fields: Any) -> Thread:
    """A question in `consultation`."""
    thread = Thread(
        consultation_id=consultation.id, title=title or f"Question {next(_sequence)}", **fields
    )
    thread.consultation = consultation
    db.session.add(thread)
    db.session.commit()
    return thread


def make_comment(
    thread: Thread,
    author: User | None = None,
    body: str = "A comment.",
    parent: Comment | None = None,
    **fields: Any,
) -> Comment:
    """A comment stored through the real posting service (gate hooks included)."""
    thread.consultation  # loaded, so the service can check the lifecycle
    receipt = post_comment(
        thread=thread,
        body=body,
        token=f"t-{next(_sequence)}",
        author=author,
        parent=parent,
        enforce_open=fields.pop("enforce_open", False),
        **fields,
    )
    return receipt.comment
