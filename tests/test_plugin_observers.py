"""Observer hooks: told after commit, one plugin at a time, a failing one isolated."""

import logging

import pytest
from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.comments.models import Comment
from consultation.outcomes.models import Outcome
from consultation.plugin_api import Plugin, announce, announce_status_change, db, hookimpl, record
from consultation.plugin_system.models import PluginState
from consultation.plugin_system.services import set_enabled
from consultation.testing.factories import (
    make_comment,
    make_consultation,
    make_thread,
    make_user,
)


class Listener(Plugin):
    """Writes down every observer hook it hears, and stores an audit row for each."""

    def __init__(self, name="listener", priority=100):
        self.name, self.priority = name, priority
        self.heard = []

    def _note(self, *event):
        self.heard.append(event)
        # A plugin's own database work, committed by the plugin system after the call.
        record(f"{self.name}.heard", target_type="hook", target_id=event[0])

    @hookimpl
    def comment_published(self, comment):
        self._note("comment_published", comment.body_text, comment.thread.consultation.slug)

    @hookimpl
    def comment_status_changed(self, comment, old_status, new_status, actor):
        self._note("comment_status_changed", old_status, new_status, actor.id if actor else None)

    @hookimpl
    def consultation_opened(self, consultation):
        self._note("consultation_opened", consultation.slug)

    @hookimpl
    def consultation_closed(self, consultation):
        self._note("consultation_closed", consultation.slug)

    @hookimpl
    def outcome_published(self, consultation, outcome):
        self._note("outcome_published", consultation.slug, outcome.decision)


class Crashing(Plugin):
    """Raises in every observer hook, after writing something that must not stay."""

    name = "crashing"
    priority = 10  # runs before the listener

    def _crash(self):
        record("crashing.half_done", target_type="hook")
        raise RuntimeError("mail server down")

    @hookimpl
    def comment_published(self, comment):
        self._crash()

    @hookimpl
    def consultation_closed(self, consultation):
        self._crash()


def _heard_rows(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_hook_comment_published_runs_after_commit_and_isolates_a_failing_plugin(plugin_app, caplog):
    listener = Listener()
    plugin_app(Crashing(), listener)
    consultation = make_consultation("open", slug="libraries")
    with caplog.at_level(logging.ERROR, logger="consultation.plugins"):
        comment = make_comment(make_thread(consultation), make_user(), body="Open later")

    # The crash came after the comment's commit: the comment is stored, published.
    assert db.session.get(Comment, comment.id).status == "published"
    assert listener.heard == [("comment_published", "Open later", "libraries")]
    assert len(_heard_rows("listener.heard")) == 1  # the listener's own write was committed
    assert _heard_rows("crashing.half_done") == []  # the crashing plugin's was rolled back
    assert db.session.get(PluginState, "crashing").last_error == "RuntimeError: mail server down"
    assert any("crashing failed in comment_published" in r.getMessage() for r in caplog.records)


def test_a_held_comment_is_not_announced_as_published(plugin_app):
    from consultation.plugin_api import Verdict

    class Hold(Plugin):
        name = "hold"

        @hookimpl
        def comment_pre_publish(self, comment):
            return Verdict.hold("Checked first")

    listener = Listener()
    plugin_app(Hold(), listener)
    make_comment(make_thread(make_consultation("open")), make_user())
    assert listener.heard == []


def test_hook_comment_status_changed_and_published_when_a_moderator_approves(plugin_app):
    listener = Listener()
    plugin_app(listener)
    moderator = make_user("moderator")
    comment = make_comment(make_thread(make_consultation("open", slug="parks")), make_user())
    listener.heard.clear()

    comment.status = "pending"
    db.session.commit()
    comment.status = "published"
    db.session.commit()
    announce_status_change(comment, "pending", "published", moderator)

    assert listener.heard == [
        ("comment_status_changed", "pending", "published", moderator.id),
        ("comment_published", "A comment.", "parks"),
    ]


def test_announcing_before_commit_is_a_programming_error_in_tests(plugin_app):
    plugin_app(Listener())
    consultation = make_consultation("open")
    consultation.title = "Changed but not committed"
    with pytest.raises(RuntimeError, match="before commit"):
        announce("consultation_opened", consultation=consultation)
    db.session.rollback()


def test_hook_consultation_opened_reaches_plugins_enabled_for_it(plugin_app):
    listener = Listener()
    plugin_app(listener)
    opened, excluded = make_consultation("open", slug="opened"), make_consultation("open")
    set_enabled("listener", False, consultation=excluded)

    announce("consultation_opened", consultation=opened)
    announce("consultation_opened", consultation=excluded)
    assert listener.heard == [("consultation_opened", "opened")]


def test_hook_consultation_closed_still_reaches_others_when_one_plugin_fails(plugin_app):
    listener = Listener()
    plugin_app(Crashing(), listener)
    consultation = make_consultation("closed", slug="closed-one")

    announce("consultation_closed", consultation=consultation)
    assert listener.heard == [("consultation_closed", "closed-one")]
    assert db.session.get(PluginState, "crashing").last_error_hook == "consultation_closed"


def test_hook_outcome_published_gets_the_consultation_and_its_outcome(plugin_app):
    listener = Listener()
    plugin_app(listener)
    consultation = make_consultation("outcome_published", slug="parking")
    outcome = Outcome(
        consultation_id=consultation.id,
        decision="Free parking after 6pm",
        decision_maker="Cabinet",
    )
    db.session.add(outcome)
    db.session.commit()

    announce("outcome_published", consultation=consultation, outcome=outcome)
    assert listener.heard == [("outcome_published", "parking", "Free parking after 6pm")]
    with pytest.raises(TypeError, match="outcome"):
        announce("outcome_published", consultation=consultation)


def test_only_observer_hooks_can_be_announced(plugin_app):
    plugin_app(Listener())
    with pytest.raises(ValueError, match="not an observer hook"):
        announce("comment_pre_publish", comment=None)


def test_observers_run_in_priority_order_not_installation_order(plugin_app):
    order = []

    class Named(Plugin):
        def __init__(self, name, priority):
            self.name, self.priority = name, priority

        @hookimpl
        def consultation_opened(self, consultation):
            order.append(self.name)

    plugin_app(Named("zeta", 1), Named("alpha", 50), Named("beta", 50))
    announce("consultation_opened", consultation=make_consultation("open"))
    assert order == ["zeta", "alpha", "beta"]
