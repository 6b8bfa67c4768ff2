"""The outcome and its decision trail: points link to comments, revisions keep their history."""

from __future__ import annotations

import re

import pytest
from officer_helpers import date_input
from sqlalchemy import func, select

from consultation.comments.models import CommentStatus
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome, OutcomePoint, OutcomeVersion
from consultation.testing.factories import make_comment, make_consultation, make_thread, make_user
from consultation.testing.html import by_id, error_summary, page_text, text_of

OUTCOME = {
    "decision": "Libraries open until 8pm.",
    "decision_maker": "Cabinet",
    "we_asked": "About opening hours.",
    "you_said": "Later, please.",
    "we_did": "We open later.",
}


@pytest.fixture
def officer(client):
    person = make_user("officer", email="olu@example.org")
    client.login(person.email)
    return person


@pytest.fixture
def closed():
    consultation = make_consultation("closed", slug="library-hours")
    thread = make_thread(consultation, title="Which hours suit you?")
    resident = make_user(email="sam@example.org", name="Sam Resident")
    comments = [make_comment(thread, resident, f"Comment {n}.") for n in range(2)]
    return consultation, thread, resident, comments


def _publish(client, consultation, **fields):
    url = f"/officer/consultations/{consultation.id}/outcome"
    data = {**OUTCOME, **date_input("decision_date", utcnow().date()), **fields}
    assert client.submit(url, data, page=url).status_code == 303
    manage = f"/officer/consultations/{consultation.id}"
    assert client.submit(f"{manage}/outcome/publish", page=manage).status_code == 303


def test_revising_a_published_outcome_keeps_the_earlier_version_public(client, officer, closed):
    consultation = closed[0]
    _publish(client, consultation)
    url = f"/officer/consultations/{consultation.id}/outcome"
    revised = {
        **OUTCOME,
        **date_input("decision_date", utcnow().date()),
        "decision": "Libraries open until 9pm.",
        "change_note": "Cabinet amended the hours.",
    }
    assert client.submit(url, revised, page=url).status_code == 303

    page = client.get("/consultations/library-hours").get_data(as_text=True)
    assert "Updated on" in page and "Cabinet amended the hours." in page
    assert "Libraries open until 9pm." in text_of(by_id(page, "outcome"))
    history = page[page.index('id="outcome-history"') :]
    assert "Version 1, published" in history and "Libraries open until 8pm." in history
    assert db.session.scalar(select(func.count(OutcomeVersion.id))) == 2


def test_a_published_outcome_is_not_changed_without_saying_what_changed(client, officer, closed):
    consultation = closed[0]
    _publish(client, consultation)
    url = f"/officer/consultations/{consultation.id}/outcome"
    changed = {**OUTCOME, **date_input("decision_date", utcnow().date()), "decision": "Other."}
    response = client.submit(url, changed, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error_summary(html) == ["Say what changed – residents will see it in the change history"]
    assert "Other." in html
    assert db.session.scalar(select(Outcome.decision)) == OUTCOME["decision"]
    assert db.session.scalar(select(func.count(OutcomeVersion.id))) == 1


def test_a_point_links_only_published_comments_of_this_consultation(client, officer, closed):
    consultation = closed[0]
    _publish(client, consultation)
    elsewhere = make_comment(make_thread(make_consultation("closed")), closed[2], "Elsewhere.")
    url = f"/officer/consultations/{consultation.id}/outcome/points/new"
    data = {"body": "We open later.", "change_note": "Added a point."}
    for numbers, message in (
        (
            f"{elsewhere.id}",
            f"Comment {elsewhere.id} is not a published response to this consultation",
        ),
        (
            "12, twelve",
            "‘twelve’ is not a comment number – enter numbers separated by commas, "
            "for example 12, 15",
        ),
    ):
        response = client.submit(url, {**data, "comment_ids": numbers}, page=url)
        assert response.status_code == 400
        assert error_summary(response.get_data(as_text=True)) == [message]
    assert db.session.scalar(select(func.count(OutcomePoint.id))) == 0


def test_a_hidden_comment_drops_out_of_the_public_trail(client, officer, closed):
    consultation, thread, resident, comments = closed
    _publish(client, consultation)
    url = f"/officer/consultations/{consultation.id}/outcome/points/new"
    data = {
        "body": "We open later.",
        "comment_ids": f"#{comments[0].id} {comments[1].id}",
        "change_note": "Linked the comments.",
        "submission_token": "p1",
    }
    assert client.submit(url, data, page=url).status_code == 303
    comments[1].status = CommentStatus.HIDDEN
    db.session.commit()
    page = client.get("/consultations/library-hours").get_data(as_text=True)
    trail = text_of(by_id(page, "outcome"))
    assert "This answers 1 comment:" in trail and "Comment 0." in trail
    assert "Comment 1." not in trail


def test_my_comments_links_to_the_point_that_answers_my_question(client, officer, closed):
    consultation, thread, resident, _comments = closed
    _publish(client, consultation)
    url = f"/officer/consultations/{consultation.id}/outcome/points/new"
    data = {
        "body": "About hours.",
        "thread_ids": [thread.id],
        "comment_ids": "",
        "change_note": "Point.",
    }
    assert client.submit(url, data, page=url).status_code == 303
    client.logout()
    client.login(resident.email)
    mine = page_text(client.get("/account/comments").get_data(as_text=True))
    assert mine.count("How the decision answers this question (point 1)") == 2
    point_id = db.session.scalar(select(OutcomePoint.id))
    html = client.get("/account/comments").get_data(as_text=True)
    assert re.search(rf'href="/consultations/library-hours#outcome-point-{point_id}"', html)
