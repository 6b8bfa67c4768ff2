"""The sender: nothing lost while the mail server is down, nothing sent twice, even by
two senders at once."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, select

from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications.digests import build_due_digests
from consultation.notifications.models import DigestEntry, EmailToken
from consultation.notifications.sender import backoff, claim, send_due
from consultation.notifications.services import enqueue, purge_old
from consultation.notifications.tokens import send_verification
from consultation.testing.factories import make_user
from consultation.testing.mail import free_port

LONDON = ZoneInfo("Europe/London")


def _queue(count: int, to: str = "person{i}@example.org") -> None:
    for i in range(count):
        enqueue(
            recipient=to.format(i=i),
            kind="comment_reply",
            subject=f"Message {i}",
            body_text=f"Body {i}",
            body_html=f"<p>Body {i}</p>",
        )
    db.session.commit()


def test_messages_wait_while_the_mail_server_is_down_and_go_once_when_it_is_back(
    app, smtp_server, send_mail, outbox
):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens there
    _queue(3)

    result = send_mail()
    assert result.exit_code == 1
    assert "Mail server unavailable" in result.output
    rows = outbox()
    assert [(r.state, r.attempts) for r in rows] == [("queued", 1)] * 3
    assert all("mail server unavailable" in r.last_error for r in rows)
    assert all(r.next_attempt_at > utcnow() for r in rows)

    # Cron runs again a moment later: the backoff has not passed, so nothing is tried.
    assert send_mail().exit_code == 0
    assert [r.attempts for r in outbox()] == [1, 1, 1]

    app.config.update(smtp_server.config)  # the server is back
    report = send_due(now=utcnow() + timedelta(minutes=2))
    assert report.sent == 3
    delivered = smtp_server.wait_for(3)
    assert sorted(m.subject for m in delivered) == ["Message 0", "Message 1", "Message 2"]
    assert [(r.state, r.attempts, r.last_error) for r in outbox()] == [("sent", 2, None)] * 3

    assert send_due(now=utcnow() + timedelta(hours=1)).sent == 0
    assert len(smtp_server.messages) == 3


def test_each_failed_attempt_waits_twice_as_long_up_to_six_hours(app):
    app.config["NOTIFICATIONS_RETRY_SECONDS"] = 60
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(seconds=s) for s in (60, 120, 240, 480)]
    assert backoff(30) == timedelta(hours=6)


def test_a_message_that_keeps_failing_is_marked_failed_for_admins(app, send_mail, outbox):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), NOTIFICATIONS_MAX_ATTEMPTS=2)
    _queue(1)
    send_due()
    send_due(now=utcnow() + timedelta(hours=1))
    [row] = outbox()
    assert (row.state, row.attempts) == ("failed", 2)
    assert send_due(now=utcnow() + timedelta(days=2)).sent == 0
    assert outbox()[0].attempts == 2


def test_two_senders_running_at_once_deliver_every_message_exactly_once(
    app, make_app, smtp_server, outbox
):
    _queue(100)
    smtp_server.delay = 0.005  # each message takes a moment, so the two senders overlap
    workers = [make_app(**smtp_server.config) for _ in range(2)]
    start = threading.Barrier(len(workers))
    reports = []

    def slow_database(conn, cursor, statement, parameters, context, executemany) -> None:
        # Widen any gap between choosing rows and marking them: a claim that is not
        # atomic would let the other sender take the same rows in that gap.
        if statement.lstrip().startswith("UPDATE outbox_message") and "attempts +" in statement:
            time.sleep(0.05)

    def run(worker) -> None:
        with worker.app_context():
            event.listen(db.engine, "before_cursor_execute", slow_database)
            start.wait()
            reports.append(send_due())

    threads = [threading.Thread(target=run, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    delivered = smtp_server.wait_for(100)
    assert sorted(m.subject for m in delivered) == sorted(f"Message {i}" for i in range(100))
    assert len({str(m.message["Message-ID"]) for m in delivered}) == 100
    assert len(reports) == 2 and sum(r.sent for r in reports) == 100
    assert all(r.sent > 0 for r in reports), "both senders took part"
    db.session.expire_all()
    assert {(r.state, r.attempts) for r in outbox()} == {("sent", 1)}


def test_messages_of_a_sender_that_died_are_sent_once_its_lease_runs_out(app, mailbox, outbox):
    _queue(1)
    claim_id, claimed = claim(10)  # a sender claims the message, then its process dies
    assert len(claimed) == 1 and outbox()[0].state == "sending"

    assert send_due().sent == 0  # the lease still holds: nobody else may send it
    lease = app.config["NOTIFICATIONS_LEASE_SECONDS"]
    assert send_due(now=utcnow() + timedelta(seconds=lease + 1)).sent == 1
    mailbox.wait_for(1)
    assert (outbox()[0].state, outbox()[0].attempts) == ("sent", 2)


def test_an_address_the_server_refuses_for_good_fails_at_once_and_others_still_go(
    app, mailbox, outbox
):
    mailbox.refuse.add("gone@example.org")
    _queue(1, to="gone@example.org")
    _queue(1, to="here@example.org")

    report = send_due()
    assert (report.sent, report.failed) == (1, 1)
    assert [m.to for m in mailbox.wait_for(1)] == ["here@example.org"]
    gone, here = outbox()
    assert gone.state == "failed" and "550" in gone.last_error
    assert here.state == "sent"


def test_in_development_without_a_mail_server_messages_are_printed(app, send_mail, outbox):
    app.config.update(MAIL_SERVER="", PRODUCTION=False)
    _queue(1, to="dev@example.org")
    result = send_mail()
    assert result.exit_code == 0
    assert "To: dev@example.org" in result.output and "Subject: Message 0" in result.output
    assert "Body 0" in result.output
    assert outbox()[0].state == "sent"


def test_production_without_a_mail_server_refuses_and_keeps_every_message(app, send_mail, outbox):
    app.config.update(MAIL_SERVER="", PRODUCTION=True)
    _queue(2)
    result = send_mail()
    assert result.exit_code != 0 and "MAIL_SERVER is not set" in result.output
    assert [(r.state, r.attempts) for r in outbox()] == [("queued", 0)] * 2


def test_status_prints_how_many_messages_are_in_each_state(app, mailbox, runner):
    _queue(2)
    send_due()
    _queue(1)
    result = runner.invoke(args=["notifications", "status"])
    assert json.loads(result.output) == {"failed": 0, "queued": 1, "sending": 0, "sent": 2}


def test_a_sender_claims_no_more_than_one_batch_at_a_time(app, outbox):
    _queue(30)
    claim_id, claimed = claim(5)
    assert len(claimed) == 5
    assert [r.id for r in outbox(state="sending")] == [c.id for c in claimed]
    assert len(outbox(state="queued")) == 25


def test_sent_messages_and_spent_links_are_deleted_after_the_keep_period(app, mailbox, outbox):
    person = make_user()
    send_verification(person)  # a link that will long have expired
    db.session.add(
        DigestEntry(
            user_id=person.id,
            kind="comment_reply",
            subject="A reply",
            body_text="Hello",
            body_html="<p>Hello</p>",
        )
    )
    db.session.commit()
    day = utcnow().astimezone(LONDON).date() + timedelta(days=1)
    morning = datetime(day.year, day.month, day.day, 8, tzinfo=LONDON)
    assert build_due_digests(now=morning) == 1
    _queue(1)
    assert send_due(now=morning).sent == 3  # the link, the daily summary, the message
    _queue(1, to="waiting@example.org")  # not sent yet: never deleted

    assert purge_old(now=morning) == 0  # sent today: kept
    assert purge_old(now=morning + timedelta(days=40)) == 3
    assert [m.recipient for m in outbox()] == ["waiting@example.org"]
    assert db.session.scalar(select(func.count(EmailToken.id))) == 0
    # The summary's entries went with it, rather than waiting to be sent again.
    assert db.session.scalar(select(func.count(DigestEntry.id))) == 0
    assert build_due_digests(now=morning + timedelta(days=40)) == 0
