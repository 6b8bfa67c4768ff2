"""The audit log page: officers read consultations' trails, admins read everything; filters work."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.audit.services import record
from consultation.extensions import db
from consultation.testing.factories import make_consultation, make_user
from consultation.testing.html import by_id, elements, local_name, parse, text_of


def _rows(html: str) -> list[str]:
    """Each audit entry on the page, as its text."""
    body = next((e for e in elements(parse(html)) if local_name(e.tag) == "tbody"), [])
    return [text_of(row) for row in body if local_name(row.tag) == "tr"]


def _event(action, actor, consultation=None, when=None, **details):
    event = record(
        action,
        consultation,
        actor=actor,
        target_type=None if consultation else "user",
        target_id=None if consultation else 1,
        **details,
    )
    if when:
        event.created_at = when
    db.session.commit()
    return event


def test_officers_read_consultation_events_and_admins_read_every_event(client):
    officer = make_user("officer", email="olu@example.org", name="Olu Officer")
    admin = make_user("admin", email="ada@example.org", name="Ada Admin")
    consultation = make_consultation("open", title="Library hours")
    _event(
        "consultation.edit", officer, consultation, before={"title": "Old"}, after={"title": "New"}
    )
    _event("user.roles_change", admin, before={"roles": []}, after={"roles": ["officer"]})

    client.login(officer.email)
    rows = _rows(client.get("/officer/audit").get_data(as_text=True))
    assert len(rows) == 1
    assert "Olu Officer" in rows[0] and "consultation.edit" in rows[0]
    assert "Library hours" in rows[0] and "Old → New" in rows[0]

    client.logout()
    client.login(admin.email)
    rows = _rows(client.get("/officer/audit").get_data(as_text=True))
    assert [("user.roles_change" in r, "consultation.edit" in r) for r in rows] == [
        (True, False),
        (False, True),
    ]


def test_the_log_filters_by_person_action_consultation_and_uk_date(client):
    admin = make_user("admin", email="ada@example.org", name="Ada Admin")
    olu = make_user("officer", email="olu@example.org", name="Olu Officer")
    pat = make_user("officer", email="pat@example.org", name="Pat Officer")
    library = make_consultation("open", title="Library hours")
    parks = make_consultation("open", title="Parks")
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    late_june = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    _event("consultation.edit", olu, library, when=datetime(2026, 6, 30, 12, tzinfo=UTC))
    _event("consultation.extend", olu, parks, when=late_june)
    _event("consultation.edit", pat, parks, when=datetime(2026, 7, 2, 9, tzinfo=UTC))
    client.login(admin.email)

    def rows(query: str) -> list[str]:
        return _rows(client.get("/officer/audit?" + query).get_data(as_text=True))

    assert len(rows(f"actor={olu.id}")) == 2
    assert len(rows("action=consultation.edit")) == 2
    assert len(rows(f"consultation={parks.id}")) == 2
    july_first = "date_from-day=1&date_from-month=7&date_from-year=2026"
    july_first += "&date_to-day=1&date_to-month=7&date_to-year=2026"
    (only,) = rows(july_first)
    assert "consultation.extend" in only
    assert rows(f"actor={pat.id}&action=consultation.extend") == []


def test_a_bad_filter_date_is_explained_not_ignored(client):
    officer = make_user("officer", email="olu@example.org")
    client.login(officer.email)
    response = client.get("/officer/audit?date_from-day=31&date_from-month=2&date_from-year=2026")
    assert response.status_code == 400
    summary = by_id(response.get_data(as_text=True), "date_from-error")
    assert "From date must be a real date" in text_of(summary)


def test_the_log_offers_no_way_to_change_an_entry(client):
    admin = make_user("admin", email="ada@example.org")
    consultation = make_consultation("open")
    event = _event("consultation.edit", admin, consultation)
    client.login(admin.email)
    html = client.get("/officer/audit").get_data(as_text=True)
    forms = [e for e in elements(parse(html)) if local_name(e.tag) == "form"]
    assert all(form.get("method", "get").lower() == "get" for form in forms[1:])  # [0]: sign out
    event.action = "consultation.tampered"
    try:
        db.session.commit()
        changed = True
    except PermissionError:
        db.session.rollback()
        changed = False
    assert not changed
    assert db.session.scalar(select(AuditEvent.action)) == "consultation.edit"
