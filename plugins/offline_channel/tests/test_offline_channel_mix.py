"""Channel mix: counts and shares by channel and by reason, for the officer and the report."""

import pytest
from offline_support import STAFF, consultation_with_questions, enter_url, entry_data, staff

from consultation.testing.factories import make_comment, make_user

pytestmark = pytest.mark.plugins("offline_channel")


def test_the_mix_counts_web_and_offline_responses_and_reasons(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    make_comment(first, make_user("resident"), body="Online view.")
    client.login(STAFF)
    page = enter_url(consultation)
    client.submit(page, entry_data(first, token="b" * 32, offline_reason="no_internet"), page=page)
    client.submit(page, entry_data(first, token="c" * 32, channel="phone"), page=page)
    client.submit(page, entry_data(first, token="d" * 32, channel="phone"), page=page)

    html = client.get(f"/offline/{consultation.slug}/channel-mix").text

    assert "By phone" in html and "Received by post" in html and "Online" in html
    assert "50%" in html  # two of four responses came by phone
    assert "No internet access" in html and "Not given" in html


def test_the_mix_is_for_staff_and_officers(client):
    consultation, _, _ = consultation_with_questions()
    make_user("officer", email="officer@offline.example.org")
    client.login("officer@offline.example.org")
    assert client.get(f"/offline/{consultation.slug}/channel-mix").status_code == 200


def test_the_decision_report_gets_the_mix(client, app):
    from consultation.plugin_api import report_sections

    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    client.submit(page, entry_data(first, offline_reason="language"), page=page)
    with app.test_request_context():
        [section] = [s for s in report_sections(consultation) if s.name == "offline_channel_mix"]
    assert section.data == {"by_channel": {"paper": 1}, "by_reason": {"language": 1}}
    assert "Received by post" in section.html
