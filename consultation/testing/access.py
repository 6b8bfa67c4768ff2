"""Route-by-role access tables, shared by the core's and plugins' tests.

A table is a list of `Route` rows: a URL (with `{placeholders}` filled from
a dict of ids the test creates), a method, and the answer each role must get.
`missing_rows` lists the routes of an app that have no row, so a route added
without one fails its test; `access_mismatches` requests every row as every
role and lists each answer that differs from the table.

Example (a plugin's test)::

    ROUTES = [
        Route("moderation.queue", "/moderation/", staff("moderator")),
        Route("moderation.decide", "/moderation/{comment_id}", staff("moderator", status=400),
              method="POST"),
    ]

    def test_moderation_routes_answer_each_role_as_the_table_says(app):
        people = make_people()
        values = core_values() | {"comment_id": ...}
        assert access_mismatches(app, ROUTES, people, values) == []

    def test_every_moderation_route_has_a_row(app):
        assert missing_rows(app, ROUTES, blueprints=("moderation",)) == []
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from consultation.auth.models import User
from consultation.extensions import db

#: Everyone the table speaks for, signed out first.
ROLES: tuple[str, ...] = (
    "anonymous",
    "resident",
    "councillor",
    "officer",
    "moderator",
    "assisted_digital",
    "admin",
)

#: Expected answer: a redirect to the sign-in page.
SIGN_IN = "sign in"

#: Methods every route answers by itself; the table covers the rest.
_IMPLICIT_METHODS = frozenset({"HEAD", "OPTIONS"})

Expected = int | str


def everyone(status: Expected = 200) -> dict[str, Expected]:
    """Every role, signed in or not, gets `status`."""
    return dict.fromkeys(ROLES, status)


def signed_in(status: Expected = 200, *, anonymous: Expected = SIGN_IN) -> dict[str, Expected]:
    """Anyone signed in gets `status`; signed-out visitors are sent to sign in."""
    return {role: anonymous if role == "anonymous" else status for role in ROLES}


def signed_out(status: Expected = 200, *, others: Expected = 302) -> dict[str, Expected]:
    """Signed-out visitors get `status`; anyone signed in gets `others` (e.g. sign-in pages)."""
    return {role: status if role == "anonymous" else others for role in ROLES}


def staff(
    *roles: str,
    status: Expected = 200,
    others: Expected = 403,
    anonymous: Expected = SIGN_IN,
) -> dict[str, Expected]:
    """Holders of `roles` (and admins, who pass every role check) get `status`."""
    allowed = set(roles) | {"admin"}
    return {
        role: anonymous if role == "anonymous" else status if role in allowed else others
        for role in ROLES
    }


@dataclass(frozen=True)
class Route:
    """One row of an access table: a request and the answer each role must get."""

    endpoint: str
    url: str
    expect: Mapping[str, Expected]
    method: str = "GET"
    #: Form fields sent with a POST (a valid CSRF token is always added).
    data: Mapping[str, str] = field(default_factory=dict)
    #: Why this row exists when it is not the route's main row (e.g. an object check).
    why: str = ""

    def __post_init__(self) -> None:
        unknown = set(self.expect) - set(ROLES)
        missing = set(ROLES) - set(self.expect)
        if unknown or missing:
            raise ValueError(
                f"{self.endpoint}: expectations must name every role exactly "
                f"(missing {sorted(missing)}, unknown {sorted(unknown)})"
            )


def app_routes(app: Flask, blueprints: Iterable[str] | None = None) -> set[tuple[str, str]]:
    """(endpoint, method) for every route of `app`, optionally only of `blueprints`."""
    wanted = tuple(blueprints) if blueprints is not None else None
    routes = set()
    for rule in app.url_map.iter_rules():
        if wanted is not None and rule.endpoint.split(".", 1)[0] not in wanted:
            continue
        for method in (rule.methods or set()) - _IMPLICIT_METHODS:
            routes.add((rule.endpoint, method))
    return routes


def missing_rows(
    app: Flask, table: Iterable[Route], blueprints: Iterable[str] | None = None
) -> list[str]:
    """Routes of `app` (optionally only of `blueprints`) that have no row in `table`."""
    covered = {(row.endpoint, row.method) for row in table}
    return sorted(
        f"{method} {endpoint}" for endpoint, method in app_routes(app, blueprints) - covered
    )


def unknown_rows(app: Flask, table: Iterable[Route]) -> list[str]:
    """Rows of `table` naming a route `app` does not have (removed or renamed)."""
    existing = app_routes(app)
    return sorted(
        f"{row.method} {row.endpoint}"
        for row in table
        if (row.endpoint, row.method) not in existing
    )


def make_people(ward: Any = None) -> dict[str, User | None]:
    """One account per role (None for anonymous); the councillor represents `ward`."""
    from consultation.testing.factories import make_user, make_ward

    ward = ward or make_ward(name="Access Ward")
    people: dict[str, User | None] = {"anonymous": None}
    for role in ROLES[1:]:
        people[role] = make_user(
            role, email=f"{role}@access.example.org", ward=ward if role == "councillor" else None
        )
    return people


def _answer(response) -> Expected:
    if response.status_code in (301, 302, 303):
        location = urlsplit(response.headers.get("Location", ""))
        if location.path.rstrip("/") == "/auth/login":
            return SIGN_IN
    return response.status_code


def sign_in(client, person: User | None) -> None:
    """Make `client`'s session that of `person` (signed out for None), without the form."""
    with client.session_transaction() as session:
        for key in ("_user_id", "_fresh", "_id"):
            session.pop(key, None)
        if person is not None:
            # Re-read the account: a sign-out row bumps its session version.
            db.session.expire_all()
            person = db.session.get(User, person.id)
            session["_user_id"] = person.get_id()
            session["_fresh"] = True


def client_as(app: Flask, person: User | None):
    """A test client signed in as `person` (signed out for None), without the sign-in form."""
    client = app.test_client()
    sign_in(client, person)
    return client


def access_mismatches(
    app: Flask,
    table: Iterable[Route],
    people: Mapping[str, User | None],
    values: Mapping[str, Any],
) -> list[str]:
    """Request every row as every role; describe each answer that differs from the table.

    One browser per role, signed in afresh before each row (a sign-out row ends
    the session), with one CSRF token for all its forms.
    """
    table = list(table)
    problems = []
    for role in ROLES:
        client = app.test_client()
        token = None
        for row in table:
            sign_in(client, people[role])
            url = row.url.format(**values)
            if row.method == "GET":
                response = client.get(url)
            else:
                token = token or client.csrf_token()
                data = {"csrf_token": token, **row.data}
                response = client.open(url, method=row.method, data=data)
            got = _answer(response)
            if got != row.expect[role]:
                note = f" ({row.why})" if row.why else ""
                problems.append(
                    f"{role:<16} {row.method} {url}: expected {row.expect[role]}, got {got}{note}"
                )
    return problems


def core_values(author: User | None = None) -> dict[str, Any]:
    """Records the core's rows point at, as the ids and slugs their URLs need.

    `slug`/`thread_id`: an open consultation's question; `comment_id`: a
    published comment in it and `reply_id` a reply to it; `pending_id`: a
    comment awaiting moderation; `other_thread_id`: a question of another
    consultation; `closed_slug`/`closed_thread_id`: a closed one;
    `draft_slug`/`draft_thread_id`: a draft nobody outside the council sees.
    """
    from consultation.comments.models import CommentStatus
    from consultation.testing.factories import (
        make_comment,
        make_consultation,
        make_thread,
        make_user,
    )

    author = author or make_user(email="author@access.example.org")
    open_one = make_consultation("open", slug="open-consultation")
    thread = make_thread(open_one)
    comment = make_comment(thread, author, "A published comment.")
    reply = make_comment(thread, author, "A reply.", parent=comment)
    pending = make_comment(thread, author, "Held for moderation.")
    pending.status = CommentStatus.PENDING
    other = make_thread(make_consultation("open", slug="other-consultation"))
    closed = make_consultation("closed", slug="closed-consultation")
    closed_thread = make_thread(closed)
    draft = make_consultation("draft", slug="draft-consultation")
    draft_thread = make_thread(draft)
    db.session.commit()
    return {
        "slug": open_one.slug,
        "consultation_id": open_one.id,
        "thread_id": thread.id,
        "comment_id": comment.id,
        "reply_id": reply.id,
        "pending_id": pending.id,
        "other_thread_id": other.id,
        "closed_slug": closed.slug,
        "closed_thread_id": closed_thread.id,
        "draft_slug": draft.slug,
        "draft_id": draft.id,
        "draft_thread_id": draft_thread.id,
    }
