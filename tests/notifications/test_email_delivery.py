"""Each kind of message reaches a real SMTP server with the right recipient, subject,
headers and links that work when followed."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Blueprint
from sqlalchemy import event

from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications import kinds
from consultation.notifications.kinds import Kind, KindClash, kinds_for, register_kind
from consultation.notifications.messages import notify_comment_status, notify_outcome_published
from consultation.notifications.services import notify
from consultation.outcomes.models import Outcome
from consultation.testing.factories import (
    make_comment,
    make_consultation,
    make_thread,
    make_user,
    make_ward,
)

SITE = "http://localhost"


def _path(url: str) -> str:
    """A link from an email, as the test client follows it (no fragment)."""
    assert url.startswith(SITE + "/"), url
    return url.split("#")[0]


def _assert_unsubscribe_headers(delivered) -> str:
    header = str(delivered.message["List-Unsubscribe"])
    assert header.startswith(f"<{SITE}/notifications/unsubscribe/") and header.endswith(">")
    assert str(delivered.message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    return header[1:-1]


def test_author_is_emailed_when_someone_replies_and_the_link_opens_the_reply(
    client, mailbox, send_mail, outbox
):
    consultation = make_consultation("open", title="Library opening hours")
    thread = make_thread(consultation, title="Which hours suit you?")
    author = make_user(email="alex@example.org", name="Alex")
    replier = make_user(email="sam@example.org", name="Sam")
    comment = make_comment(thread, author, body="Open later on Thursdays, please.")
    reply_url = (
        f"/consultations/{consultation.slug}/threads/{thread.id}/comments/{comment.id}/reply"
    )

    client.login(replier.email)
    response = client.submit(
        reply_url,
        {"body": "Agreed – after work suits me.", "submission_token": "r1"},
        page=reply_url,
    )
    assert response.status_code == 303
    assert [m.recipient for m in outbox(kind="comment_reply")] == ["alex@example.org"]

    result = send_mail()
    assert result.exit_code == 0, result.output
    [delivered] = mailbox.wait_for(1)

    assert delivered.rcpt_tos == ["alex@example.org"]
    assert delivered.to == "alex@example.org"
    assert delivered.subject == "Sam replied to your comment on ‘Library opening hours’"
    assert "Example District Council" in str(delivered.message["From"])
    assert delivered.message["Message-ID"] and delivered.message["Date"]
    assert str(delivered.message["Auto-Submitted"]) == "auto-generated"
    unsubscribe = _assert_unsubscribe_headers(delivered)
    assert "Open later on Thursdays, please." in delivered.text
    assert "Agreed – after work suits me." in delivered.text
    assert 'lang="en-GB"' in delivered.html and "<title>" in delivered.html
    assert (
        "Example District Council" in delivered.text
        and "consultations@example.org" in delivered.text
    )

    [reply_link] = [link for link in delivered.links() if "/threads/" in link]
    assert reply_link in delivered.html and unsubscribe in delivered.text
    client.logout()
    page = client.get(_path(reply_link))
    assert page.status_code == 200
    reply_id = reply_link.rpartition("#comment-")[2]
    assert f'id="comment-{reply_id}"' in page.get_data(as_text=True)
    assert "Agreed – after work suits me." in page.get_data(as_text=True)
    assert outbox(kind="comment_reply")[0].state == "sent"


def test_nobody_is_emailed_about_replying_to_themselves(app, outbox):
    thread = make_thread(make_consultation("open"))
    author = make_user()
    comment = make_comment(thread, author)
    make_comment(thread, author, body="And another thing.", parent=comment)
    assert outbox(kind="comment_reply") == []


def test_a_councillors_reply_is_announced_with_their_ward(app, mailbox, send_mail):
    ward = make_ward("Riverside")
    thread = make_thread(make_consultation("open", title="Bus routes"))
    resident = make_user(email="res@example.org")
    councillor = make_user("councillor", name="Priya Shah", ward=ward)
    make_comment(
        thread, councillor, body="We will raise this.", parent=make_comment(thread, resident)
    )

    send_mail()
    [delivered] = mailbox.wait_for(1)
    assert delivered.subject == "Councillor Priya Shah replied to your comment on ‘Bus routes’"
    assert "Priya Shah, Councillor for Riverside, replied" in delivered.text


def test_author_hears_when_a_comment_is_held_rejected_and_restored(client, mailbox, send_mail):
    consultation = make_consultation("open", title="Parks strategy")
    thread = make_thread(consultation, title="What should change?")
    author = make_user(email="kim@example.org")
    comment = make_comment(thread, author, body="More benches near the pond.")

    notify_comment_status(comment, "held")
    notify_comment_status(comment, "rejected", "It names a private person.")
    notify_comment_status(comment, "restored")
    db.session.commit()
    send_mail()
    held, rejected, restored = mailbox.wait_for(3)

    assert {m.to for m in (held, rejected, restored)} == {"kim@example.org"}
    assert held.subject == "Your comment on ‘Parks strategy’ is being checked"
    assert rejected.subject == "Your comment on ‘Parks strategy’ was not published"
    assert restored.subject == "Your comment on ‘Parks strategy’ is published again"
    assert "Reason: It names a private person." in rejected.text
    assert "It names a private person." in rejected.html
    for delivered in (held, rejected, restored):
        _assert_unsubscribe_headers(delivered)
        assert "More benches near the pond." in delivered.text

    client.login(author.email)
    [status_link] = [link for link in rejected.links() if "/account/comments" in link]
    page = client.get(_path(status_link))
    assert page.status_code == 200 and "More benches near the pond." in page.get_data(as_text=True)
    [comment_link] = [link for link in restored.links() if "/threads/" in link]
    page = client.get(_path(comment_link))
    assert f'id="comment-{comment.id}"' in page.get_data(as_text=True)


def test_everyone_who_took_part_hears_once_that_the_outcome_is_published(
    client, mailbox, send_mail, outbox
):
    consultation = make_consultation("outcome_published", title="Town centre parking")
    thread = make_thread(consultation)
    first, second = make_user(email="one@example.org"), make_user(email="two@example.org")
    make_user(email="bystander@example.org")
    comment = make_comment(thread, first)
    make_comment(thread, first, body="A second thought.")
    make_comment(thread, second, parent=comment)
    db.session.add(
        Outcome(
            consultation_id=consultation.id,
            decision="Parking charges stay as they are until 2028.",
            decision_maker="Cabinet",
            decision_date=date(2026, 10, 1),
            published_at=utcnow(),
        )
    )
    db.session.flush()

    assert notify_outcome_published(consultation) == 2
    assert notify_outcome_published(consultation) == 2  # announced twice: still one each
    db.session.commit()
    assert sorted(m.recipient for m in outbox(kind="outcome_published")) == [
        "one@example.org",
        "two@example.org",
    ]

    send_mail()
    messages = [m for m in mailbox.wait_for(3) if "outcome" in m.subject]
    assert sorted(m.to for m in messages) == ["one@example.org", "two@example.org"]
    delivered = messages[0]
    assert delivered.subject == "The outcome of ‘Town centre parking’ is published"
    assert "Parking charges stay as they are until 2028." in delivered.text
    assert "Decided by: Cabinet, 1 October 2026" in delivered.text
    _assert_unsubscribe_headers(delivered)
    [link] = [link for link in delivered.links() if "/consultations/" in link]
    page = client.get(_path(link))
    assert page.status_code == 200 and "Town centre parking" in page.get_data(as_text=True)


def test_a_plugin_defined_kind_is_sent_with_the_plugins_own_templates(
    app, mailbox, send_mail, monkeypatch
):
    # The kind registry is process-wide: this test's kind must not outlive it.
    monkeypatch.setattr(kinds, "_registry", dict(kinds._registry))
    # A plugin ships its templates in its blueprint and registers its kind.
    app.register_blueprint(
        Blueprint("example_plugin", __name__, template_folder="../data/notification_plugin")
    )
    register_kind(
        Kind(
            name="example_plugin.alert",
            label="Example alerts",
            description="When the example plugin has news.",
            template="example_plugin/email/alert",
            roles=("moderator",),
        )
    )
    moderator = make_user("moderator", email="mod@example.org")
    resident = make_user()

    notify(moderator, "example_plugin.alert", {"count": 3})
    db.session.commit()
    send_mail()
    [delivered] = mailbox.wait_for(1)

    assert delivered.to == "mod@example.org"
    assert delivered.subject == "3 comments wait for moderation"
    assert "3 comments wait for moderation at Example District Council." in delivered.text
    assert "<strong>3</strong>" in delivered.html
    _assert_unsubscribe_headers(delivered)
    assert "example_plugin.alert" in [k.name for k in kinds_for(moderator)]
    assert "example_plugin.alert" not in [k.name for k in kinds_for(resident)]


def test_registering_a_different_kind_under_a_taken_name_fails_at_start_up(app):
    with pytest.raises(KindClash):
        register_kind(Kind("comment_reply", "Other", "Other", "other/template"))


def test_a_message_is_stored_with_its_event_or_not_at_all(app, outbox):
    thread = make_thread(make_consultation("open"))
    comment = make_comment(thread, make_user())
    notify_comment_status(comment, "held")
    db.session.rollback()  # the decision failed to save
    assert outbox() == []


def test_announcing_an_outcome_costs_the_same_queries_for_2_or_10_participants(app, outbox):
    def queries_to_announce(people: int) -> int:
        consultation = make_consultation("outcome_published")
        thread = make_thread(consultation)
        for _ in range(people):
            make_comment(thread, make_user())
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert notify_outcome_published(consultation) == people
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        db.session.commit()
        return len(statements)

    assert queries_to_announce(2) == queries_to_announce(10)
    assert len(outbox(kind="outcome_published")) == 12


def test_publishing_the_outcome_in_the_officer_console_emails_the_people_who_took_part(
    app, mailbox, send_mail, outbox
):
    from consultation.outcomes.services import publish

    consultation = make_consultation("closed", title="Library opening hours")
    make_comment(make_thread(consultation), make_user(email="took.part@example.org"))
    db.session.add(
        Outcome(
            consultation_id=consultation.id,
            decision="Open until 8pm on Thursdays.",
            decision_maker="Cabinet",
            decision_date=date(2026, 11, 1),
            we_did="We will open later on Thursdays.",
        )
    )
    db.session.commit()

    publish(consultation)
    send_mail()
    [delivered] = mailbox.wait_for(1)
    assert delivered.to == "took.part@example.org"
    assert delivered.subject == "The outcome of ‘Library opening hours’ is published"
