"""Requests reach the right councillors, a reply closes them, passing on moves them."""

import pytest
from consultation_councillor_responses import rules, services
from consultation_councillor_responses.models import Handover, RequestStatus, ResponseRequest
from sqlalchemy import func, select

from consultation.plugin_api import (
    Comment,
    CommentStatus,
    Plugin,
    Verdict,
    announce_status_change,
    db,
    hookimpl,
)
from consultation.testing.factories import make_comment, make_user

pytestmark = pytest.mark.plugins("councillor_responses")

DASHBOARD = "/councillor-responses/"


def only_request() -> ResponseRequest:
    db.session.expire_all()
    return db.session.scalars(select(ResponseRequest)).unique().one()


def test_a_residents_comment_goes_to_the_councillors_for_their_ward(client, council):
    rules.set_route(council.thread, True, actor=council.officer)
    thread_page = f"/consultations/library-hours/threads/{council.thread.id}"

    client.login("resident@example.org")
    posted = client.submit(
        f"{thread_page}/comments", {"body": "Please open on Sunday afternoons."}, page=thread_page
    )
    assert posted.status_code == 303
    client.logout()

    request = only_request()
    assert request.ward_id == council.north.id and request.comment_id is not None
    client.login("north@example.org")
    assert "Please open on Sunday afternoons." in client.get(DASHBOARD).get_data(as_text=True)
    client.logout()
    client.login("south@example.org")
    assert "Please open on Sunday afternoons." not in client.get(DASHBOARD).get_data(as_text=True)


def test_comments_are_not_routed_unless_the_thread_allows_it(council):
    make_comment(council.thread, council.resident, "Open later, please.")
    assert db.session.scalar(select(func.count(ResponseRequest.id))) == 0


def test_a_councillor_replies_from_the_dashboard_and_the_request_closes(client, council):
    rules.set_route(council.thread, True, actor=council.officer)
    asked = make_comment(council.thread, council.resident, "Will Riverside stay open on Mondays?")
    request = only_request()

    client.login("north@example.org")
    response = client.submit(
        f"/councillor-responses/requests/{request.id}/reply",
        {"body": "Yes – Monday hours are unchanged.", "submission_token": "reply-1"},
        page=DASHBOARD,
    )
    assert response.status_code == 303

    request = only_request()
    reply = db.session.get(Comment, request.reply_comment_id)
    assert request.status == RequestStatus.ANSWERED
    assert request.answered_by_id == council.north_councillor.id
    assert (reply.author_id, reply.parent_id) == (council.north_councillor.id, asked.id)
    page = client.get(f"/consultations/library-hours/threads/{council.thread.id}").get_data(
        as_text=True
    )
    assert "Yes – Monday hours are unchanged." in page
    assert "Councillor for North Ward" in page  # the core's badge
    assert "Cllr Alex Morgan replied on 18 December 2026" in page
    board = client.get(DASHBOARD).get_data(as_text=True)
    assert "Nothing is waiting for your response." in board


def test_a_double_submitted_reply_is_posted_once(client, council):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = only_request()
    client.login("north@example.org")
    form = {"body": "We will look at this.", "submission_token": "same-form"}
    url = f"/councillor-responses/requests/{request.id}/reply"

    first = client.submit(url, form, page=DASHBOARD)
    second = client.submit(url, form, page=DASHBOARD)

    assert (first.status_code, second.status_code) == (303, 303)
    replies = db.session.scalars(
        select(Comment).where(Comment.author_id == council.north_councillor.id)
    )
    assert len(list(replies)) == 1


def test_an_empty_reply_is_explained_and_nothing_is_lost(client, council):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = only_request()
    client.login("north@example.org")

    response = client.submit(
        f"/councillor-responses/requests/{request.id}/reply", {"body": "   "}, page=DASHBOARD
    )
    assert response.status_code == 400
    assert "Enter your reply" in response.get_data(as_text=True)
    assert only_request().status == RequestStatus.AWAITING


def test_a_reply_too_long_comes_back_with_the_text(client, council, app):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = only_request()
    client.login("north@example.org")
    text = "Thank you. " * (app.config["COMMENT_MAX_LENGTH"] // 10)

    response = client.submit(
        f"/councillor-responses/requests/{request.id}/reply", {"body": text}, page=DASHBOARD
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your reply must be" in html and "characters or fewer" in html
    assert text.strip() in html


def test_a_councillor_cannot_answer_a_request_for_someone_else_unless_they_share_the_ward(
    client, council
):
    colleague = make_user("councillor", email="colleague@example.org", ward=council.north)
    services.ask(
        council.thread,
        ward_ids=[],
        councillor_ids=[council.north_councillor.id],
        actor=council.officer,
    )
    request = only_request()
    reply = f"/councillor-responses/requests/{request.id}/reply"

    client.login("south@example.org")
    assert client.get(f"/councillor-responses/requests/{request.id}").status_code == 403
    refused = client.submit(reply, {"body": "I can answer this."}, page=DASHBOARD)
    assert refused.status_code == 403
    assert only_request().status == RequestStatus.AWAITING
    client.logout()

    client.login("colleague@example.org")
    answered = client.submit(reply, {"body": "Speaking for North Ward: yes."}, page=DASHBOARD)
    assert answered.status_code == 303
    assert only_request().answered_by_id == colleague.id


def test_not_my_ward_passes_the_request_to_the_ward_named_with_a_new_due_date(
    client, council, clock
):
    from datetime import UTC, datetime

    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = only_request()
    clock.move_to(datetime(2026, 12, 22, 10, tzinfo=UTC))
    client.login("north@example.org")

    response = client.submit(
        f"/councillor-responses/requests/{request.id}/pass-on",
        {"reason": "not_my_ward", "ward": str(council.south.id), "detail": "This is Mill Lane."},
        page=f"/councillor-responses/requests/{request.id}/pass-on",
    )
    assert response.status_code == 303

    request = only_request()
    assert (request.ward_id, request.status) == (council.south.id, RequestStatus.AWAITING)
    assert request.requested_on.isoformat() == "2026-12-22"
    assert "Passed on" in client.get(DASHBOARD).get_data(as_text=True)
    assert "not your ward: passed to the councillors for South Ward" in client.get(
        DASHBOARD
    ).get_data(as_text=True)
    client.logout()
    client.login("south@example.org")
    board = client.get(DASHBOARD).get_data(as_text=True)
    assert "Which opening hours would suit you?" in board
    assert "Due 8 January 2027" in board


def test_declining_needs_a_reason_and_tells_the_officer(client, council):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = only_request()
    url = f"/councillor-responses/requests/{request.id}/pass-on"
    client.login("north@example.org")

    missing = client.submit(url, {"reason": "declined"}, page=url)
    assert missing.status_code == 400
    assert "Explain why you decline to respond" in missing.get_data(as_text=True)

    done = client.submit(url, {"reason": "declined", "detail": "I declared an interest."}, page=url)
    assert done.status_code == 303
    assert only_request().status == RequestStatus.DECLINED
    handover = db.session.scalars(select(Handover)).one()
    assert (handover.reason, handover.detail) == ("declined", "I declared an interest.")
    from consultation.notifications.models import OutboxMessage

    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.recipient == "officer@example.org"
    assert "declined to respond: I declared an interest." in message.body_text
    thread_page = client.get(f"/consultations/library-hours/threads/{council.thread.id}")
    assert "A councillor for North Ward declined to respond." in thread_page.get_data(as_text=True)


class HoldEverything(Plugin):
    """A moderation stand-in: every new comment waits for a moderator."""

    name = "hold_everything"

    @hookimpl
    def comment_pre_publish(self, comment):
        return Verdict.hold("Checked first")


def test_a_reply_held_for_moderation_closes_the_request_when_published(plugin_app, council):
    app = plugin_app(HoldEverything())
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = only_request()
    client = app.test_client()
    client.login("north@example.org")

    response = client.submit(
        f"/councillor-responses/requests/{request.id}/reply",
        {"body": "Held, then published."},
        page=DASHBOARD,
    )
    assert response.status_code == 303
    assert "Your reply is awaiting moderation" in client.get(DASHBOARD).get_data(as_text=True)
    request = only_request()
    assert request.status == RequestStatus.AWAITING

    reply = db.session.get(Comment, request.reply_comment_id)
    reply.status = CommentStatus.PUBLISHED
    db.session.commit()
    announce_status_change(reply, CommentStatus.PENDING, CommentStatus.PUBLISHED)

    request = only_request()
    assert request.status == RequestStatus.ANSWERED
    assert request.answered_at == reply.created_at


def test_a_reply_whose_form_expired_comes_back_with_the_text(client, council):
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = only_request()
    client.login("north@example.org")

    response = client.post(
        f"/councillor-responses/requests/{request.id}/reply",
        data={"body": "A long considered answer.", "submission_token": "kept-token"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "We kept what you typed" in html
    assert "A long considered answer." in html and 'value="kept-token"' in html
    assert only_request().status == RequestStatus.AWAITING


def test_one_ward_councillor_declining_leaves_the_request_with_the_others(
    client, council, runner, clock
):
    from datetime import UTC, datetime

    from consultation.notifications.models import OutboxMessage
    from consultation.testing.factories import make_user

    colleague = make_user(
        "councillor", email="north2@example.org", name="Kim Ellis", ward=council.north
    )
    services.ask(
        council.thread, ward_ids=[council.north.id], councillor_ids=[], actor=council.officer
    )
    request = only_request()
    question = "Which opening hours would suit you?"
    url = f"/councillor-responses/requests/{request.id}/pass-on"
    client.login("north@example.org")

    done = client.submit(url, {"reason": "declined", "detail": "I declared an interest."}, page=url)

    assert done.status_code == 303
    assert "It stays with the other councillors for the ward." in client.get(DASHBOARD).get_data(
        as_text=True
    )
    assert only_request().status == RequestStatus.AWAITING
    board = client.get(DASHBOARD).get_data(as_text=True)
    awaiting = board.split('id="awaiting"', 1)[1].split('id="answered"', 1)[0]
    assert f'id="request-{request.id}"' not in awaiting
    assert "declined on 18 December 2026" in board.split('id="passed-on"', 1)[1]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert services.open_for(colleague) == [only_request()]
    assert services.open_for(council.north_councillor) == []

    # The daily reminder goes to the colleague only.
    clock.move_to(datetime(2027, 1, 5, 8, tzinfo=UTC))
    db.session.commit()
    result = runner.invoke(args=["councillor-responses", "remind"])
    assert result.output.startswith("1 digest(s) covering 1 request(s)"), result.output
    recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert recipients == {"north2@example.org"}

    # When the last councillor of the ward declines too, it goes to the officer.
    client.logout()
    client.login("north2@example.org")
    board = client.get(DASHBOARD).get_data(as_text=True)
    awaiting = board.split('id="awaiting"', 1)[1].split('id="answered"', 1)[0]
    assert question in awaiting
    client.submit(url, {"reason": "declined", "detail": "Also conflicted."}, page=url)
    assert only_request().status == RequestStatus.DECLINED
    assert "officer@example.org" in set(db.session.scalars(select(OutboxMessage.recipient)))
