"""Opening and closing by the server clock, and the officer's own timetable changes."""

from __future__ import annotations

from datetime import timedelta

from officer_helpers import clock_at
from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.consultations.models import Lifecycle
from consultation.database import utcnow
from consultation.extensions import db
from consultation.testing.factories import make_consultation, make_thread, make_user
from consultation.testing.html import page_text


def test_the_clock_opens_and_closes_consultations_once_however_often_cron_runs(runner):
    now = utcnow()
    upcoming = make_consultation(
        "scheduled", opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=3)
    )
    ending = make_consultation("open", closes_at=now + timedelta(hours=2))
    with clock_at(now + timedelta(hours=3)):
        assert upcoming.state() is Lifecycle.OPEN and ending.state() is Lifecycle.CLOSED
        first = runner.invoke(args=["consultations", "tick"]).output
        second = runner.invoke(args=["consultations", "tick"]).output
    assert f"{upcoming.slug}: consultation_opened" in first
    assert f"{ending.slug}: consultation_closed" in first
    assert second.strip() == "Nothing to open or close."
    db.session.expire_all()
    assert (upcoming.status, ending.status) == (Lifecycle.OPEN, Lifecycle.CLOSED)
    events = db.session.execute(select(AuditEvent.action, AuditEvent.actor_id)).all()
    assert sorted(events) == [("consultation.closed", None), ("consultation.opened", None)]


def test_a_consultation_scheduled_and_closed_while_cron_slept_is_opened_then_closed(runner):
    now = utcnow()
    missed = make_consultation(
        "scheduled", opens_at=now + timedelta(hours=1), closes_at=now + timedelta(hours=2)
    )
    with clock_at(now + timedelta(hours=5)):
        output = runner.invoke(args=["consultations", "tick"]).output
    assert f"{missed.slug}: consultation_opened, consultation_closed" in output


def test_closing_early_shows_residents_the_reason(client):
    officer = make_user("officer", email="olu@example.org")
    consultation = make_consultation("open", slug="bus-routes")
    make_thread(consultation)
    client.login(officer.email)
    url = f"/officer/consultations/{consultation.id}/close"
    reason = "The bus company withdrew the proposal."
    assert client.submit(url, {"reason": reason}, page=url).status_code == 303
    page = page_text(client.get("/consultations/bus-routes").get_data(as_text=True))
    assert f"It closed early because: {reason}" in page
    assert "This consultation closed on" in page


def test_open_now_opens_a_scheduled_consultation_from_this_moment(client):
    officer = make_user("officer", email="olu@example.org")
    consultation = make_consultation("scheduled", slug="bus-routes", decision_maker="Cabinet")
    make_thread(consultation)
    client.login(officer.email)
    manage = f"/officer/consultations/{consultation.id}"
    assert client.submit(f"{manage}/open", page=manage).status_code == 303
    db.session.expire_all()
    assert consultation.status == Lifecycle.OPEN
    assert consultation.opens_at <= utcnow()
    assert "This consultation is open" in page_text(
        client.get("/consultations/bus-routes").get_data(as_text=True)
    )


def test_a_scheduled_consultation_goes_back_to_draft_and_out_of_public_view(client):
    officer = make_user("officer", email="olu@example.org")
    consultation = make_consultation("scheduled", slug="bus-routes")
    client.login(officer.email)
    assert client.get("/consultations/bus-routes").status_code == 200
    manage = f"/officer/consultations/{consultation.id}"
    assert client.submit(f"{manage}/unschedule", page=manage).status_code == 303
    assert client.get("/consultations/bus-routes").status_code == 404
