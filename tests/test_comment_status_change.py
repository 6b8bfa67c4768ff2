"""Changing a stored comment's status: one service, conditional, told to plugins after commit."""

from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.comments.models import Comment
from consultation.comments.services import change_status
from consultation.plugin_api import Plugin, db, hookimpl, record
from consultation.testing.factories import make_comment, make_consultation, make_thread, make_user


class Listener(Plugin):
    """Notes each status change it hears, with what the database held at that moment."""

    name = "listener"

    def __init__(self):
        self.heard = []

    @hookimpl
    def comment_status_changed(self, comment, old_status, new_status, actor):
        stored = db.session.scalar(select(Comment.status).where(Comment.id == comment.id))
        self.heard.append((old_status, new_status, actor.id if actor else None, stored))


def _comment():
    thread = make_thread(make_consultation("open"))
    return make_comment(thread, make_user(), "A comment that a moderator will hide.")


def test_a_status_change_is_committed_with_the_callers_records_then_announced(plugin_app):
    listener = Listener()
    plugin_app(listener)
    comment = _comment()
    moderator = make_user("moderator")
    before = comment.updated_at
    record("example.decision", comment, actor=moderator)  # the caller's own record

    changed = change_status(
        comment, "hidden", reason="Breaks a house rule.", actor=moderator, expected="published"
    )

    assert changed
    db.session.expire_all()
    stored = db.session.get(Comment, comment.id)
    assert (stored.status, stored.status_reason) == ("hidden", "Breaks a house rule.")
    assert stored.updated_at > before  # cached thread counts notice the change
    assert db.session.scalar(select(AuditEvent.action)) == "example.decision"
    assert listener.heard == [("published", "hidden", moderator.id, "hidden")]


def test_a_change_based_on_a_stale_status_changes_nothing_and_keeps_nothing(plugin_app):
    listener = Listener()
    plugin_app(listener)
    comment = _comment()
    assert change_status(comment, "hidden", expected="published")
    record("example.decision", comment)

    again = change_status(comment, "rejected", reason="Too late.", expected="published")

    assert not again
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == "hidden"
    assert db.session.scalar(select(AuditEvent.id)) is None  # rolled back with the change
    assert [heard[:2] for heard in listener.heard] == [("published", "hidden")]


def test_new_text_for_a_resubmitted_comment_goes_through_the_sanitiser(app):
    comment = _comment()
    change_status(comment, "rejected", expected="published")

    change_status(comment, "pending", expected="rejected", body="New <b>words</b> www.example.org")

    db.session.expire_all()
    stored = db.session.get(Comment, comment.id)
    assert stored.body_text == "New <b>words</b> www.example.org"
    assert "&lt;b&gt;words&lt;/b&gt;" in stored.body_html
    assert 'rel="nofollow ugc noopener"' in stored.body_html
