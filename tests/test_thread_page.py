"""Reading a question's conversation: pages, order, replies, badges and one's own held comments.

Comments come oldest first, a page at a time (?page=N), or newest first
(?sort=newest); replies sit one level under the comment they answer; a
councillor's comments carry a "Councillor for <ward>" badge; a comment
awaiting moderation or not published is shown to its author alone, with its
status.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.comments.models import Comment, CommentStatus
from consultation.comments.services import CommentRefused, post_comment
from consultation.extensions import db
from consultation.testing.factories import (
    make_comment,
    make_consultation,
    make_thread,
    make_user,
    make_ward,
)
from consultation.testing.html import by_id, elements, page_text, parse


@pytest.fixture
def app_config() -> dict:
    return {"COMMENTS_PER_PAGE": 3}


@pytest.fixture
def thread(app):
    return make_thread(make_consultation("open"))


def url(thread, query: str = "") -> str:
    return f"/consultations/{thread.consultation.slug}/threads/{thread.id}{query}"


def bodies(html: str) -> list[str]:
    """The comments' texts in page order."""
    return [
        "".join(e.itertext()).strip()
        for e in elements(parse(html))
        if "app-comment__body" in (e.get("class") or "")
    ]


def test_comments_come_oldest_first_a_page_at_a_time(client, thread):
    author = make_user()
    for n in range(1, 8):
        make_comment(thread, author, f"Comment {n}")
    assert bodies(client.get(url(thread)).get_data(as_text=True)) == [
        "Comment 1",
        "Comment 2",
        "Comment 3",
    ]
    page_two = client.get(url(thread, "?page=2")).get_data(as_text=True)
    assert bodies(page_two) == ["Comment 4", "Comment 5", "Comment 6"]
    assert "7 comments" in page_text(page_two)
    links = {e.get("href") for e in elements(parse(page_two)) if e.tag == "a"}
    assert url(thread, "?page=1") in links and url(thread, "?page=3") in links
    assert bodies(client.get(url(thread, "?page=3")).get_data(as_text=True)) == ["Comment 7"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999", "2.5"])
def test_a_strange_page_number_still_shows_a_page(client, thread, page):
    make_comment(thread, make_user(), "Only comment")
    response = client.get(url(thread), query_string={"page": page})
    assert response.status_code == 200
    assert bodies(response.get_data(as_text=True)) == ["Only comment"]


def test_newest_first_reverses_the_order_and_keeps_it_across_pages(client, thread):
    author = make_user()
    for n in range(1, 6):
        make_comment(thread, author, f"Comment {n}")
    html = client.get(url(thread, "?sort=newest")).get_data(as_text=True)
    assert bodies(html) == ["Comment 5", "Comment 4", "Comment 3"]
    links = {e.get("href") for e in elements(parse(html)) if e.tag == "a"}
    assert url(thread, "?page=2&sort=newest") in links
    page_two = client.get(url(thread, "?page=2&sort=newest")).get_data(as_text=True)
    assert bodies(page_two) == ["Comment 2", "Comment 1"]


def test_replies_sit_one_level_under_the_comment_they_answer(client, thread):
    author, replier = make_user(), make_user()
    first = make_comment(thread, author, "A question")
    make_comment(thread, author, "Another comment")
    make_comment(thread, replier, "An answer", parent=first)
    html = client.get(url(thread)).get_data(as_text=True)
    assert bodies(html) == ["A question", "An answer", "Another comment"]
    [reply] = [e for e in elements(parse(html)) if "app-comment--reply" in (e.get("class") or "")]
    assert "An answer" in "".join(reply.itertext())
    assert "2 comments" in page_text(html)  # replies are not counted as separate topics


def test_a_reply_to_a_reply_joins_the_first_comment(client, thread):
    first = make_comment(thread, make_user(), "Top")
    reply = make_comment(thread, make_user(), "Reply", parent=first)
    client.login(make_user().email)
    response = client.get(url(thread, f"/comments/{reply.id}/reply"))
    assert response.status_code == 302
    assert response.headers["Location"] == url(thread, f"/comments/{first.id}/reply")
    with pytest.raises(CommentRefused):
        post_comment(thread=thread, body="Deeper", token="deep", author=None, parent=reply)
    db.session.rollback()
    assert db.session.scalar(select(Comment).where(Comment.submission_token == "deep")) is None


def test_a_councillors_comment_carries_the_badge_of_their_ward(client, thread):
    north = make_ward(name="North Ward")
    councillor = make_user("councillor", name="Alex Morgan", ward=north)
    resident = make_user(name="Sam", ward=north)
    unassigned = make_user("councillor", name="New Councillor")
    for person in (councillor, resident, unassigned):
        make_comment(thread, person, f"Said by {person.display_name}")
    html = client.get(url(thread)).get_data(as_text=True)
    badges = {
        c.id: "Councillor for" in "".join(by_id(html, f"comment-{c.id}").itertext())
        for c in db.session.scalars(select(Comment))
    }
    by_author = {c.author_id: badges[c.id] for c in db.session.scalars(select(Comment))}
    assert by_author == {councillor.id: True, resident.id: False, unassigned.id: False}
    assert "Councillor for North Ward" in html


def test_a_held_or_refused_comment_is_shown_to_its_author_alone(app, client, thread):
    author = make_user()
    held = make_comment(thread, author, "Waiting for a moderator")
    refused = make_comment(thread, author, "Not within the house rules")
    make_comment(thread, make_user(), "Published by someone else")
    held.status = CommentStatus.PENDING
    refused.status, refused.status_reason = CommentStatus.REJECTED, "Personal information"
    db.session.commit()

    client.login(author.email)
    mine = page_text(client.get(url(thread)).get_data(as_text=True))
    assert "Awaiting moderation – only you can see this" in mine
    assert "Not published – only you can see this" in mine
    assert "Reason: Personal information" in mine

    others = [app.test_client(), app.test_client()]
    others[1].login(make_user().email)
    for reader in others:
        html = reader.get(url(thread)).get_data(as_text=True)
        assert bodies(html) == ["Published by someone else"]
        assert "1 comment" in page_text(html)
