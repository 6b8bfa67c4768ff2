"""Admins see messages that could not be delivered, and send them again."""

from __future__ import annotations

from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.extensions import db
from consultation.notifications.models import MessageState
from consultation.notifications.sender import send_due
from consultation.notifications.services import enqueue
from consultation.testing.factories import make_user


def _failed_message(subject: str, error: str = "550 mailbox unavailable"):
    message = enqueue(
        recipient="someone@example.org",
        kind="comment_reply",
        subject=subject,
        body_text="Hello",
        body_html="<p>Hello</p>",
    )
    message.state = MessageState.FAILED
    message.attempts = 10
    message.last_error = error
    db.session.commit()
    return message


def test_admin_sees_a_failed_message_and_sends_it_again(app, client, mailbox, outbox):
    message = _failed_message("Sam replied to your comment")
    enqueue(
        recipient="waiting@example.org",
        kind="outcome_published",
        subject="The outcome is published",
        body_text="Hi",
        body_html="<p>Hi</p>",
    )
    db.session.commit()
    admin = make_user("admin")
    client.login(admin.email)

    page = client.get("/officer/outbox").get_data(as_text=True)
    assert "Sam replied to your comment" in page and "550 mailbox unavailable" in page
    assert "someone@example.org" in page and "Replies to your comments" in page
    assert "The outcome is published" in page and "Waiting" in page

    response = client.submit(
        "/officer/outbox/retry", {"message_id": str(message.id)}, page="/officer/outbox"
    )
    assert response.status_code == 303
    assert "will be sent again" in client.get("/officer/outbox").get_data(as_text=True)
    db.session.refresh(message)
    assert (message.state, message.attempts) == ("queued", 0)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "notification.retry"))
    assert (event.actor_id, event.target_id, event.details["count"]) == (
        admin.id,
        str(message.id),
        1,
    )

    assert send_due().sent == 2
    assert sorted(m.to for m in mailbox.wait_for(2)) == [
        "someone@example.org",
        "waiting@example.org",
    ]


def test_admin_retries_every_failed_message_at_once(app, client, outbox):
    _failed_message("First")
    _failed_message("Second")
    client.login(make_user("admin").email)
    response = client.submit("/officer/outbox/retry", {}, page="/officer/outbox")
    assert response.status_code == 303
    assert {m.state for m in outbox()} == {"queued"}


def test_retrying_needs_a_valid_form(app, client, outbox):
    message = _failed_message("Kept as it was")
    client.login(make_user("admin").email)
    assert (
        client.post("/officer/outbox/retry", data={"message_id": str(message.id)}).status_code
        == 400
    )
    assert client.submit("/officer/outbox/retry", {"message_id": "x"}).status_code == 400
    assert outbox()[0].state == "failed"


def test_only_admins_see_the_outbox(app, client):
    _failed_message("Private subject")
    assert client.get("/officer/outbox").status_code == 302  # sign in first
    client.login(make_user("officer").email)
    assert client.get("/officer/outbox").status_code == 403
    assert client.submit("/officer/outbox/retry", {}).status_code == 403
