"""What the public sees: the house rules, and each consultation's moderation summary."""

import pytest
from moderation_support import decide_through_form, open_thread, people, text, thread_url

from consultation.plugin_system.services import save_settings
from consultation.testing.factories import make_comment

pytestmark = pytest.mark.plugins("moderation")


def test_anyone_reads_the_house_rules(client):
    page = text(client.get("/moderation/house-rules"))

    assert "Be respectful" in page and "Keep personal information private" in page
    assert "ask once for a different moderator to review the decision" in page


def test_the_consultation_and_question_pages_link_to_the_rules_and_the_summary(client):
    consultation, thread = open_thread()

    for url in (f"/consultations/{consultation.slug}", thread_url(consultation, thread)):
        page = client.get(url).get_data(as_text=True)
        assert "/moderation/house-rules" in page
        assert f"/moderation/consultations/{consultation.slug}/summary" in page
    assert "Comments are published at once." in text(client.get(thread_url(consultation, thread)))


def test_the_summary_counts_match_the_decisions_and_name_nobody(client):
    cast = people()
    consultation, thread = open_thread()
    other, other_thread = open_thread()
    save_settings("moderation", {"moderation_flag_threshold": 1})
    held_phone = make_comment(thread, cast.author, "Ring 07911 123456.")
    held_email = make_comment(thread, cast.author, "Mail ann.author@example.org")
    fine = make_comment(thread, cast.author, "Open later.")
    rude = make_comment(thread, cast.author, "Whoever planned this is a clown.")
    make_comment(other_thread, cast.author, "Ring 07911 999999.")  # another consultation
    client.login(cast.moderator.email)
    decide_through_form(client, held_phone, "reject", rule="personal_information")
    decide_through_form(client, held_email, "approve")
    decide_through_form(client, rude, "reject", rule="abusive")
    decide_through_form(client, fine, "hide", rule="off_topic")
    client.logout()
    client.login(cast.neighbour.email)
    flagged = make_comment(thread, cast.moderator, "Reported once, hidden at once.")
    page = f"/moderation/comments/{flagged.id}/report"
    client.submit(page, {"reason": "spam"}, page=page)
    client.logout()

    html = client.get(f"/moderation/consultations/{consultation.slug}/summary")
    summary = text(html)

    assert "Decisions by moderators 4" in summary
    assert "Comments held for a moderator, by automatic check Reason Comments" in summary
    assert "Personal information 2" in summary  # held: both personal-data comments
    assert "Keep personal information private 1" in summary
    assert "Be respectful 1" in summary
    assert "Stay on topic 1" in summary  # hidden by a moderator
    assert "Reported by residents 1" in summary  # hidden after a report
    assert "Median time to a decision under a minute" in summary
    for name in ("Ann Author", "Jo Moderator", "Ned Neighbour", "07911", "ann.author@"):
        assert name not in html.get_data(as_text=True)
