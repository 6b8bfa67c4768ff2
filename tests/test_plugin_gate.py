"""The publication gate: plugins approve, hold or reject a new comment, and fail closed."""

import logging

from sqlalchemy import func, select

from consultation.plugin_api import Comment, CommentRefused, Plugin, Verdict, db, hookimpl
from consultation.plugin_system.models import PluginState
from consultation.plugin_system.services import set_enabled
from consultation.testing.factories import (
    make_comment,
    make_consultation,
    make_thread,
    make_user,
)


class Gatekeeper(Plugin):
    """Answers comment_pre_publish with a fixed verdict."""

    def __init__(self, name, verdict, priority=100):
        self.name, self.verdict, self.priority = name, verdict, priority
        self.asked = []

    @hookimpl
    def comment_pre_publish(self, comment):
        self.asked.append(comment.body_text)
        return self.verdict


class Broken(Plugin):
    """A gate plugin with a bug."""

    name = "broken"

    @hookimpl
    def comment_pre_publish(self, comment):
        raise ValueError("word list missing")


def test_hook_comment_pre_publish_reject_beats_hold_beats_approve(plugin_app):
    plugin_app(
        Gatekeeper("yes", Verdict.approve()),
        Gatekeeper("wait", Verdict.hold("Contains a link"), priority=20),
        Gatekeeper("no", Verdict.reject("Breaks house rule 3"), priority=30),
        Gatekeeper("no_too", Verdict.reject("Breaks house rule 5"), priority=40),
    )
    thread = make_thread(make_consultation("open"))
    comment = make_comment(thread, make_user(), body="Hello")
    assert (comment.status, comment.status_reason) == ("rejected", "Breaks house rule 3")


def test_a_hold_wins_over_approvals_and_no_opinion_is_no_vote(plugin_app):
    plugin_app(
        Gatekeeper("silent", None),
        Gatekeeper("yes", Verdict.approve()),
        Gatekeeper("wait", Verdict.hold("Contains a link")),
    )
    comment = make_comment(make_thread(make_consultation("open")), make_user())
    assert (comment.status, comment.status_reason) == ("pending", "Contains a link")


def test_with_no_plugin_answering_a_comment_is_published(plugin_app):
    plugin_app(Gatekeeper("silent", None))
    comment = make_comment(make_thread(make_consultation("open")), make_user())
    assert (comment.status, comment.status_reason) == ("published", None)


def test_a_raising_gate_holds_the_comment_logs_and_shows_the_error_to_officers(plugin_app, caplog):
    app = plugin_app(Broken(), Gatekeeper("yes", Verdict.approve()))
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    make_user(email="resident@example.org")
    make_user("officer", email="officer@example.org")
    resident = app.test_client()
    resident.login("resident@example.org")
    url = f"/consultations/{consultation.slug}/threads/{thread.id}"

    with caplog.at_level(logging.ERROR, logger="consultation.plugins"):
        response = resident.submit(
            f"{url}/comments", {"body": "Open later", "submission_token": "t-1"}, page=url
        )
    assert response.status_code == 303
    page = resident.get(response.headers["Location"]).get_data(as_text=True)
    assert "awaiting moderation" in page
    assert "Open later" in page  # the author still sees their own held comment

    assert any(
        "broken" in r.getMessage() and "word list missing" in str(r.exc_info[1])
        for r in caplog.records
    )
    officer = app.test_client()
    officer.login("officer@example.org")
    plugins_page = officer.get("/officer/plugins/").get_data(as_text=True)
    assert "ValueError: word list missing" in plugins_page
    assert "comment_pre_publish" in plugins_page


class Refuser(Plugin):
    """Refuses every comment outright, as a pre-election pause does."""

    name = "refuser"

    @hookimpl
    def comment_pre_publish(self, comment):
        raise CommentRefused("Not now: try again after the election.")


def test_hook_comment_pre_publish_refusal_stores_nothing_and_gives_the_text_back(plugin_app):
    app = plugin_app(Refuser())
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    make_user(email="resident@example.org")
    resident = app.test_client()
    resident.login("resident@example.org")
    url = f"/consultations/{consultation.slug}/threads/{thread.id}"

    response = resident.submit(
        f"{url}/comments", {"body": "Words I typed", "submission_token": "t-r"}, page=url
    )

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Not now: try again after the election." in page
    assert "Words I typed" in page
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
    # A refusal is a decision, not a failure: nothing is kept as the plugin's error.
    state = db.session.get(PluginState, "refuser")
    assert state is None or state.last_error is None


def test_a_gate_that_returns_nonsense_holds_the_comment(plugin_app):
    plugin_app(Gatekeeper("confused", "approve"))
    comment = make_comment(make_thread(make_consultation("open")), make_user())
    assert comment.status == "pending"
    error = db.session.get(PluginState, "confused").last_error
    assert "not a Verdict" in error


def test_a_disabled_gate_is_not_asked(plugin_app):
    keeper = Gatekeeper("no", Verdict.reject("No"))
    plugin_app(keeper, enabled=False)
    comment = make_comment(make_thread(make_consultation("open")), make_user())
    assert comment.status == "published"
    assert keeper.asked == []


def test_switching_a_gate_off_for_one_consultation_publishes_there_only(plugin_app):
    plugin_app(Gatekeeper("premod", Verdict.hold("Every comment is checked first")))
    quiet, busy = make_consultation("open"), make_consultation("open")
    set_enabled("premod", False, consultation=quiet)

    assert make_comment(make_thread(quiet), make_user()).status == "published"
    assert make_comment(make_thread(busy), make_user()).status == "pending"


def test_switching_a_gate_on_for_one_consultation_holds_there_only(plugin_app):
    plugin_app(Gatekeeper("premod", Verdict.hold("Checked first")), enabled=False)
    strict, other = make_consultation("open"), make_consultation("open")
    set_enabled("premod", True, consultation=strict)

    assert make_comment(make_thread(strict), make_user()).status == "pending"
    assert make_comment(make_thread(other), make_user()).status == "published"
