"""Demo requests for the councillor responses pages (`flask councillor-responses seed-demo`).

Only for the demo site made by `flask seed-demo` (it refuses any other
database): the demo councillor gets a request waiting on their dashboard,
and their demo reply answers a resident's routed comment, so the thread
pages show both kinds of notice.
"""

from __future__ import annotations

from sqlalchemy import select

from consultation.plugin_api import Comment, Thread, User, db
from consultation_councillor_responses.models import Origin, RequestStatus
from consultation_councillor_responses.services import create_request

#: The form tokens `flask seed-demo` gives a resident's comment and the councillor's reply to it.
DEMO_TOKENS = ("demo-1", "demo-2")


class DemoRefused(Exception):
    """The database is not the demo site."""


def _one(query, missing: str):
    found = db.session.scalar(query)
    if found is None:
        raise DemoRefused(missing)
    return found


def seed_demo() -> int:
    """Add the demo requests (once); returns how many were added."""
    councillor = _one(
        select(User).where(User.email == "councillor@example.org", User.is_demo.is_(True)),
        "No demo councillor: run `flask seed-demo` on an empty database first.",
    )
    hours = _one(
        select(Thread).where(Thread.title == "Which opening hours would suit you?"),
        "The demo consultation is missing: run `flask seed-demo` first.",
    )
    offer = _one(
        select(Thread).where(Thread.title == "What else should libraries offer?"),
        "The demo consultation is missing: run `flask seed-demo` first.",
    )
    asked = _one(
        select(Comment).where(Comment.submission_token == DEMO_TOKENS[0]),
        "The demo comments are missing: run `flask seed-demo` first.",
    )
    reply = _one(
        select(Comment).where(Comment.submission_token == DEMO_TOKENS[1]),
        "The demo comments are missing: run `flask seed-demo` first.",
    )
    made = 0
    answered, created = create_request(
        hours, origin=Origin.ROUTED, comment_id=asked.id, ward_id=councillor.ward_id
    )
    if created:
        answered.status = RequestStatus.ANSWERED
        answered.answered_at = reply.created_at
        answered.answered_by_id = councillor.id
        answered.reply_comment_id = reply.id
        made += 1
    made += create_request(offer, origin=Origin.THREAD, ward_id=councillor.ward_id)[1]
    db.session.commit()
    return made
