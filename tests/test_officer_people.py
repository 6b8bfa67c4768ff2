"""Admins find people, change their roles and deactivate accounts; the last admin stays one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.auth.models import User
from consultation.extensions import db
from consultation.testing.factories import PASSWORD, make_user, make_ward
from consultation.testing.html import error_summary, page_text


@pytest.fixture
def admin(client):
    person = make_user("admin", email="admin@example.org", name="Ada Admin")
    client.login(person.email)
    return person


def _roles(person: User) -> set[str]:
    db.session.expire_all()
    return set(db.session.get(User, person.id).roles)


def test_admin_finds_people_by_name_or_email(client, admin):
    make_user(email="sam.resident@example.org", name="Sam Resident")
    make_user(email="pat@example.org", name="Pat Neighbour")
    page = page_text(client.get("/officer/people?q=SAM").get_data(as_text=True))
    assert "Sam Resident" in page and "Pat Neighbour" not in page
    page = page_text(client.get("/officer/people?q=pat%40example").get_data(as_text=True))
    assert "Pat Neighbour" in page and "Sam Resident" not in page
    # A % typed in the box is looked for as a character, not as "anything".
    assert "0 people found." in page_text(
        client.get("/officer/people?q=%25").get_data(as_text=True)
    )


def test_admin_makes_a_resident_a_councillor_for_their_ward_and_an_officer(client, admin):
    ward = make_ward("Riverside Ward")
    person = make_user(email="alex@example.org", name="Alex Morgan")
    url = f"/officer/people/{person.id}"
    response = client.submit(
        url,
        {"roles": ["councillor", "officer"], "ward_id": str(ward.id), "team": "policy"},
        page=url,
    )
    assert response.status_code == 303
    assert _roles(person) == {"resident", "councillor", "officer"}
    changed = db.session.get(User, person.id)
    assert (changed.ward_id, changed.team) == (ward.id, "policy")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.roles_change"))
    assert event.actor_id == admin.id and event.target_id == str(person.id)
    assert event.details["before"]["roles"] == [] and event.details["after"]["roles"] == [
        "councillor",
        "officer",
    ]


def test_a_councillor_needs_the_ward_they_represent(client, admin):
    person = make_user(email="alex@example.org")
    url = f"/officer/people/{person.id}"
    response = client.submit(url, {"roles": ["councillor"], "ward_id": "", "team": ""}, page=url)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        "Choose the ward this councillor represents"
    ]
    assert _roles(person) == {"resident"}


def _let_go() -> None:
    # The test's own session writes too (BEGIN IMMEDIATE outside a request on SQLite):
    # end its transaction so the other "worker" is not kept waiting for the lock.
    db.session.commit()


def test_admin_revokes_a_role_and_it_stops_working_at_once(client, admin, make_app):
    officer = make_user("officer", email="olu@example.org")
    url = f"/officer/people/{officer.id}"
    other = make_app().test_client()
    _let_go()
    other.login("olu@example.org")
    assert other.get("/officer/").status_code == 200
    assert client.submit(url, {"roles": [], "ward_id": "", "team": ""}, page=url).status_code == 303
    _let_go()
    assert other.get("/officer/").status_code == 403


def test_the_last_admin_cannot_remove_their_own_admin_role(client, admin):
    url = f"/officer/people/{admin.id}"
    response = client.submit(url, {"roles": ["officer"], "ward_id": "", "team": ""}, page=url)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        "You are the only admin, so you cannot remove your own admin role. "
        "Make someone else an admin first."
    ]
    assert _roles(admin) == {"admin"}
    assert not db.session.scalars(select(AuditEvent)).all()


def test_an_admin_may_step_down_once_there_is_another(client, admin):
    make_user("admin", email="second.admin@example.org")
    url = f"/officer/people/{admin.id}"
    response = client.submit(url, {"roles": ["officer"], "ward_id": "", "team": ""}, page=url)
    assert response.status_code == 303
    assert _roles(admin) == {"officer"}


def test_deactivating_an_account_ends_its_sessions_at_once(client, admin, make_app):
    person = make_user(email="leaver@example.org")
    url = f"/officer/people/{person.id}/deactivate"
    theirs = make_app().test_client()
    _let_go()
    theirs.login("leaver@example.org")
    assert theirs.get("/account/comments").status_code == 200
    response = client.submit(url, page="/officer/people")
    assert response.status_code == 303
    _let_go()
    assert theirs.get("/account/comments").status_code == 302  # sent to sign in
    refused = theirs.submit("/auth/login", {"email": "leaver@example.org", "password": PASSWORD})
    assert refused.status_code != 302
    _let_go()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivate"))
    assert event.actor_id == admin.id


def test_an_admin_cannot_deactivate_their_own_account(client, admin):
    response = client.submit(f"/officer/people/{admin.id}/deactivate", page="/officer/people")
    assert response.status_code == 409
    assert error_summary(response.get_data(as_text=True)) == [
        "You cannot deactivate your own account"
    ]
    db.session.expire_all()
    assert db.session.get(User, admin.id).active


def test_officers_cannot_manage_people(client):
    officer = make_user("officer", email="olu@example.org")
    person = make_user(email="sam@example.org")
    client.login(officer.email)
    url = f"/officer/people/{person.id}"
    assert client.get("/officer/people").status_code == 403
    assert client.submit(url, {"roles": ["admin"]}, page="/officer/").status_code == 403
    assert _roles(person) == {"resident"}
