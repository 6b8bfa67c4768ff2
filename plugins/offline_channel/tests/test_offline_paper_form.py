"""The paper form: questions, room to write, privacy notice, how to return it, a reference box."""

import pytest
from offline_support import STAFF, consultation_with_questions, staff

pytestmark = pytest.mark.plugins("offline_channel")


def test_the_paper_form_has_every_question_the_privacy_notice_and_a_reference_box(client):
    staff()
    consultation, first, second = consultation_with_questions()
    client.login(STAFF)
    page = client.get(f"/offline/{consultation.slug}/paper-form")
    assert page.status_code == 200
    html = page.text
    for text in (
        first.title,
        second.title,
        "Privacy notice",
        "How to return this form",
        "Reference (council use only)",
        "@media print",
        "Large print version",
    ):
        assert text in html
    assert 'class="app-paper"' in html


def test_the_large_print_variant(client):
    staff()
    consultation, _, _ = consultation_with_questions()
    client.login(STAFF)
    html = client.get(f"/offline/{consultation.slug}/paper-form?size=large").text
    assert 'class="app-paper app-paper--large"' in html
    assert "Standard print version" in html
