"""A resident who forgot their password resets it through a link that works once, for an hour."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications import tokens
from consultation.testing.factories import PASSWORD, make_user

NEW_PASSWORD = "lantern orbit kettle meadow 7"


def _reset_link(mailbox, address: str) -> str:
    [delivered] = mailbox.to(address)
    [link] = [link for link in delivered.links() if "/auth/reset-password/" in link]
    return link


def test_resident_resets_a_forgotten_password_through_the_emailed_link(
    app, make_app, client, mailbox, send_mail, outbox
):
    user = make_user(email="jo@example.org", name="Jo")
    # Jo is still signed in on another device (another worker: its own request globals).
    elsewhere = make_app().test_client()
    elsewhere.login("jo@example.org")

    login_page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/forgot-password"' in login_page and "Forgotten your password?" in login_page
    response = client.submit("/auth/forgot-password", {"email": "Jo@Example.org"})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)

    send_mail()
    [delivered] = mailbox.wait_for(1)
    assert delivered.to == "jo@example.org"
    assert delivered.subject == "Reset your password for Have your say"
    assert "expires in 60 minutes" in delivered.text
    # Asked for by the person: no unsubscribe link or header.
    assert delivered.message["List-Unsubscribe"] is None
    assert "Stop these emails" not in delivered.text
    link = _reset_link(mailbox, "jo@example.org")
    assert link in delivered.html

    form = client.get(link)
    assert form.status_code == 200 and "Choose a new password" in form.get_data(as_text=True)
    weak = client.submit(link, {"password": "password"}, page=link)
    assert weak.status_code == 400
    assert "Password must be 12 characters or more" in weak.get_data(as_text=True)
    done = client.submit(link, {"password": NEW_PASSWORD}, page=link)
    assert done.status_code == 303 and done.headers["Location"].endswith("/auth/login")

    again = client.get(link)
    assert again.status_code == 400
    assert "This link does not work any more" in again.get_data(as_text=True)
    assert client.submit(link, {"password": "another good pass phrase 9"}).status_code == 400

    assert elsewhere.get("/account/").status_code == 302  # signed out everywhere
    bad = client.submit("/auth/login", {"email": "jo@example.org", "password": PASSWORD})
    assert bad.status_code == 400
    client.login("jo@example.org", NEW_PASSWORD)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.password_reset")
    )
    assert [(e.actor_id, e.target_id) for e in events] == [(user.id, str(user.id))]
    db.session.refresh(user)
    assert user.email_verified_at is not None  # the link reached the inbox


def test_unknown_address_gets_the_same_page_and_no_email(app, client, mailbox, send_mail, outbox):
    make_user(email="known@example.org")
    known = client.submit("/auth/forgot-password", {"email": "known@example.org"})
    unknown = client.submit("/auth/forgot-password", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 200
    strip = lambda r, a: r.get_data(as_text=True).replace(a, "ADDRESS")  # noqa: E731
    assert strip(known, "known@example.org") == strip(unknown, "nobody@example.org")
    send_mail()
    mailbox.wait_for(1)
    assert [m.recipient for m in outbox()] == ["known@example.org"]
    assert mailbox.to("nobody@example.org") == []


def test_reset_link_expires_after_an_hour(app, client, mailbox, send_mail):
    user = make_user(email="late@example.org")
    issued = utcnow() - timedelta(minutes=61)  # the link was sent an hour and a minute ago
    tokens.request_password_reset(user.email, now=issued)
    db.session.commit()
    send_mail()
    mailbox.wait_for(1)
    link = _reset_link(mailbox, "late@example.org")

    expired = client.get(link)
    assert expired.status_code == 400
    assert "This link does not work any more" in expired.get_data(as_text=True)
    assert client.submit(link, {"password": NEW_PASSWORD}).status_code == 400


def test_a_later_reset_makes_earlier_links_useless(app, client, mailbox, send_mail):
    make_user(email="twice@example.org")
    client.submit("/auth/forgot-password", {"email": "twice@example.org"})
    client.submit("/auth/forgot-password", {"email": "twice@example.org"})
    send_mail()
    first, second = [
        [link for link in m.links() if "/reset-password/" in link][0] for m in mailbox.wait_for(2)
    ]
    assert client.submit(second, {"password": NEW_PASSWORD}, page=second).status_code == 303
    assert client.get(first).status_code == 400


def test_reset_link_points_at_the_site_even_when_the_request_names_another_host(
    app, client, mailbox, send_mail
):
    make_user(email="host@example.org")
    forged = "http://evil.example/auth/forgot-password"  # a request naming another Host
    assert client.submit(forged, {"email": "host@example.org"}, page=forged).status_code == 200
    send_mail()
    mailbox.wait_for(1)
    assert _reset_link(mailbox, "host@example.org").startswith("http://localhost/auth/")


def test_a_badly_typed_address_gets_a_specific_message_and_is_kept(client):
    response = client.submit("/auth/forgot-password", {"email": "jo at example"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'value="jo at example"' in page
