"""Bad input in the officer console: a specific message, the text kept, nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from officer_helpers import consultation_form, date_input
from sqlalchemy import func, select

from consultation.audit.models import AuditEvent
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome, OutcomeVersion
from consultation.testing.factories import make_consultation, make_thread, make_user
from consultation.testing.html import error_summary


def _snapshot() -> tuple:
    """Everything these refusals must leave alone."""
    rows = db.session.execute(
        select(
            Consultation.id, Consultation.slug, Consultation.status, Consultation.closes_at
        ).order_by(Consultation.id)
    ).all()
    threads = db.session.execute(
        select(Thread.id, Thread.title, Thread.retired, Thread.position).order_by(Thread.id)
    ).all()
    return (
        rows,
        threads,
        db.session.scalar(select(func.count(AuditEvent.id))),
        db.session.scalar(select(func.count(Outcome.id).filter(Outcome.published_at.is_not(None)))),
        db.session.scalar(select(func.count(OutcomeVersion.id))),
    )


@pytest.fixture
def officer(client):
    person = make_user("officer", email="officer@example.org")
    client.login(person.email)
    return person


def test_closing_date_before_the_opening_date_is_refused_and_the_form_keeps_the_text(
    client, officer
):
    before = _snapshot()
    opens = utcnow() + timedelta(days=10)
    form = consultation_form(
        title="Bin collections",
        **date_input("opens_at", opens),
        **date_input("closes_at", opens - timedelta(days=1)),
    )
    response = client.submit("/officer/consultations/new", form, page="/officer/consultations/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The closing date must be after the opening date" in error_summary(html)
    assert 'value="Bin collections"' in html
    assert _snapshot() == before


def test_a_web_address_another_consultation_uses_is_refused(client, officer):
    make_consultation("open", slug="parking-charges")
    before = _snapshot()
    form = consultation_form(title="Parking charges, again", slug="parking-charges")
    response = client.submit("/officer/consultations/new", form, page="/officer/consultations/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        "Another consultation already uses the web address ‘parking-charges’ – "
        "choose a different one" in error_summary(html)
    )
    assert "Parking charges, again" in html
    assert _snapshot() == before


def test_a_title_that_makes_a_used_web_address_is_refused_too(client, officer):
    make_consultation("draft", slug="library-opening-hours")
    before = _snapshot()
    form = consultation_form(title="Library opening hours")
    response = client.submit("/officer/consultations/new", form, page="/officer/consultations/new")
    assert response.status_code == 400
    assert "library-opening-hours" in " ".join(error_summary(response.get_data(as_text=True)))
    assert _snapshot() == before


@pytest.mark.parametrize(
    "action, data",
    [
        ("edit", {"title": "A better question?", "prompt": ""}),
        ("new", {"title": "A late question?", "prompt": "", "submission_token": "late-1"}),
    ],
)
def test_a_closed_consultations_questions_cannot_be_changed(client, officer, action, data):
    closed = make_consultation("closed")
    thread = make_thread(closed, title="What do you think?")
    before = _snapshot()
    base = f"/officer/consultations/{closed.id}/threads"
    url = f"{base}/{thread.id}/edit" if action == "edit" else f"{base}/new"
    response = client.submit(url, data, page=f"/officer/consultations/{closed.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert (
        "This consultation has closed, so its questions can no longer be changed"
        in error_summary(html)
    )
    assert data["title"] in html  # what the officer typed comes back
    assert _snapshot() == before


@pytest.mark.parametrize(
    "action, data", [("retire", {"retired": "1"}), ("move", {"direction": "up"})]
)
def test_a_closed_consultations_questions_cannot_be_retired_or_moved(client, officer, action, data):
    closed = make_consultation("closed")
    make_thread(closed, title="First")
    second = make_thread(closed, title="Second", position=1)
    before = _snapshot()
    url = f"/officer/consultations/{closed.id}/threads/{second.id}/{action}"
    response = client.submit(url, data, page=f"/officer/consultations/{closed.id}")
    assert response.status_code == 409
    assert "its questions can no longer be changed" in " ".join(
        error_summary(response.get_data(as_text=True))
    )
    assert _snapshot() == before


def test_an_outcome_cannot_be_published_while_the_consultation_is_open(client, officer):
    consultation = make_consultation("open", decision_maker="Cabinet")
    outcome = Outcome(
        consultation_id=consultation.id,
        decision="Agreed.",
        decision_maker="Cabinet",
        decision_date=utcnow().date(),
        we_did="We did it.",
    )
    db.session.add(outcome)
    db.session.commit()
    before = _snapshot()
    manage = f"/officer/consultations/{consultation.id}"
    response = client.submit(f"{manage}/outcome/publish", page=manage)
    summary = " ".join(error_summary(response.get_data(as_text=True)))
    assert response.status_code == 409
    assert "You cannot publish the outcome while the consultation is open. It closes on" in summary
    assert _snapshot() == before
    assert consultation.state() is Lifecycle.OPEN


def test_an_outcome_missing_its_decision_is_not_published(client, officer):
    consultation = make_consultation("closed")
    db.session.add(Outcome(consultation_id=consultation.id, we_did="Something."))
    db.session.commit()
    before = _snapshot()
    manage = f"/officer/consultations/{consultation.id}"
    response = client.submit(f"{manage}/outcome/publish", page=manage)
    summary = error_summary(response.get_data(as_text=True))
    assert response.status_code == 409
    assert "Enter the decision taken" in summary
    assert "Enter the date of the decision" in summary
    assert _snapshot() == before


@pytest.mark.parametrize(
    "state, path, message",
    [
        ("open", "schedule", "Only a draft can be scheduled. This consultation is open."),
        ("closed", "open", "This consultation has closed, so it cannot be opened again."),
        ("open", "unschedule", "This consultation has opened, so it cannot go back to draft."),
    ],
)
def test_impossible_transitions_say_why_and_change_nothing(client, officer, state, path, message):
    consultation = make_consultation(state)
    before = _snapshot()
    manage = f"/officer/consultations/{consultation.id}"
    response = client.submit(f"{manage}/{path}", page=manage)
    assert response.status_code == 409
    assert message in error_summary(response.get_data(as_text=True))
    assert _snapshot() == before


def test_a_draft_missing_what_residents_need_is_not_scheduled(client, officer):
    draft = make_consultation("draft", summary="", decision_maker="")
    before = _snapshot()
    manage = f"/officer/consultations/{draft.id}"
    response = client.submit(f"{manage}/schedule", page=manage)
    summary = error_summary(response.get_data(as_text=True))
    assert response.status_code == 409
    assert summary[:3] == [
        "Enter a summary",
        "Enter who will take the decision, for example Cabinet",
        "Add at least one question",
    ]
    assert _snapshot() == before


def test_extending_to_an_earlier_date_is_refused_with_the_current_date(client, officer):
    consultation = make_consultation("open")
    before = _snapshot()
    url = f"/officer/consultations/{consultation.id}/extend"
    earlier = consultation.closes_at - timedelta(days=1)
    response = client.submit(url, {**date_input("closes_at", earlier), "reason": "Typo."}, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The new closing date must be after the current closing date" in " ".join(
        error_summary(html)
    )
    assert "Typo." in html
    assert _snapshot() == before


def test_extending_needs_a_reason_residents_will_see(client, officer):
    consultation = make_consultation("open")
    before = _snapshot()
    url = f"/officer/consultations/{consultation.id}/extend"
    later = consultation.closes_at + timedelta(days=7)
    response = client.submit(url, {**date_input("closes_at", later), "reason": " "}, page=url)
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == [
        "Enter the reason for the extension – residents will see it"
    ]
    assert _snapshot() == before


def test_a_closed_consultation_cannot_be_extended(client, officer):
    consultation = make_consultation("closed")
    before = _snapshot()
    url = f"/officer/consultations/{consultation.id}/extend"
    later = utcnow() + timedelta(days=7)
    response = client.submit(
        url, {**date_input("closes_at", later), "reason": "More time."}, page=url
    )
    assert response.status_code == 409
    assert "so its closing date cannot be extended" in " ".join(
        error_summary(response.get_data(as_text=True))
    )
    assert _snapshot() == before


@pytest.mark.parametrize(
    "parts, message",
    [
        (
            {
                "opens_at-day": "31",
                "opens_at-month": "2",
                "opens_at-year": "2027",
                "opens_at-time": "9am",
            },
            "Opening date must be a real date",
        ),
        (
            {
                "opens_at-day": "3",
                "opens_at-month": "",
                "opens_at-year": "2027",
                "opens_at-time": "9am",
            },
            "Opening date must include a month",
        ),
        (
            {
                "opens_at-day": "3",
                "opens_at-month": "4",
                "opens_at-year": "27",
                "opens_at-time": "9am",
            },
            "Year must include 4 numbers",
        ),
        (
            {
                "opens_at-day": "3",
                "opens_at-month": "4",
                "opens_at-year": "2027",
                "opens_at-time": "",
            },
            "Enter the opening time, for example 9am or 5:30pm",
        ),
        (
            {
                "opens_at-day": "3",
                "opens_at-month": "4",
                "opens_at-year": "2027",
                "opens_at-time": "25:00",
            },
            "Enter the opening time in the correct format, for example 9am or 5:30pm",
        ),
        (
            {
                "opens_at-day": "28",
                "opens_at-month": "3",
                "opens_at-year": "2027",
                "opens_at-time": "1:30am",
            },
            "1:30am does not exist on 28 March 2027 because the clocks go forward – "
            "choose another time",
        ),
    ],
)
def test_dates_and_times_get_the_gov_uk_messages_and_keep_what_was_typed(
    client, officer, parts, message
):
    before = _snapshot()
    form = consultation_form(**parts)
    response = client.submit("/officer/consultations/new", form, page="/officer/consultations/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(html) == [message]
    assert f'value="{parts["opens_at-year"]}"' in html
    assert 'href="#opens_at"' in html  # the summary links to the first input
    assert _snapshot() == before
