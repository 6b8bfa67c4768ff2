"""The data-rights hooks: download, erasure, subject-access search and retention ask plugins.

Each hook is asked of every loaded plugin, switched on or not (a plugin
switched off still holds what it stored), and each has its error policy
proved here with a plugin that raises.
"""

from __future__ import annotations

import json

import pytest

from consultation.audit.models import AuditEvent
from consultation.auth.models import User
from consultation.comments.models import Comment
from consultation.data_rights import retention
from consultation.data_rights.erasure import erase_account
from consultation.outcomes.models import Outcome
from consultation.plugin_api import PersonalDataHit, Plugin, Scrubber, db, hookimpl
from consultation.plugin_system.models import PluginState
from consultation.testing.factories import (
    PASSWORD,
    make_comment,
    make_consultation,
    make_thread,
    make_user,
)
from consultation.testing.html import page_text


class Holder(Plugin):
    """Holds one note per person and one name per consultation, in memory."""

    def __init__(self, name: str = "holder", priority: int = 100, fail: str = "") -> None:
        self.name, self.priority, self.fail = name, priority, fail
        self.notes: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self.erased: list[int] = []

    def _maybe_fail(self, hook: str) -> None:
        if self.fail == hook:
            raise RuntimeError(f"{hook} broke")

    @hookimpl
    def personal_data(self, user):
        self._maybe_fail("personal_data")
        note = self.notes.get(user.id)
        return {"note": note} if note else None

    @hookimpl
    def erase_personal_data(self, user):
        self._maybe_fail("erase_personal_data")
        # The person's comments still exist while plugins erase.
        assert db.session.scalar(db.select(Comment.id).where(Comment.author_id == user.id))
        self.notes.pop(user.id, None)
        self.erased.append(user.id)

    @hookimpl
    def find_personal_data(self, query):
        self._maybe_fail("find_personal_data")
        return [
            PersonalDataHit(f"name-{cid}", "Held name", name, f"consultation {cid}", {"name": name})
            for cid, name in self.names.items()
            if query.lower() in name.lower()
        ]

    @hookimpl
    def anonymise_consultation(self, consultation):
        self._maybe_fail("anonymise_consultation")
        return 1 if self.names.pop(consultation.id, None) else 0


def _person():
    person = make_user(email="hana.held@example.org", name="Hana Held")
    make_comment(make_thread(make_consultation("open")), person, "Mine.")
    return person


def _decided_long_ago():
    consultation = make_consultation("outcome_published")
    db.session.add(
        Outcome(
            consultation_id=consultation.id,
            published_at=retention.months_before(retention.utcnow(), 30),
        )
    )
    db.session.commit()
    return consultation


def test_hook_personal_data_is_the_plugins_section_of_the_download(plugin_app):
    holder, empty = Holder(), Holder("empty", 10)
    app = plugin_app(holder, empty, enabled=False)  # switched off: still asked
    person = _person()
    holder.notes[person.id] = "Prefers large print"
    client = app.test_client()
    client.login(person.email)
    document = client.get("/account/data/download").get_json()
    assert document["plugins"] == {"holder": {"note": "Prefers large print"}}


def test_hook_personal_data_failing_gives_no_incomplete_download(plugin_app):
    app = plugin_app(Holder(fail="personal_data"))
    person = _person()
    client = app.test_client()
    client.login(person.email)
    response = client.get("/account/data/download")
    assert response.status_code == 503
    assert "Content-Disposition" not in response.headers
    assert "could not collect all your data" in page_text(response.get_data(as_text=True))
    state = db.session.get(PluginState, "holder")
    assert state.last_error == "RuntimeError: personal_data broke"


def test_hook_erase_personal_data_runs_in_the_erasure(plugin_app):
    holder = Holder()
    plugin_app(holder, enabled=False)
    person = _person()
    person_id = person.id
    holder.notes[person_id] = "Prefers large print"
    erase_account(person)
    assert holder.erased == [person_id] and holder.notes == {}


def test_hook_erase_personal_data_failing_erases_nothing(plugin_app):
    app = plugin_app(Holder(fail="erase_personal_data"))
    person = _person()
    client = app.test_client()
    client.login(person.email)
    response = client.submit("/account/delete", {"password": PASSWORD}, page="/account/delete")
    assert response.status_code == 503
    assert "could not be deleted just now" in page_text(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(User, person.id) is not None
    assert db.session.scalar(db.select(Comment.author_id)) == person.id
    assert db.session.get(PluginState, "holder").last_error_hook == "erase_personal_data"
    assert not db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.erased"))


def test_hook_find_personal_data_lists_hits_for_download(plugin_app):
    holder = Holder()
    app = plugin_app(holder, enabled=False)
    holder.names = {7: "Rowan Paper", 8: "Someone Else"}
    client = app.test_client()
    client.login(make_user("admin").email)
    html = client.get("/officer/subject-access?q=rowan").get_data(as_text=True)
    assert "Rowan Paper" in page_text(html) and "Someone Else" not in page_text(html)
    response = client.submit(
        "/officer/subject-access/records/download",
        {"q": "rowan", "plugin": "holder", "reference": "name-7"},
        page="/officer/subject-access",
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    document = response.get_json()
    assert document["plugin"] == "holder"
    assert document["record"]["name"] == "Rowan Paper"
    downloads = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "subject_access.download")
    ).all()
    assert [(e.target_type, e.target_id) for e in downloads] == [("plugin:holder", "name-7")]
    # A reference the search does not find is not served.
    missing = client.submit(
        "/officer/subject-access/records/download",
        {"q": "rowan", "plugin": "holder", "reference": "name-8"},
        page="/officer/subject-access",
    )
    assert missing.status_code == 404


def test_hook_find_personal_data_failing_is_named_on_the_page(plugin_app):
    app = plugin_app(Holder("broken", fail="find_personal_data"), Holder())
    client = app.test_client()
    client.login(make_user("admin").email)
    text = page_text(client.get("/officer/subject-access?q=rowan").get_data(as_text=True))
    assert "could not be searched" in text and "broken" in text
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "subject_access.search")
    )
    assert event.details["failed"] == ["broken"]


def test_hook_anonymise_consultation_is_asked_after_retention(plugin_app):
    holder = Holder()
    app = plugin_app(holder, enabled=False)
    old = _decided_long_ago()
    holder.names = {old.id: "Rowan Paper"}
    result = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "1 holder record(s)" in result.output
    assert holder.names == {}
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "retention.anonymised")
    )
    assert event.details["plugins"] == {"holder": 1}


def test_hook_anonymise_consultation_failing_rolls_back_that_consultation(plugin_app):
    app = plugin_app(Holder(fail="anonymise_consultation"))
    old = _decided_long_ago()
    comment = make_comment(make_thread(old), None, "Paper.", channel="paper", respondent_name="Ria")
    result = app.test_cli_runner().invoke(args=["retention", "apply"])
    assert result.exit_code == 1
    assert "NOT anonymised" in result.output and "holder" in result.output
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).respondent_name == "Ria"
    assert db.session.get(PluginState, "holder").last_error_hook == "anonymise_consultation"


def test_the_scrubber_replaces_an_address_anywhere_and_a_name_as_a_whole_word():
    scrub = Scrubber("sam@example.org", "Sam")
    assert scrub.text("Sam wrote to SAM@example.org; Samuel did not.") == (
        "Former participant wrote to [email address removed]; Samuel did not."
    )
    assert scrub.value({"Sam": ["sam@example.org", 3]}) == {
        "Former participant": ["[email address removed]", 3]
    }
    assert json.dumps(scrub.value({"n": None})) == '{"n": null}'


@pytest.mark.parametrize("hook", ["personal_data", "find_personal_data"])
def test_data_rights_hooks_ask_every_loaded_plugin_in_priority_order(plugin_app, hook):
    from consultation.data_rights.hooks import plugin_find, plugin_personal_data

    late, early = Holder("late", 90), Holder("early", 10)
    plugin_app(late, early, enabled=False)
    person = _person()
    late.notes[person.id] = early.notes[person.id] = "x"
    late.names = early.names = {1: "Rowan"}
    if hook == "personal_data":
        assert list(plugin_personal_data(person)) == ["early", "late"]
    else:
        assert list(plugin_find("rowan")[0]) == ["early", "late"]
