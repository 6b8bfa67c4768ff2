"""Moderators decide: approve, reject with a house rule, hide, restore, in bulk too.

Every decision is an audit event and a row in the plugin's decision table;
nothing is deleted; the author is told why, on the site and by email.
"""

import pytest
from moderation_support import (
    decide_through_form,
    decisions_of,
    item_of,
    open_thread,
    people,
    status_of,
    text,
    thread_url,
)
from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.notifications.sender import send_due
from consultation.plugin_api import Comment, db
from consultation.plugin_system.services import save_settings
from consultation.testing.factories import make_comment

pytestmark = pytest.mark.plugins("moderation")


def audit_actions(comment) -> list[str]:
    db.session.expire_all()
    query = select(AuditEvent.action).where(
        AuditEvent.target_type == "comment", AuditEvent.target_id == str(comment.id)
    )
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


@pytest.fixture
def premoderated():
    save_settings("moderation", {"moderation_mode": "pre"})
    return open_thread()


def test_a_moderator_approves_a_held_comment_and_it_is_published(client, premoderated):
    consultation, thread = premoderated
    cast = people()
    comment = make_comment(thread, cast.author, "Open on Sunday afternoons, please.")
    client.login(cast.moderator.email)

    response = decide_through_form(client, comment, "approve")

    assert response.status_code == 303
    assert status_of(comment) == "published"
    [held, approved] = decisions_of(comment)
    assert (held.action, held.actor_id, held.reason) == ("held", None, "premoderation")
    assert (approved.action, approved.actor_id) == ("approved", cast.moderator.id)
    assert approved.waited_seconds is not None and approved.waited_seconds >= 0
    assert audit_actions(comment) == ["moderation.approve"]
    assert item_of(comment).state == "decided"
    client.logout()
    assert "Open on Sunday afternoons" in text(client.get(thread_url(consultation, thread)))


def test_the_author_sees_why_a_comment_was_rejected_and_is_emailed(client, mailbox, premoderated):
    consultation, thread = premoderated
    cast = people()
    comment = make_comment(thread, cast.author, "The librarians are all idiots.")
    client.login(cast.moderator.email)

    decide_through_form(
        client, comment, "reject", rule="abusive", note="Criticise the plan, not the staff."
    )

    assert status_of(comment) == "rejected"
    [_held, rejected] = decisions_of(comment)
    assert (rejected.reason, rejected.note) == ("abusive", "Criticise the plan, not the staff.")
    assert rejected.comment_text == "The librarians are all idiots."
    client.logout()
    client.login(cast.author.email)
    mine = text(client.get("/account/comments"))
    assert "Not published" in mine
    assert "It breaks the house rule ‘Be respectful’." in mine
    assert "Note from the moderator: Criticise the plan, not the staff." in mine
    assert "The librarians are all idiots." in mine  # kept, and shown to its author
    assert "Edit and send it back to the moderators" in mine
    assert "Ask a different moderator to review this decision" in mine

    send_due()
    [email] = mailbox.wait_for(1)
    assert email.to == cast.author.email
    assert "was not published" in email.subject
    assert "It breaks the house rule ‘Be respectful’." in email.text
    client.logout()
    assert "librarians are all idiots" not in text(client.get(thread_url(consultation, thread)))


def test_a_rejection_needs_a_house_rule_and_keeps_the_note(client, premoderated):
    _consultation, thread = premoderated
    cast = people()
    comment = make_comment(thread, cast.author, "Borderline.")
    client.login(cast.moderator.email)

    response = decide_through_form(client, comment, "reject", note="A note I typed carefully.")

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Select the house rule the comment breaks" in page
    assert "A note I typed carefully." in page
    assert status_of(comment) == "pending"
    assert [d.action for d in decisions_of(comment)] == ["held"]


def test_a_moderator_hides_a_published_comment_then_restores_it(client, mailbox):
    consultation, thread = open_thread()
    cast = people()
    comment = make_comment(thread, cast.author, "Call the manager, she never answers.")
    client.login(cast.neighbour.email)
    assert "Moderate this comment" not in text(client.get(thread_url(consultation, thread)))
    client.logout()
    client.login(cast.moderator.email)
    assert "Moderate this comment" in text(client.get(thread_url(consultation, thread)))

    decide_through_form(client, comment, "hide", rule="personal_information")
    assert status_of(comment) == "hidden"
    decide_through_form(client, comment, "restore")

    assert status_of(comment) == "published"
    assert [d.action for d in decisions_of(comment)] == ["hidden", "restored"]
    assert audit_actions(comment) == ["moderation.hide", "moderation.restore"]
    send_due()
    subjects = [m.subject for m in mailbox.wait_for(2)]
    assert any("was not published" in s for s in subjects)
    assert any("is published again" in s for s in subjects)


def test_two_moderators_at_once_the_second_is_told_who_decided(make_app, app, premoderated):
    _consultation, thread = premoderated
    cast = people()
    comment = make_comment(thread, cast.author, "Decide me once.")
    first, second = app.test_client(), make_app().test_client()
    first.login(cast.moderator.email)
    second.login(cast.second_moderator.email)
    page = f"/moderation/comments/{comment.id}"
    first.get(page)
    second.get(page)  # both see the comment waiting, at the same version

    approved = first.submit(page, {"action": "approve", "version": "1"}, page="/moderation/")
    refused = second.submit(
        page, {"action": "reject", "version": "1", "rule": "spam", "note": "Advert."}, page="/"
    )

    assert approved.status_code == 303
    assert refused.status_code == 409
    message = text(refused)
    assert "Jo Moderator already approved this comment on" in message
    assert "Nothing was changed." in message
    assert "Advert." in refused.get_data(as_text=True)  # the note typed is still there
    assert status_of(comment) == "published"
    assert [d.action for d in decisions_of(comment)] == ["held", "approved"]
    assert audit_actions(comment) == ["moderation.approve"]


def test_racing_decisions_in_parallel_make_exactly_one(make_app, app, premoderated):
    """Two workers receive the two moderators' decisions in the same instant: one wins."""
    import threading

    _consultation, thread = premoderated
    cast = people()
    comment = make_comment(thread, cast.author, "Race me.")
    page = f"/moderation/comments/{comment.id}"
    clients = [make_app().test_client(), make_app().test_client()]
    clients[0].login(cast.moderator.email)
    clients[1].login(cast.second_moderator.email)
    forms = [
        {"action": "approve", "version": "1", "csrf_token": clients[0].csrf_token(page)},
        {
            "action": "reject",
            "version": "1",
            "rule": "spam",
            "csrf_token": clients[1].csrf_token(page),
        },
    ]
    db.session.commit()  # the test's own transaction must not hold SQLite's write lock
    start = threading.Barrier(2)
    answers = {}

    def post(n):
        start.wait()
        answers[n] = clients[n].post(page, data=forms[n])

    runners = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(60)

    assert sorted(answer.status_code for answer in answers.values()) == [303, 409]
    [loser] = [answer for answer in answers.values() if answer.status_code == 409]
    assert "already" in text(loser) and "Nothing was changed." in text(loser)
    assert len(decisions_of(comment)) == 2  # the hold, and one decision


def test_bulk_approve_and_reject_decide_each_comment_once(client, premoderated):
    consultation, thread = premoderated
    cast = people()
    comments = [make_comment(thread, cast.author, f"Comment number {n}.") for n in range(4)]
    client.login(cast.moderator.email)
    selected = [f"{item_of(c).id}:{item_of(c).version}" for c in comments]

    approved = client.submit(
        "/moderation/bulk",
        {"item": selected[:2], "approve": "Approve selected"},
        page="/moderation/",
    )
    again = client.submit(
        "/moderation/bulk",
        {"item": selected[:2], "approve": "Approve selected"},
        page="/moderation/",
    )
    told = text(client.get(again.headers["Location"]))
    rejected = client.submit(
        "/moderation/bulk",
        {"item": selected[2:], "reject": "Reject selected", "rule": "off_topic"},
        page="/moderation/",
    )

    assert approved.status_code == again.status_code == rejected.status_code == 303
    assert [status_of(c) for c in comments] == ["published", "published", "rejected", "rejected"]
    assert told.count("Jo Moderator already approved this comment") == 2
    assert [len(decisions_of(c)) for c in comments] == [2, 2, 2, 2]


def test_bulk_needs_a_selection_and_a_rule_to_reject(client, premoderated):
    _consultation, thread = premoderated
    cast = people()
    comment = make_comment(thread, cast.author, "Waiting.")
    client.login(cast.moderator.email)
    key = f"{item_of(comment).id}:{item_of(comment).version}"

    nothing = client.submit(
        "/moderation/bulk", {"approve": "Approve selected"}, page="/moderation/"
    )
    no_rule = client.submit(
        "/moderation/bulk",
        {"item": [key], "reject": "Reject selected", "note": "Typed note"},
        page="/moderation/",
    )

    assert nothing.status_code == no_rule.status_code == 400
    assert "Select at least one comment" in text(nothing)
    no_rule_page = no_rule.get_data(as_text=True)
    assert "Select the house rule the comments break" in no_rule_page
    assert "Typed note" in no_rule_page and f'value="{key}" checked' in no_rule_page
    assert status_of(comment) == "pending"


def test_a_moderator_cannot_decide_on_their_own_comment(client, premoderated):
    _consultation, thread = premoderated
    cast = people()
    comment = make_comment(thread, cast.moderator, "A moderator's own view.")
    client.login(cast.moderator.email)

    response = decide_through_form(client, comment, "approve")

    assert response.status_code == 409
    assert "You cannot decide on your own comment" in text(response)
    assert status_of(comment) == "pending"


def test_nothing_is_deleted_a_rejected_comment_stays_for_the_audit(client, premoderated):
    _consultation, thread = premoderated
    cast = people()
    comment = make_comment(thread, cast.author, "Keep me for the record.")
    client.login(cast.moderator.email)

    decide_through_form(client, comment, "reject", rule="spam")

    db.session.expire_all()
    kept = db.session.get(Comment, comment.id)
    assert (kept.status, kept.body_text) == ("rejected", "Keep me for the record.")
    history = text(client.get(f"/moderation/comments/{comment.id}"))
    assert "Rejected by Jo Moderator" in history and "No advertising or spam" in history
