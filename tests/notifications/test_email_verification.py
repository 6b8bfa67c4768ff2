"""A new resident confirms their address; the council may require it before commenting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.auth.models import User
from consultation.comments.models import Comment
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications import tokens
from consultation.testing.factories import PASSWORD, make_consultation, make_thread, make_user


def _verify_link(delivered) -> str:
    [link] = [link for link in delivered.links() if "/auth/verify-email/" in link]
    return link


def _register(client, email: str):
    return client.submit(
        "/auth/register",
        {"email": email, "display_name": "Robin", "password": PASSWORD, "ward_id": ""},
    )


def test_new_resident_confirms_their_address_with_a_link_that_works_once(
    app, client, mailbox, send_mail
):
    response = _register(client, "robin@example.org")
    assert response.status_code == 302
    send_mail()
    [delivered] = mailbox.wait_for(1)
    assert delivered.to == "robin@example.org"
    assert delivered.subject == "Confirm your email address for Have your say"
    assert delivered.message["List-Unsubscribe"] is None
    assert "expires in 48 hours" in delivered.text
    link = _verify_link(delivered)
    assert link in delivered.html

    client.logout()  # the link works in any browser, signed in or not
    page = client.get(link)
    assert page.status_code == 200 and "robin@example.org" in page.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "robin@example.org"))
    assert user.email_verified_at is None  # opening the link (as mail scanners do) changes nothing

    confirmed = client.submit(link, {}, page=link)
    assert confirmed.status_code == 200
    assert "Email address confirmed" in confirmed.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_verified_at is not None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.email_verified"))

    assert client.get(link).status_code == 400
    assert client.submit(link, {}).status_code == 400


def test_verification_link_expires_after_48_hours(app, client, mailbox, send_mail):
    user = make_user(email="slow@example.org")
    tokens.send_verification(user, now=utcnow() - timedelta(hours=49))
    db.session.commit()
    send_mail()
    link = _verify_link(mailbox.wait_for(1)[0])
    assert client.get(link).status_code == 400
    assert client.submit(link, {}).status_code == 400
    db.session.refresh(user)
    assert user.email_verified_at is None


def test_a_made_up_link_does_not_confirm_anything(client):
    response = client.get("/auth/verify-email/not-a-real-token")
    assert response.status_code == 400
    assert "This link does not work any more" in response.get_data(as_text=True)


def test_resident_asks_for_a_new_confirmation_link(app, client, mailbox, send_mail):
    make_user(email="again@example.org")
    client.login("again@example.org")
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "You have not confirmed your email address" in page
    response = client.submit(
        "/auth/verify-email", {"next": "/account/notifications"}, page="/account/notifications"
    )
    assert response.status_code == 303
    send_mail()
    link = _verify_link(mailbox.wait_for(1)[0])
    assert client.submit(link, {}, page=link).status_code == 200
    assert "We send emails to again@example.org" in client.get("/account/notifications").get_data(
        as_text=True
    )


@pytest.fixture
def app_config():
    """This council requires a confirmed address to comment (the default is not to)."""
    return {"EMAIL_VERIFICATION_REQUIRED_TO_COMMENT": True}


def test_when_the_council_requires_it_an_unconfirmed_resident_cannot_comment_and_keeps_the_text(
    app, client, mailbox, send_mail
):
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    url = f"/consultations/{consultation.slug}/threads/{thread.id}"
    _register(client, "new@example.org")

    response = client.submit(
        f"{url}/comments", {"body": "Please fix the lights.", "submission_token": "v1"}, page=url
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Confirm your email address before you comment" in page
    assert "Please fix the lights." in page
    assert db.session.scalar(select(Comment)) is None

    send_mail()
    link = _verify_link(mailbox.wait_for(1)[0])
    client.submit(link, {}, page=link)
    response = client.submit(
        f"{url}/comments", {"body": "Please fix the lights.", "submission_token": "v1"}, page=url
    )
    assert response.status_code == 303
    assert db.session.scalar(select(Comment)).body_text == "Please fix the lights."
