"""Every privileged action in the officer console writes one audit event, naming who did it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from officer_helpers import consultation_form, date_input
from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome, OutcomePoint, OutcomeVersion
from consultation.testing.factories import make_consultation, make_thread, make_user

#: (url, form data) for one action, built from the records the setup made.
Step = tuple[str, dict]


def _ready_draft():
    draft = make_consultation("draft", decision_maker="Cabinet")
    make_thread(draft, title="First")
    make_thread(draft, title="Second", position=1)
    return draft


def _closed_with_outcome(published: bool = False):
    consultation = make_consultation("outcome_published" if published else "closed")
    thread = make_thread(consultation)
    outcome = Outcome(
        consultation_id=consultation.id,
        decision="Agreed.",
        decision_maker="Cabinet",
        decision_date=utcnow().date(),
        we_did="We did it.",
        published_at=utcnow() if published else None,
    )
    outcome.points = [OutcomePoint(body="A point.", body_html="<p>A point.</p>")]
    if published:
        outcome.versions = [OutcomeVersion(number=1, content={}, published_at=utcnow())]
    db.session.add(outcome)
    db.session.commit()
    return consultation, thread, outcome


def create() -> Step:
    return "/officer/consultations/new", consultation_form()


def edit() -> Step:
    c = make_consultation("open")
    return f"/officer/consultations/{c.id}/edit", {
        "title": "A clearer title",
        "summary": c.summary,
        "body": c.body,
        "area": "whole",
        "decision_maker": "Cabinet",
        "owning_team": "policy",
    }


def add_thread() -> Step:
    c = make_consultation("open")
    return f"/officer/consultations/{c.id}/threads/new", {"title": "New?", "prompt": ""}


def edit_thread() -> Step:
    c = make_consultation("open")
    t = make_thread(c)
    return f"/officer/consultations/{c.id}/threads/{t.id}/edit", {"title": "Better?", "prompt": ""}


def move_thread() -> Step:
    c = _ready_draft()
    second = c.threads[1]
    return f"/officer/consultations/{c.id}/threads/{second.id}/move", {"direction": "up"}


def retire_thread() -> Step:
    c = make_consultation("open")
    t = make_thread(c)
    return f"/officer/consultations/{c.id}/threads/{t.id}/retire", {"retired": "1"}


def restore_thread() -> Step:
    c = make_consultation("open")
    t = make_thread(c, retired=True)
    return f"/officer/consultations/{c.id}/threads/{t.id}/retire", {"retired": "0"}


def schedule() -> Step:
    return f"/officer/consultations/{_ready_draft().id}/schedule", {}


def unschedule() -> Step:
    return f"/officer/consultations/{make_consultation('scheduled').id}/unschedule", {}


def open_now() -> Step:
    return f"/officer/consultations/{_ready_draft().id}/open", {}


def extend() -> Step:
    c = make_consultation("open")
    later = c.closes_at + timedelta(days=7)
    return f"/officer/consultations/{c.id}/extend", {
        **date_input("closes_at", later),
        "reason": "Time after the holidays.",
    }


def close_early() -> Step:
    c = make_consultation("open")
    return f"/officer/consultations/{c.id}/close", {"reason": "The proposal was withdrawn."}


def save_outcome() -> Step:
    c = make_consultation("closed")
    return f"/officer/consultations/{c.id}/outcome", {"decision": "Agreed.", "we_did": "We did."}


def publish() -> Step:
    c, _t, _o = _closed_with_outcome()
    return f"/officer/consultations/{c.id}/outcome/publish", {}


def revise_outcome() -> Step:
    c, _t, o = _closed_with_outcome(published=True)
    return f"/officer/consultations/{c.id}/outcome", {
        "decision": "Agreed, with changes.",
        "decision_maker": o.decision_maker,
        **date_input("decision_date", o.decision_date),
        "we_did": o.we_did,
        "change_note": "The decision was amended.",
    }


def add_point() -> Step:
    c, t, _o = _closed_with_outcome()
    return f"/officer/consultations/{c.id}/outcome/points/new", {
        "body": "You said, we did.",
        "thread_ids": [t.id],
        "comment_ids": "",
    }


def edit_point() -> Step:
    c, _t, o = _closed_with_outcome()
    return f"/officer/consultations/{c.id}/outcome/points/{o.points[0].id}/edit", {
        "body": "Reworded.",
        "comment_ids": "",
    }


def remove_point() -> Step:
    c, _t, o = _closed_with_outcome(published=True)
    return f"/officer/consultations/{c.id}/outcome/points/{o.points[0].id}/remove", {
        "change_note": "A duplicate point.",
    }


def roles_change() -> Step:
    person = make_user(email="new.officer@example.org")
    return f"/officer/people/{person.id}", {"roles": ["officer"], "ward_id": "", "team": "policy"}


def deactivate() -> Step:
    person = make_user(email="leaver@example.org")
    return f"/officer/people/{person.id}/deactivate", {}


def reactivate() -> Step:
    person = make_user(email="returner@example.org")
    person.active = False
    db.session.commit()
    return f"/officer/people/{person.id}/reactivate", {}


OFFICER_ACTIONS: list[tuple[Callable[[], Step], str]] = [
    (create, "consultation.create"),
    (edit, "consultation.edit"),
    (add_thread, "thread.create"),
    (edit_thread, "thread.edit"),
    (move_thread, "thread.move"),
    (retire_thread, "thread.retire"),
    (restore_thread, "thread.restore"),
    (schedule, "consultation.schedule"),
    (unschedule, "consultation.unschedule"),
    (open_now, "consultation.open"),
    (extend, "consultation.extend"),
    (close_early, "consultation.close_early"),
    (save_outcome, "outcome.save"),
    (publish, "outcome.publish"),
    (revise_outcome, "outcome.edit"),
    (add_point, "outcome.point_add"),
    (edit_point, "outcome.point_edit"),
    (remove_point, "outcome.point_remove"),
]
ADMIN_ACTIONS = [
    (roles_change, "user.roles_change"),
    (deactivate, "user.deactivate"),
    (reactivate, "user.reactivate"),
]


@pytest.mark.parametrize(
    "role, setup, action",
    [("officer", s, a) for s, a in OFFICER_ACTIONS] + [("admin", s, a) for s, a in ADMIN_ACTIONS],
    ids=[a for _s, a in OFFICER_ACTIONS + ADMIN_ACTIONS],
)
def test_each_privileged_action_writes_one_audit_event_with_its_actor(client, role, setup, action):
    make_user("officer", email="bystander@example.org")  # another officer, never the actor
    actor = make_user(role, email=f"acting.{role}@example.org", name="Acting Person")
    url, data = setup()
    last = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
    client.login(actor.email)
    response = client.submit(url, data, page="/officer/")
    assert response.status_code == 303, response.get_data(as_text=True)
    new = db.session.scalars(select(AuditEvent).where(AuditEvent.id > last)).all()
    assert [(e.action, e.actor_id) for e in new] == [(action, actor.id)]
    assert new[0].target_id is not None
    if action.startswith(("consultation.", "thread.", "outcome.")):
        assert new[0].consultation_id is not None  # officers find it in the consultation's trail


def test_submitting_the_same_change_twice_records_it_once(client):
    officer = make_user("officer", email="officer@example.org")
    url, data = extend()
    client.login(officer.email)
    for _ in range(2):
        assert client.submit(url, data, page="/officer/").status_code == 303
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["consultation.extend"]


def test_a_double_submitted_new_consultation_is_stored_once(client):
    from consultation.consultations.models import Consultation

    officer = make_user("officer", email="officer@example.org")
    client.login(officer.email)
    url, data = create()
    first = client.submit(url, data, page=url)
    second = client.submit(url, data, page=url)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(db.session.scalars(select(Consultation)).all()) == 1
    assert db.session.scalars(select(AuditEvent.action)).all() == ["consultation.create"]
