"""Residents report comments: one report each, never their own; enough reports hide it."""

import pytest
from consultation_moderation.models import ModerationFlag
from moderation_support import item_of, open_thread, people, status_of, text, thread_url
from sqlalchemy import func, select

from consultation.plugin_api import db
from consultation.plugin_system.services import save_settings
from consultation.testing.factories import make_comment, make_user

pytestmark = pytest.mark.plugins("moderation")


def report(client, comment, reason="abusive", details=""):
    page = f"/moderation/comments/{comment.id}/report"
    return client.submit(page, {"reason": reason, "details": details}, page=page)


def flag_count(comment) -> int:
    return db.session.scalar(
        select(func.count(ModerationFlag.id)).where(ModerationFlag.comment_id == comment.id)
    )


def test_a_resident_reports_a_comment_and_moderators_see_why(client):
    cast = people()
    consultation, thread = open_thread()
    comment = make_comment(thread, cast.author, "The new opening hours are rubbish.")
    client.login(cast.neighbour.email)
    page = text(client.get(thread_url(consultation, thread)))
    assert "Report this comment to a moderator" in page

    response = report(client, comment, "off_topic")

    assert response.status_code == 303
    assert "A moderator will look at the comment you reported" in text(
        client.get(response.headers["Location"])
    )
    assert status_of(comment) == "published"  # one report does not hide it
    assert item_of(comment).cause == "flagged"
    client.logout()
    client.login(cast.moderator.email)
    queue = text(client.get("/moderation/"))
    assert "Reported by 1 person: It is not about this consultation" in queue


def test_three_reports_hide_a_comment_until_a_moderator_checks_it(client):
    cast = people()
    consultation, thread = open_thread()
    comment = make_comment(thread, cast.author, "Something people object to.")
    reporters = [make_user(email=f"reader{n}@example.org") for n in range(3)]

    for n, reader in enumerate(reporters):
        client.login(reader.email)
        response = report(client, comment, "abusive")
        assert response.status_code == 303
        assert status_of(comment) == ("hidden" if n == 2 else "published")
        client.logout()

    assert "Something people object to." not in text(client.get(thread_url(consultation, thread)))
    client.login(cast.author.email)
    mine = text(client.get("/account/comments"))
    assert "Hidden" in mine and "because several people reported it" in mine


def test_the_number_of_reports_that_hides_a_comment_is_a_setting(client):
    cast = people()
    save_settings("moderation", {"moderation_flag_threshold": 1})
    _consultation, thread = open_thread()
    comment = make_comment(thread, cast.author, "One report is enough here.")
    client.login(cast.neighbour.email)

    report(client, comment, "spam")

    assert status_of(comment) == "hidden"


def test_a_second_report_by_the_same_person_is_refused_and_stores_nothing(client):
    cast = people()
    _consultation, thread = open_thread()
    comment = make_comment(thread, cast.author, "Reported twice by one person.")
    client.login(cast.neighbour.email)

    first = report(client, comment, "spam")
    second = report(client, comment, "abusive")

    assert first.status_code == second.status_code == 303
    assert "You have already reported this comment" in text(client.get(second.headers["Location"]))
    assert flag_count(comment) == 1
    page = text(client.get(f"/moderation/comments/{comment.id}/report"))
    assert "You have already reported this comment" in page and "Report comment" not in page


def test_nobody_reports_their_own_comment(client):
    cast = people()
    consultation, thread = open_thread()
    comment = make_comment(thread, cast.author, "My own words.")
    client.login(cast.author.email)

    assert "Report this comment" not in text(client.get(thread_url(consultation, thread)))
    assert "You cannot report your own comment." in text(
        client.get(f"/moderation/comments/{comment.id}/report")
    )
    response = report(client, comment, "spam")

    assert response.status_code == 303
    assert "You cannot report your own comment." in text(client.get(response.headers["Location"]))
    assert flag_count(comment) == 0


def test_something_else_needs_details_and_keeps_the_choice(client):
    cast = people()
    _consultation, thread = open_thread()
    comment = make_comment(thread, cast.author, "Hmm.")
    client.login(cast.neighbour.email)

    response = report(client, comment, "other", "")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Tell us what is wrong with the comment" in page
    assert 'value="other" checked' in page
    assert flag_count(comment) == 0


def test_a_comment_awaiting_moderation_cannot_be_reported_or_seen_by_others(client):
    cast = people()
    save_settings("moderation", {"moderation_mode": "pre"})
    _consultation, thread = open_thread()
    held = make_comment(thread, cast.author, "Waiting for a moderator.")
    client.login(cast.neighbour.email)

    assert client.get(f"/moderation/comments/{held.id}/report").status_code == 404
    assert report(client, held).status_code == 404
    assert flag_count(held) == 0
