"""What the moderation plugin's tests share: people, posting through the form, deciding."""

from __future__ import annotations

import html as html_module
import re
from functools import cached_property

from consultation_moderation.models import ModerationDecision, ModerationItem
from sqlalchemy import select

from consultation.plugin_api import Comment, db
from consultation.testing.factories import make_consultation, make_thread, make_user


class People:
    """One of each person the moderation stories need, made when a test first asks for them.

    (Each account costs a password hash; most stories need only a few.)
    """

    @cached_property
    def author(self):
        return make_user(email="author@example.org", name="Ann Author")

    @cached_property
    def neighbour(self):
        return make_user(email="neighbour@example.org", name="Ned Neighbour")

    @cached_property
    def moderator(self):
        return make_user("moderator", email="mod@example.org", name="Jo Moderator")

    @cached_property
    def second_moderator(self):
        return make_user("moderator", email="mod2@example.org", name="Kim Moderator")

    @cached_property
    def officer(self):
        return make_user("officer", email="officer@example.org", name="Priya Officer")


def people() -> People:
    """A resident who writes, another who reads and reports, two moderators and an officer."""
    return People()


def open_thread(**fields):
    """An open consultation with one question."""
    consultation = make_consultation("open", **fields)
    return consultation, make_thread(consultation, title="Which opening hours would suit you?")


def thread_url(consultation, thread) -> str:
    return f"/consultations/{consultation.slug}/threads/{thread.id}"


def post_through_form(client, consultation, thread, body: str):
    """Post a comment as the signed-in person, the way the browser does."""
    url = thread_url(consultation, thread)
    return client.submit(f"{url}/comments", {"body": body}, page=url)


def latest_comment() -> Comment:
    db.session.expire_all()
    return db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()


def item_of(comment) -> ModerationItem | None:
    db.session.expire_all()
    return db.session.scalar(select(ModerationItem).where(ModerationItem.comment_id == comment.id))


def decisions_of(comment) -> list[ModerationDecision]:
    db.session.expire_all()
    query = select(ModerationDecision).where(ModerationDecision.comment_id == comment.id)
    return list(db.session.scalars(query.order_by(ModerationDecision.id)))


def status_of(comment) -> str:
    db.session.expire_all()
    return db.session.get(Comment, comment.id).status


def decide_through_form(client, comment, action: str, **fields):
    """A moderator's decision from the comment page, with the version the page showed."""
    page = f"/moderation/comments/{comment.id}"
    html = client.get(page).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', html)
    data = {"action": action, "version": version.group(1) or version.group(2), **fields}
    return client.submit(page, data, page=page)


def text(response) -> str:
    """The page's text with tags removed and spaces squeezed, as a person reads it."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def seed_waiting(thread, author, count: int, *, flagged_every: int = 5) -> None:
    """`count` comments waiting in the queue, added with bulk inserts (fast at 10,000).

    Every `flagged_every`-th one is published and reported instead of held,
    so the page shows both kinds.
    """
    from datetime import timedelta

    from consultation_moderation.models import ModerationFlag, ModerationItem
    from sqlalchemy import func, insert

    from consultation.plugin_api import comment_html, utcnow

    start = utcnow() - timedelta(days=3)
    first = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
    comments, queue, reports = [], [], []
    for n in range(count):
        body = f"Waiting comment {n}: please call me on 07911 123456."
        flagged = n % flagged_every == 0
        when = start + timedelta(seconds=n)
        comments.append(
            {
                "id": first + n,
                "thread_id": thread.id,
                "author_id": author.id,
                "channel": "web",
                "status": "published" if flagged else "pending",
                "body_text": body,
                "body_html": str(comment_html(body)),
                "submission_token": f"seed-{first + n}",
                "created_at": when,
                "received_at": when,
                "updated_at": when,
            }
        )
        queue.append(
            {
                "comment_id": first + n,
                "consultation_id": thread.consultation_id,
                "state": "waiting",
                "cause": "flagged" if flagged else "held",
                "rule": None if flagged else "personal_data",
                "findings": [] if flagged else [{"rule": "personal_data", "detail": "phone"}],
                "entered_at": when,
                "version": 1,
            }
        )
        if flagged:
            reports.append(
                {"comment_id": first + n, "user_id": None, "reason": "spam", "created_at": when}
            )
    db.session.execute(insert(Comment), comments)
    db.session.execute(insert(ModerationItem), queue)
    if reports:
        db.session.execute(insert(ModerationFlag), reports)
    db.session.commit()
