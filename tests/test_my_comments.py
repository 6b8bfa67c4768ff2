"""A resident sees all they wrote, where, and what happened to it: /account/comments."""

from __future__ import annotations

from consultation.comments.models import CommentStatus
from consultation.extensions import db
from consultation.testing.factories import make_comment, make_consultation, make_thread, make_user
from consultation.testing.html import elements, page_text, parse


def test_my_comments_lists_every_comment_with_its_status_newest_first(client):
    me, someone = make_user(), make_user()
    library = make_thread(make_consultation("open", title="Library hours"), title="Which hours?")
    parking = make_thread(make_consultation("closed", title="Parking"), title="Evening charges?")
    published = make_comment(library, me, "Open later, please")
    held = make_comment(library, me, "A second thought")
    refused = make_comment(parking, me, "Something off-topic")
    make_comment(library, someone, "Not mine")
    held.status = CommentStatus.PENDING
    refused.status, refused.status_reason = CommentStatus.REJECTED, "Off-topic"
    db.session.commit()

    client.login(me.email)
    html = client.get("/account/comments").get_data(as_text=True)
    rows = [
        " ".join("".join(row.itertext()).split())
        for row in elements(parse(html))
        if row.tag == "tr" and "govuk-table__row" in (row.get("class") or "")
    ][1:]  # the header row first
    assert len(rows) == 3
    assert "Something off-topic" in rows[0] and "Not published" in rows[0]
    assert "Why: Off-topic" in rows[0] and "Evening charges?" in rows[0]
    assert "A second thought" in rows[1] and "Awaiting moderation" in rows[1]
    assert "Open later, please" in rows[2] and "Published" in rows[2]
    assert "Not mine" not in page_text(html)
    link = f"/consultations/{library.consultation.slug}/threads/{library.id}#comment-{published.id}"
    assert link in {e.get("href") for e in elements(parse(html))}


def test_someone_who_has_not_commented_is_pointed_to_the_consultations(client):
    client.login(make_user().email)
    text = page_text(client.get("/account/comments").get_data(as_text=True))
    assert "You have not commented yet." in text and "Find a consultation" in text


def test_my_comments_needs_signing_in(client):
    response = client.get("/account/comments")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
