"""One response entered by assisted-digital staff: same record, same rules, consent required."""

from datetime import timedelta

import pytest
from consultation_offline_channel.models import OfflineAnswer, OfflinePostcode, OfflineResponse
from offline_support import STAFF, consultation_with_questions, enter_url, entry_data, staff

from consultation.plugin_api import Comment, db, utcnow
from consultation.plugin_system.services import save_settings
from consultation.testing.factories import make_user, make_ward

pytestmark = pytest.mark.plugins("offline_channel")


def _comments():
    return db.session.scalars(db.select(Comment).order_by(Comment.id)).all()


def test_paper_response_appears_on_the_thread_with_its_channel_and_counts(client):
    staff()
    consultation, first, second = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    assert client.get(page).status_code == 200

    response = client.submit(page, entry_data(first, second), page=page)

    assert response.status_code == 302
    [comment] = _comments()
    assert (comment.thread_id, comment.channel, comment.status) == (first.id, "paper", "published")
    assert comment.author_id is None and comment.entered_by_id is not None
    stored = db.session.scalars(db.select(OfflineResponse)).one()
    assert stored.privacy_notice_given and not stored.late
    assert db.session.scalars(db.select(OfflineAnswer)).one().comment_id == comment.id
    client.logout()
    thread_page = client.get(f"/consultations/{consultation.slug}/threads/{first.id}").text
    assert "Open the library later on Thursdays" in thread_page
    assert "Received by post" in thread_page
    assert "Sam Staff" not in thread_page
    # The consultation's totals count it like a web comment.
    listing = client.get(f"/consultations/{consultation.slug}").text
    assert "1 comment" in listing or "1 response" in listing


def test_the_same_form_submitted_twice_stores_one_response(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    client.submit(page, entry_data(first), page=page)
    client.submit(page, entry_data(first), page=page)
    assert len(_comments()) == 1
    assert db.session.scalar(db.select(db.func.count(OfflineResponse.id))) == 1


@pytest.mark.plugins("offline_channel", "moderation")
def test_an_offline_response_goes_through_moderation_when_it_is_on(client):
    staff()
    save_settings("moderation", {"moderation_mode": "pre"})
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    client.submit(page, entry_data(first), page=page)
    [comment] = _comments()
    assert comment.status == "pending"
    client.logout()
    thread_page = client.get(f"/consultations/{consultation.slug}/threads/{first.id}").text
    assert "Open the library later on Thursdays" not in thread_page


def test_a_response_received_after_the_closing_date_is_stored_and_flagged_late(client):
    staff()
    consultation, first, _ = consultation_with_questions("closed")
    client.login(STAFF)
    page = enter_url(consultation)
    received = (utcnow() - timedelta(hours=1)).date()
    response = client.submit(page, entry_data(first, received=received), page=page)
    assert response.status_code == 302
    assert "flagged as late" in client.get(response.headers["Location"]).text
    assert db.session.scalars(db.select(OfflineResponse)).one().late is True
    assert len(_comments()) == 1


def test_consent_is_required_and_what_was_typed_comes_back(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    response = client.submit(page, entry_data(first, privacy_notice=None), page=page)
    assert response.status_code == 400
    assert "Confirm the respondent was given the privacy notice" in response.text
    assert "Open the library later on Thursdays" in response.text
    assert _comments() == []
    assert db.session.scalars(db.select(OfflineResponse)).all() == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"answer_FIRST": ""}, "Enter an answer to at least one question"),
        ({"received_on-day": ""}, "Date received must include a day"),
        (
            {"received_on-day": "", "received_on-month": "", "received_on-year": ""},
            "Enter the date received",
        ),
        ({"channel": None}, "Select how the response was received"),
        ({"respondent": "named"}, "Enter the name of the respondent"),
        ({"capacity": "organisation"}, "Enter the name of the organisation"),
        ({"postcode": "not a postcode"}, "Enter a real postcode"),
    ],
)
def test_bad_input_gets_a_specific_message_and_stores_nothing(client, overrides, message):
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    overrides = {k.replace("FIRST", str(first.id)): v for k, v in overrides.items()}
    response = client.submit(page, entry_data(first, **overrides), page=page)
    assert response.status_code == 400
    assert message in response.text
    assert _comments() == []


def test_named_respondent_details_stay_private_and_postcode_finds_the_ward(
    client, runner, tmp_path
):
    staff()
    ward = make_ward(name="Riverside", code="E05000001")
    csv_file = tmp_path / "postcodes.csv"
    csv_file.write_text("postcode,ward_code\nsw1a1aa,E05000001\n")
    result = runner.invoke(args=["offline-channel", "load-postcodes", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert db.session.get(OfflinePostcode, "SW1A 1AA").ward_id == ward.id
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    data = entry_data(
        first,
        respondent="named",
        name="Pat Respondent",
        contact="pat@example.org",
        wants_reply="y",
        postcode="sw1a 1aa",
        capacity="organisation",
        organisation="Friends of the Library",
        offline_reason="no_internet",
    )
    assert client.submit(page, data, page=page).status_code == 302
    stored = db.session.scalars(db.select(OfflineResponse)).one()
    assert (stored.respondent_name, stored.ward_id, stored.postcode) == (
        "Pat Respondent",
        ward.id,
        "SW1A 1AA",
    )
    assert stored.wants_reply and stored.organisation == "Friends of the Library"
    # The comment counts in the ward's figures like a web comment from that ward.
    assert [c.ward_id for c in _comments()] == [ward.id]
    client.logout()
    thread_page = client.get(f"/consultations/{consultation.slug}/threads/{first.id}").text
    for private in ("Pat Respondent", "pat@example.org", "SW1A 1AA", "Friends of the Library"):
        assert private not in thread_page


def test_entry_is_audited(client):
    from consultation.audit.models import AuditEvent

    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    client.submit(page, entry_data(first), page=page)
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert "offline_channel.response_entered" in actions


def test_a_draft_consultation_has_no_entry_page(client):
    from consultation.testing.factories import make_consultation, make_thread

    staff()
    draft = make_consultation("draft")
    make_thread(draft)
    client.login(STAFF)
    assert client.get(enter_url(draft)).status_code == 404
    make_user("resident", email="r@offline.example.org")
