"""People choose what they hear about: off, straight away, or one summary a day; and they
can unsubscribe from any message with one click, without signing in."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications.digests import build_due_digests
from consultation.notifications.models import DigestEntry, Mode
from consultation.notifications.sender import send_due
from consultation.notifications.services import preferences_for, set_preference
from consultation.testing.factories import make_comment, make_consultation, make_thread, make_user

LONDON = ZoneInfo("Europe/London")


def _next_morning(hour: int, days: int = 1) -> datetime:
    """`hour` o'clock UK time, `days` days from now."""
    day = utcnow().astimezone(LONDON).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def _conversation():
    thread = make_thread(make_consultation("open", title="Cycle lanes"))
    author = make_user(email="ali@example.org", name="Ali")
    return thread, author, make_comment(thread, author, body="Segregated lanes, please.")


def test_resident_chooses_a_daily_summary_on_the_preferences_page(app, client, outbox):
    thread, author, comment = _conversation()
    client.login(author.email)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Replies to your comments" in page and "Email me once a day in a summary" in page
    assert "Reset your password" in page  # listed as always sent

    response = client.submit(
        "/account/notifications",
        {
            "kind-comment_reply": "daily",
            "kind-comment_status": "immediate",
            "kind-outcome_published": "off",
        },
        page="/account/notifications",
    )
    assert response.status_code == 303
    assert preferences_for(author) == {
        "comment_reply": Mode.DAILY,
        "comment_status": Mode.IMMEDIATE,
        "outcome_published": Mode.OFF,
    }
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "notification.preferences")
    )
    assert event.details["changed"] == {"comment_reply": "daily", "outcome_published": "off"}

    make_comment(thread, make_user(), body="Agreed.", parent=comment)
    assert outbox(kind="comment_reply") == []
    assert db.session.scalar(select(DigestEntry)).subject.startswith("Person")


def test_a_choice_that_is_not_offered_gets_a_clear_message(app, client):
    author = make_user()
    client.login(author.email)
    response = client.submit(
        "/account/notifications",
        {"kind-comment_reply": "hourly", "kind-comment_status": "off"},
        page="/account/notifications",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and "Choose how to hear about this" in page
    assert preferences_for(author)["comment_reply"] == Mode.IMMEDIATE


def test_preferences_need_a_signed_in_person(client):
    response = client.get("/account/notifications")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_resident_who_turned_replies_off_gets_no_email(app, outbox):
    thread, author, comment = _conversation()
    set_preference(author, "comment_reply", Mode.OFF)
    db.session.commit()
    make_comment(thread, make_user(), parent=comment)
    assert outbox() == [] and db.session.scalar(select(DigestEntry)) is None


def test_daily_summary_sends_one_message_a_day_with_every_event_in_it(app, mailbox, outbox):
    thread, author, comment = _conversation()
    set_preference(author, "comment_reply", Mode.DAILY)
    db.session.commit()
    for n in range(3):
        make_comment(thread, make_user(), body=f"Reply number {n}.", parent=comment)

    assert build_due_digests(now=_next_morning(6)) == 0  # before 7am: not yet
    assert build_due_digests(now=_next_morning(8)) == 1
    assert build_due_digests(now=_next_morning(12)) == 0  # one a day, however often cron runs
    make_comment(thread, make_user(), body="A late reply.", parent=comment)
    assert build_due_digests(now=_next_morning(20)) == 0  # waits for tomorrow's summary
    assert build_due_digests(now=_next_morning(8, days=2)) == 1
    send_due(now=_next_morning(8, days=2))

    first, second = mailbox.wait_for(2)
    assert len(mailbox.messages) == 2
    assert first.to == second.to == "ali@example.org"
    assert first.subject == "Your daily summary: 3 updates from Example District Council"
    assert second.subject == "Your daily summary: 1 update from Example District Council"
    for n in range(3):
        assert f"Reply number {n}." in first.text and f"Reply number {n}." in first.html
    assert "A late reply." not in first.text and "A late reply." in second.text
    assert str(first.message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert outbox(kind="comment_reply") == []


def test_unsubscribe_link_works_without_signing_in_and_is_audited(
    app, client, mailbox, send_mail, outbox
):
    thread, author, comment = _conversation()
    make_comment(thread, make_user(), parent=comment)
    send_mail()
    [delivered] = mailbox.wait_for(1)
    [link] = [link for link in delivered.links() if "/unsubscribe/" in link]

    page = client.get(link)  # not signed in
    assert page.status_code == 200 and "Replies to your comments" in page.get_data(as_text=True)
    assert preferences_for(author)["comment_reply"] == Mode.IMMEDIATE  # a link scanner's GET

    done = client.post(link)  # the page's button: no sign-in, and no CSRF token needed
    assert done.status_code == 200 and "You have unsubscribed" in done.get_data(as_text=True)
    assert preferences_for(author)["comment_reply"] == Mode.OFF
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "notification.unsubscribe")
    )
    assert (event.actor_id, event.details["kind"]) == (author.id, "comment_reply")

    make_comment(thread, make_user(), parent=comment)
    assert outbox(kind="comment_reply", state="queued") == []


def test_mail_clients_one_click_unsubscribe_post_works(app, make_app, mailbox, send_mail):
    thread, author, comment = _conversation()
    make_comment(thread, make_user(), parent=comment)
    send_mail()
    [delivered] = mailbox.wait_for(1)
    url = str(delivered.message["List-Unsubscribe"])[1:-1]

    # RFC 8058: the mail provider POSTs this body to the header's URL, with no cookies.
    mail_provider = make_app().test_client()
    response = mail_provider.post(
        url,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert preferences_for(author)["comment_reply"] == Mode.OFF


def test_a_forged_or_altered_unsubscribe_link_changes_nothing(app, client, mailbox, send_mail):
    thread, author, comment = _conversation()
    make_comment(thread, make_user(), parent=comment)
    send_mail()
    [link] = [link for link in mailbox.wait_for(1)[0].links() if "/unsubscribe/" in link]

    assert client.post(link[:-2] + "xx").status_code == 404
    assert client.post("/notifications/unsubscribe/not-a-token").status_code == 404
    assert preferences_for(author)["comment_reply"] == Mode.IMMEDIATE
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "notification.unsubscribe"))
        is None
    )


def test_unsubscribing_from_the_daily_summary_turns_off_what_it_collects(app, client, mailbox):
    thread, author, comment = _conversation()
    set_preference(author, "comment_reply", Mode.DAILY)
    db.session.commit()
    make_comment(thread, make_user(), parent=comment)
    build_due_digests(now=_next_morning(9))
    send_due(now=_next_morning(9))
    [summary] = mailbox.wait_for(1)
    link = str(summary.message["List-Unsubscribe"])[1:-1]

    assert "daily summary" in client.get(link).get_data(as_text=True)
    assert client.post(link).status_code == 200
    prefs = preferences_for(author)
    assert prefs["comment_reply"] == Mode.OFF and prefs["comment_status"] == Mode.IMMEDIATE
