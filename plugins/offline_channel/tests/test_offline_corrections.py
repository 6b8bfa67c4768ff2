"""Staff correct an offline entry: audited, the original kept; "entered by" is for staff only."""

from datetime import timedelta

import pytest
from consultation_offline_channel.models import OfflineCorrection, OfflineResponse
from offline_support import STAFF, consultation_with_questions, enter_url, entry_data, staff

from consultation.plugin_api import Comment, db, utcnow
from consultation.plugin_system.services import save_settings
from consultation.testing.access import ROLES, client_as, make_people
from consultation.testing.factories import make_user
from consultation.testing.html import dangerous_markup

pytestmark = pytest.mark.plugins("offline_channel")

ORIGINAL = "Open the library later on Thursdays, please."


def _entered(client, consultation, first, **overrides):
    client.login(STAFF)
    page = enter_url(consultation)
    data = entry_data(
        first, respondent="named", name="Pat Respondent", contact="pat@example.org", **overrides
    )
    assert client.submit(page, data, page=page).status_code == 302
    response = db.session.scalars(db.select(OfflineResponse)).one()
    comment = db.session.scalars(db.select(Comment)).one()
    return response, comment


def _correction(first, **overrides) -> dict:
    data = {
        "channel": "phone",
        "received_on-day": "",
        "received_on-month": "",
        "received_on-year": "",
        f"answer_{first.id}": "Open the library later on Thursdays and Fridays, please.",
        "respondent": "named",
        "name": "Pat Respondant",
        "contact": "pat@example.org",
        "capacity": "individual",
        "reason": "The name and the answer were mistyped; it came by phone.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _dated(data: dict, day) -> dict:
    return data | {
        "received_on-day": str(day.day),
        "received_on-month": str(day.month),
        "received_on-year": str(day.year),
    }


def test_staff_correct_an_entry_and_the_original_is_kept_and_audited(client):
    from consultation.audit.models import AuditEvent

    staff()
    consultation, first, _ = consultation_with_questions()
    response, comment = _entered(client, consultation, first)
    page = f"/offline/{consultation.slug}/responses/{response.id}/correct"
    form = client.get(page).text
    # The form comes filled in with what the entry says now.
    assert ORIGINAL in form and "Pat Respondent" in form
    later = (consultation.closes_at + timedelta(days=2)).date()  # after closing: flagged late
    result = client.submit(page, _dated(_correction(first), later), page=page)
    assert result.status_code == 302
    assert "Correction saved." in client.get(result.headers["Location"]).text

    db.session.expire_all()
    stored = db.session.get(OfflineResponse, response.id)
    changed = db.session.get(Comment, comment.id)
    assert (stored.channel, stored.respondent_name) == ("phone", "Pat Respondant")
    assert stored.late is True
    assert changed.body_text.endswith("Thursdays and Fridays, please.")
    assert "Fridays" in changed.body_html and changed.channel == "phone"
    [kept] = db.session.scalars(db.select(OfflineCorrection)).all()
    assert kept.before[f"answer_{first.id}"] == ORIGINAL
    assert kept.before["channel"] == "paper" and kept.after["channel"] == "phone"
    assert kept.before["respondent_name"] == "Pat Respondent"
    assert "contact" not in kept.before  # only what changed
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "offline_channel.response_corrected")
    ).one()
    assert event.details["fields"] == sorted(kept.after)
    assert "Pat Respondent" not in repr(event.details)  # names stay in the history, not the log

    # Staff see the history: who, why, before and after.
    history = client.get(f"/offline/{consultation.slug}/responses/{response.id}").text
    assert "Corrected by Sam Staff" in history
    assert "The name and the answer were mistyped" in history
    assert ORIGINAL in history and "Thursdays and Fridays" in history
    # The public thread shows the corrected text with its new channel, and no names.
    client.logout()
    thread = client.get(f"/consultations/{consultation.slug}/threads/{first.id}").text
    assert "Thursdays and Fridays" in thread and ORIGINAL not in thread
    assert "By phone" in thread and "Pat Respond" not in thread


def test_a_corrected_answer_is_rendered_by_the_one_sanitiser(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    response, comment = _entered(client, consultation, first)
    page = f"/offline/{consultation.slug}/responses/{response.id}/correct"
    hostile = '<img src=x onerror="alert(1)"> and <script>alert(2)</script>'
    data = _dated(_correction(first, **{f"answer_{first.id}": hostile}), utcnow().date())
    assert client.submit(page, data, page=page).status_code == 302
    db.session.expire_all()
    html = db.session.get(Comment, comment.id).body_html
    assert dangerous_markup(html, fragment=True) == []
    assert "&lt;script&gt;" in html  # kept as text, shown as typed


def test_the_same_correction_twice_is_kept_once_and_a_reason_is_required(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    response, _comment = _entered(client, consultation, first)
    page = f"/offline/{consultation.slug}/responses/{response.id}/correct"
    data = _dated(_correction(first), utcnow().date())
    no_reason = client.submit(page, data | {"reason": ""}, page=page)
    assert no_reason.status_code == 400
    assert "Enter why you are correcting this entry" in no_reason.text
    assert "Thursdays and Fridays" in no_reason.text  # what was typed comes back
    blank = client.submit(page, data | {f"answer_{first.id}": ""}, page=page)
    assert blank.status_code == 400 and "a moderator can remove an answer" in blank.text
    assert db.session.scalars(db.select(OfflineCorrection)).all() == []
    client.submit(page, data, page=page)
    again = client.submit(page, data, page=page)
    assert "Nothing was changed." in client.get(again.headers["Location"]).text
    assert len(db.session.scalars(db.select(OfflineCorrection)).all()) == 1


def test_officers_correct_entries_too(client):
    staff()
    make_user("officer", email="officer@offline.example.org", name="Olive Officer")
    consultation, first, _ = consultation_with_questions()
    response, _comment = _entered(client, consultation, first)
    client.logout()
    client.login("officer@offline.example.org")
    page = f"/offline/{consultation.slug}/responses/{response.id}/correct"
    data = _dated(_correction(first), utcnow().date())
    assert client.submit(page, data, page=page).status_code == 302
    history = client.get(f"/offline/{consultation.slug}/responses/{response.id}").text
    assert "Corrected by Olive Officer" in history


@pytest.mark.plugins("offline_channel", "moderation")
def test_a_held_answer_stays_held_after_a_correction(client):
    staff()
    save_settings("moderation", {"moderation_mode": "pre"})
    consultation, first, _ = consultation_with_questions()
    response, comment = _entered(client, consultation, first)
    assert comment.status == "pending"
    page = f"/offline/{consultation.slug}/responses/{response.id}/correct"
    assert (
        client.submit(page, _dated(_correction(first), utcnow().date()), page=page).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == "pending"
    client.logout()
    thread = client.get(f"/consultations/{consultation.slug}/threads/{first.id}").text
    assert "Thursdays and Fridays" not in thread


def test_entered_by_is_shown_to_staff_only(client, app):
    staff()
    consultation, first, _ = consultation_with_questions()
    _entered(client, consultation, first)
    client.logout()
    people = make_people()
    url = f"/consultations/{consultation.slug}/threads/{first.id}"
    seen = {}
    for role in ROLES:
        page = client_as(app, people[role]).get(url)
        assert page.status_code == 200
        assert "Received by post" in page.text, role  # the channel, to everyone
        assert ORIGINAL in page.text
        seen[role] = "Entered by Sam Staff" in page.text
        assert ("Sam Staff" in page.text) == seen[role], role
    assert seen == {
        "anonymous": False,
        "resident": False,
        "councillor": False,
        "officer": True,
        "moderator": True,
        "assisted_digital": True,
        "admin": True,
    }
    # Those who may correct it get a link to the entry; a moderator only sees the name.
    assert "See or correct the entry" in client_as(app, people["officer"]).get(url).text
    assert "See or correct the entry" not in client_as(app, people["moderator"]).get(url).text
