"""Nothing a resident writes is lost: every failure gives their text back with a reason.

Empty, too long, a form that expired during a long writing session, signed
out meanwhile, the consultation closed meanwhile: the page comes back with the
text and a GOV.UK error summary. A double submit stores one comment; the
receipt comes only after the commit, as a redirect to the comment.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from consultation.comments.models import Comment
from consultation.database import utcnow
from consultation.extensions import db
from consultation.testing.factories import make_comment, make_consultation, make_thread, make_user
from consultation.testing.html import error_summary, field_values, kept_text, page_text

TEXT = "I have thought about this for a long time.\n\nLater opening would help carers."


@pytest.fixture
def writer(client):
    """A signed-in resident on an open question, with the page's CSRF token."""
    thread = make_thread(make_consultation("open"))
    person = make_user(name="Sam Writer")
    client.login(person.email)
    url = f"/consultations/{thread.consultation.slug}/threads/{thread.id}"
    return thread, url, client.csrf_token(url)


def comments() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def send(client, url: str, token: str, body: str = TEXT, submission: str = "form-1"):
    return client.post(
        url + "/comments", data={"body": body, "submission_token": submission, "csrf_token": token}
    )


def test_an_empty_comment_asks_for_one(client, writer):
    thread, url, token = writer
    response = send(client, url, token, body="   \n ")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(html) == ["Enter your comment"]
    assert "body" in field_values(html) and comments() == 0


def test_a_too_long_comment_comes_back_to_shorten(app, client, writer):
    thread, url, token = writer
    long_text = "word " * (app.config["COMMENT_MAX_LENGTH"] // 5 + 10)
    response = send(client, url, token, body=long_text)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_values(html)["body"] == long_text.strip()
    assert error_summary(html)[0].startswith("Your comment must be 5,000 characters or fewer")
    assert comments() == 0


def test_a_form_that_expired_during_a_long_writing_session_keeps_the_text(
    client, writer, monkeypatch
):
    thread, url, _ = writer

    # The page, and so its form's token, was made nine hours ago (the limit is eight).
    def nine_hours_ago_for_form_tokens(signer: TimestampSigner) -> int:
        shift = 9 * 3600 if signer.salt == b"wtf-csrf-token" else 0
        return int(time.time()) - shift

    monkeypatch.setattr(TimestampSigner, "get_timestamp", nine_hours_ago_for_form_tokens)
    token = client.csrf_token(url)
    monkeypatch.undo()
    response = send(client, url, token)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_values(html)["body"] == TEXT
    assert field_values(html)["submission_token"] == "form-1"
    assert error_summary(html) == [
        "Your form expired because the page was open for a long time. We kept what you typed "
        "– check it and send it again."
    ]
    assert comments() == 0

    # Sending again from the page that came back works, once.
    again = client.post(url + "/comments", data=field_values(html))
    assert again.status_code == 303
    assert comments() == 1


def test_signed_out_elsewhere_meanwhile_the_text_comes_back_with_a_way_to_sign_in(
    app, client, writer
):
    thread, url, token = writer
    elsewhere = app.test_client()
    cookie = client.get_cookie("session")
    elsewhere.set_cookie("session", cookie.value, domain=cookie.domain)
    elsewhere.logout()  # "sign out" on another device ends every session

    response = send(client, url, token)
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert TEXT in kept_text(html)
    assert error_summary(html)[0].startswith("You are not signed in, so this was not posted.")
    assert f'href="/auth/login?next={url}"' in html  # back to the question, not the POST
    assert comments() == 0


def test_a_consultation_that_closed_meanwhile_says_so_and_keeps_the_text(client, writer):
    thread, url, token = writer
    thread.consultation.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    response = send(client, url, token)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert error_summary(html) == ["This consultation closed, so your comment was not posted."]
    assert TEXT in kept_text(html)
    assert "body" not in field_values(html)  # no form to send it to
    assert comments() == 0


def test_a_double_click_stores_one_comment_and_says_so(client, writer):
    thread, url, token = writer
    first = send(client, url, token)
    second = send(client, url, token)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert comments() == 1
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "We already had this comment – it was not posted twice." in page_text(page)


def test_the_receipt_comes_after_the_commit_as_a_redirect_to_the_comment(client, writer, make_app):
    thread, url, token = writer
    response = send(client, url, token)
    assert response.status_code == 303  # Post/Redirect/Get: a reload cannot post again
    [comment_id] = db.session.scalars(select(Comment.id)).all()
    assert response.headers["Location"] == f"{url}?page=1#comment-{comment_id}"

    # Another worker, on its own connection, already sees it: it was committed.
    other = make_app().test_client()
    assert f'id="comment-{comment_id}"' in other.get(url).get_data(as_text=True)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your comment has been published." in page_text(page)
    assert "Later opening would help carers." in page_text(page)


def test_a_reply_lands_on_the_page_of_the_comment_it_answers(app, client, writer):
    thread, url, token = writer
    app.config["COMMENTS_PER_PAGE"] = 2
    author = make_user()
    first = make_comment(thread, author, "First")
    for n in range(4):
        make_comment(thread, author, f"Later {n}")
    reply_url = f"{url}/comments/{first.id}/reply"
    response = client.post(
        reply_url,
        data={"body": "Replying to the first", "submission_token": "r-1", "csrf_token": token},
    )
    assert response.status_code == 303
    reply_id = db.session.scalar(select(Comment.id).where(Comment.parent_id == first.id))
    assert response.headers["Location"] == f"{url}?page=1#comment-{reply_id}"


def test_an_empty_reply_comes_back_with_the_comment_it_answers(client, writer):
    thread, url, token = writer
    parent = make_comment(thread, make_user(), "Worth answering")
    reply_url = f"{url}/comments/{parent.id}/reply"
    response = client.post(
        reply_url, data={"body": "", "submission_token": "r-2", "csrf_token": token}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(html) == ["Enter your comment"]
    assert "Worth answering" in page_text(html)
    assert field_values(html)["submission_token"] == "r-2"
