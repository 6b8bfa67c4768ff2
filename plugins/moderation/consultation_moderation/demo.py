"""Demo records for the moderation pages: a held, a reported and a rejected comment.

Only for the demo site made by `flask seed-demo` (it refuses any other
database), so the queue, the author's remedies and the summary have
something to show.
"""

from __future__ import annotations

from sqlalchemy import select

from consultation.plugin_api import Comment, Thread, User, db, post_comment
from consultation_moderation import decisions, flags, items

HELD = "demo-moderation-held"
REPORTED = "demo-moderation-reported"
REJECTED = "demo-moderation-rejected"


class DemoRefused(Exception):
    """The database is not the demo site."""


def _person(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email, User.is_demo.is_(True)))
    if user is None:
        raise DemoRefused(f"No demo account {email}: run `flask seed-demo` on an empty database.")
    return user


def seed_demo() -> bool:
    """Add the records once; False when they are already there."""
    if db.session.scalar(select(Comment.id).where(Comment.submission_token == HELD)):
        return False
    resident = _person("resident@example.org")
    councillor = _person("councillor@example.org")
    moderator = _person("moderator@example.org")
    thread = db.session.scalar(
        select(Thread).where(Thread.title == "What else should libraries offer?")
    )
    if thread is None:
        raise DemoRefused("The demo consultation is missing: run `flask seed-demo` first.")
    thread.consultation  # noqa: B018  (loaded for the posting service)

    def post(token: str, author: User, body: str) -> Comment:
        return post_comment(thread=thread, token=token, author=author, body=body).comment

    post(HELD, resident, "Happy to help run a book club – ring me on 07911 123456.")
    reported = post(REPORTED, councillor, "A weekly repair café would suit the main library.")
    flags.flag_comment(reported, resident, "off_topic")
    rejected = post(REJECTED, resident, "Whoever runs the library now is hopeless, sack them all.")
    decisions.decide(
        rejected,
        action="reject",
        moderator=moderator,
        seen_version=items.item_for(rejected.id).version if items.item_for(rejected.id) else 0,
        rule="abusive",
        note="Please comment on the service, not on named staff.",
    )
    return True
