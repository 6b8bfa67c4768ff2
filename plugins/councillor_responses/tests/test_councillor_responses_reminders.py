"""`flask councillor-responses remind`: a daily digest per councillor, escalation past a threshold.

Mail goes through the core's outbox and a real SMTP server on loopback.
"""

from datetime import UTC, datetime

import pytest
from consultation_councillor_responses import services
from consultation_councillor_responses.models import Reminder
from sqlalchemy import func, select

from consultation.notifications.sender import send_due
from consultation.plugin_api import db
from consultation.plugin_system.services import save_settings
from consultation.testing.factories import make_thread

pytestmark = pytest.mark.plugins("councillor_responses")


def remind(runner) -> str:
    """Run the daily job as cron would; return what it printed."""
    db.session.commit()
    result = runner.invoke(args=["councillor-responses", "remind"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def deliver(mailbox) -> list:
    """Send what the outbox holds and return every message received so far."""
    send_due()
    return list(mailbox.messages)


def test_a_councillor_gets_one_digest_a_day_of_what_is_due_soon(
    app, council, clock, mailbox, runner
):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    clock.move_to(datetime(2027, 1, 4, 8, tzinfo=UTC))
    later = make_thread(council.consultation, "What else should libraries offer?")
    services.ask(
        later, ward_ids=[], councillor_ids=[council.north_councillor.id], actor=council.officer
    )

    # Monday 4 January: the first is due on Wednesday 6th (2 working days), the second on the 18th.
    assert remind(runner).startswith("1 digest(s) covering 1 request(s)")
    assert remind(runner).startswith("0 digest(s) covering 0 request(s)")
    messages = deliver(mailbox)
    assert [m.to for m in messages] == ["north@example.org"]
    digest = messages[0]
    assert digest.subject == "1 response due within 2 working days"
    assert "Which opening hours would suit you?" in digest.text
    assert "Due 6 January 2027" in digest.text
    assert "What else should libraries offer?" not in digest.text
    assert "http://localhost/councillor-responses/" in digest.links()

    # The next day it is still due soon: one more digest, still one for the day.
    clock.move_to(datetime(2027, 1, 5, 8, tzinfo=UTC))
    assert remind(runner).startswith("1 digest(s) covering 1 request(s)")
    assert remind(runner).startswith("0 digest(s)")
    assert len(deliver(mailbox)) == 2
    assert db.session.scalar(select(func.count(Reminder.id))) == 2


def test_a_long_overdue_request_goes_to_the_consultations_officer_once(
    app, council, clock, mailbox, runner
):
    save_settings("councillor_responses", {"councillor_responses_escalate_after": 2})
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )

    # Due Wednesday 6 January. Friday 8th: overdue by 2 working days, not more than 2.
    clock.move_to(datetime(2027, 1, 8, 8, tzinfo=UTC))
    assert "0 escalation(s)" in remind(runner)
    digest = deliver(mailbox)[-1]
    assert digest.to == "north@example.org"
    assert "OVERDUE: was due 6 January 2027 (2 working days ago)" in digest.text

    # Monday 11th: overdue by 3, past the threshold: the officer hears, once.
    clock.move_to(datetime(2027, 1, 11, 8, tzinfo=UTC))
    assert "1 escalation(s) covering 1 request(s)" in remind(runner)
    assert "0 escalation(s)" in remind(runner)
    clock.move_to(datetime(2027, 1, 12, 8, tzinfo=UTC))
    assert "0 escalation(s)" in remind(runner)

    to_officer = [m for m in deliver(mailbox) if m.to == "officer@example.org"]
    assert len(to_officer) == 1
    assert (
        to_officer[0].subject
        == "A councillor response needs you: Which opening hours would suit you?"
    )
    assert "Overdue by 3 working days" in to_officer[0].text


def test_nothing_is_sent_while_nothing_is_due_soon(app, council, mailbox, runner):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )

    assert remind(runner).startswith("0 digest(s) covering 0 request(s); 0 escalation(s)")
    assert deliver(mailbox) == []


def test_the_command_refuses_while_the_plugin_is_off(app, runner):
    runner.invoke(args=["plugins", "disable", "councillor_responses"])
    result = runner.invoke(args=["councillor-responses", "remind"])
    assert result.exit_code != 0
    assert "flask plugins enable councillor_responses" in result.output


def test_two_runs_at_once_send_each_reminder_once(app, make_app, council, clock):
    from threading import Barrier, Thread

    from consultation_councillor_responses.reminders import remind as run_remind

    from consultation.notifications.models import OutboxMessage

    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    clock.move_to(datetime(2027, 1, 5, 8, tzinfo=UTC))
    db.session.commit()
    workers = [make_app(), make_app()]  # two cron hosts sharing the database
    start = Barrier(len(workers))
    failures = []

    def cron(worker) -> None:
        with worker.app_context():
            start.wait()
            try:
                run_remind()
            except Exception as exc:  # reported below, with the other worker's result
                failures.append(exc)

    threads = [Thread(target=cron, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    db.session.expire_all()
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 1
    assert db.session.scalar(select(func.count(Reminder.id))) == 1
