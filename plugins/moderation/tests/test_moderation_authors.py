"""The author's remedies: edit a rejected comment and send it back; ask once for a review
by a different moderator."""

import pytest
from consultation_moderation.models import ModerationAppeal
from moderation_support import (
    decide_through_form,
    decisions_of,
    item_of,
    open_thread,
    people,
    status_of,
    text,
)
from sqlalchemy import func, select

from consultation.plugin_api import Comment, db
from consultation.plugin_system.services import save_settings
from consultation.testing.factories import make_comment

pytestmark = pytest.mark.plugins("moderation")


@pytest.fixture
def rejected(client):
    """A comment by the author that Jo Moderator rejected; the client is signed out."""
    save_settings("moderation", {"moderation_mode": "pre"})
    cast = people()
    _consultation, thread = open_thread()
    comment = make_comment(thread, cast.author, "The staff are lazy and useless.")
    client.login(cast.moderator.email)
    decide_through_form(client, comment, "reject", rule="abusive", note="Talk about the service.")
    client.logout()
    return cast, comment


def test_the_author_edits_a_rejected_comment_and_it_goes_back_to_the_queue(client, rejected):
    cast, comment = rejected
    client.login(cast.author.email)
    edit = f"/moderation/comments/{comment.id}/edit"
    page = text(client.get(edit))
    assert "Why it was not published: It breaks the house rule ‘Be respectful’." in page

    response = client.submit(edit, {"body": "Saturday opening matters to me."}, page=edit)

    assert response.status_code == 303
    assert "Your edited comment is waiting for a moderator." in text(
        client.get(response.headers["Location"])
    )
    db.session.expire_all()
    stored = db.session.get(Comment, comment.id)
    assert (stored.status, stored.body_text) == ("pending", "Saturday opening matters to me.")
    assert item_of(comment).cause == "resubmitted" and item_of(comment).state == "waiting"
    resubmitted = decisions_of(comment)[-1]
    assert resubmitted.action == "resubmitted"
    assert resubmitted.comment_text == "The staff are lazy and useless."  # what was rejected
    client.logout()
    client.login(cast.moderator.email)
    queue = text(client.get("/moderation/?reason=resubmitted"))
    assert "Saturday opening matters to me." in queue
    decide_through_form(client, comment, "approve")
    assert status_of(comment) == "published"


def test_a_double_submit_of_an_edit_sends_it_once(client, rejected):
    cast, comment = rejected
    client.login(cast.author.email)
    edit = f"/moderation/comments/{comment.id}/edit"
    token = client.csrf_token(edit)

    first = client.post(edit, data={"body": "Better words.", "csrf_token": token})
    second = client.post(edit, data={"body": "Better words.", "csrf_token": token})

    assert first.status_code == second.status_code == 303
    assert "it was not sent twice" in text(client.get(second.headers["Location"]))
    assert [d.action for d in decisions_of(comment)].count("resubmitted") == 1


def test_an_empty_edit_is_explained_and_nothing_is_lost(client, rejected):
    cast, comment = rejected
    client.login(cast.author.email)
    edit = f"/moderation/comments/{comment.id}/edit"

    response = client.submit(edit, {"body": "   "}, page=edit)

    assert response.status_code == 400
    assert "Enter your comment" in text(response)
    assert status_of(comment) == "rejected"


def test_only_the_author_sees_the_remedies(client, rejected):
    cast, comment = rejected
    client.login(cast.neighbour.email)

    assert client.get(f"/moderation/comments/{comment.id}/edit").status_code == 404
    assert client.get(f"/moderation/comments/{comment.id}/appeal").status_code == 404
    edit = f"/moderation/comments/{comment.id}/edit"
    assert client.submit(edit, {"body": "Hijacked."}, page="/").status_code == 404
    assert status_of(comment) == "rejected"


def test_an_appeal_goes_to_a_different_moderator(client, rejected):
    cast, comment = rejected
    client.login(cast.author.email)
    appeal = f"/moderation/comments/{comment.id}/appeal"

    response = client.submit(appeal, {"reason": "I was describing the service."}, page=appeal)

    assert response.status_code == 303
    mine = text(client.get("/account/comments"))
    assert "You asked for a review: a different moderator will decide." in mine
    assert item_of(comment).cause == "appeal"
    client.logout()

    client.login(cast.moderator.email)
    queue = text(client.get("/moderation/?reason=appeal"))
    assert "Review asked for" in queue and "I was describing the service." not in queue
    page = text(client.get(f"/moderation/comments/{comment.id}"))
    assert "I was describing the service." in page
    refused = decide_through_form(client, comment, "restore")
    assert refused.status_code == 409
    assert "another moderator must decide this" in text(refused)
    assert status_of(comment) == "rejected"
    client.logout()

    client.login(cast.second_moderator.email)
    decided = decide_through_form(client, comment, "restore")

    assert decided.status_code == 303
    assert status_of(comment) == "published"
    final = decisions_of(comment)[-1]
    assert (final.action, final.actor_id, final.appeal) == (
        "restored",
        cast.second_moderator.id,
        True,
    )
    db.session.expire_all()
    appeal_row = db.session.scalar(select(ModerationAppeal))
    assert (appeal_row.first_moderator_id, appeal_row.result) == (cast.moderator.id, "upheld")


def test_an_author_may_ask_for_a_review_only_once(client, rejected):
    cast, comment = rejected
    client.login(cast.author.email)
    appeal = f"/moderation/comments/{comment.id}/appeal"
    client.submit(appeal, {"reason": "Please look again."}, page=appeal)
    client.logout()
    client.login(cast.second_moderator.email)
    decide_through_form(client, comment, "reject", rule="abusive", note="Still a personal attack.")
    client.logout()
    client.login(cast.author.email)

    mine = text(client.get("/account/comments"))
    second = client.submit(appeal, {"reason": "And again."}, page=appeal)

    assert "A different moderator reviewed this decision: it is final." in mine
    assert "Ask a different moderator" not in mine
    assert second.status_code == 409
    assert "A review can be asked once." in text(second)
    assert db.session.scalar(select(func.count(ModerationAppeal.id))) == 1
    assert "Note from the moderator: Still a personal attack." in mine


def test_an_appeal_needs_a_reason(client, rejected):
    cast, comment = rejected
    client.login(cast.author.email)
    appeal = f"/moderation/comments/{comment.id}/appeal"

    response = client.submit(appeal, {"reason": ""}, page=appeal)

    assert response.status_code == 400
    assert "Tell us why the decision should be reviewed" in text(response)
    assert item_of(comment).state == "decided"
