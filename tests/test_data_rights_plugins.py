"""Data rights with every bundled plugin loaded: their tables are downloaded, erased, searched.

The person here reported comments (moderation), had a comment rejected and
appealed it, gave their email address on a paper response (offline
channel), and a councillor is erased by an admin (councillor responses).
After erasure the whole database is searched for their address and name.
"""

from __future__ import annotations

from datetime import date

import pytest
from consultation_moderation import authors, decisions, flags
from consultation_moderation.models import ModerationFlag
from consultation_offline_channel import services as offline
from consultation_offline_channel.models import OfflineResponse

from consultation.audit.models import AuditEvent
from consultation.auth.models import User
from consultation.data_rights import retention
from consultation.data_rights.erasure import erase_account
from consultation.extensions import db
from consultation.outcomes.models import Outcome
from consultation.testing.data_rights import find_in_database
from consultation.testing.factories import (
    PASSWORD,
    make_comment,
    make_consultation,
    make_thread,
    make_user,
    make_ward,
)
from consultation.testing.html import page_text

pytestmark = pytest.mark.plugins("moderation", "offline_channel", "councillor_responses")

EMAIL = "petra.plugged@example.org"
NAME = "Petra Plugged"


def _paper_response(consultation, thread, *, name, contact, postcode="AB1 2CD", token="paper-1"):
    staff = make_user("assisted_digital")
    return offline.record_response(
        consultation,
        offline.Entry(
            channel="paper",
            received_on=date.today(),
            answers={thread.id: "Keep the library open."},
            respondent=offline.Respondent(
                anonymous=False, name=name, contact=contact, postcode=postcode
            ),
            token=token,
        ),
        staff,
    )


def _person_everywhere():
    person = make_user(email=EMAIL, name=NAME)
    other = make_user(email="otto@example.org", name="Otto Other")
    moderator = make_user("moderator")
    consultation = make_consultation("open", title="Library hours")
    thread = make_thread(consultation, title="Which hours?")
    theirs = make_comment(thread, other, "Close at six.")
    flags.flag_comment(theirs, person, "other", details=f"Reported by {NAME} ({EMAIL})")
    mine = make_comment(thread, person, f"Signed, {NAME}.")
    decisions.decide(
        mine,
        action="reject",
        moderator=moderator,
        seen_version=0,
        rule="abusive",
        note=f"Sorry {NAME}, please rephrase.",
    )
    db.session.expire_all()
    authors.appeal(db.session.get(type(mine), mine.id), person, "I was not abusive.")
    _paper_response(consultation, thread, name=NAME, contact=EMAIL)
    db.session.commit()
    return person, other, consultation, thread, theirs, mine


def test_the_download_holds_the_reports_appeals_decisions_and_paper_responses(client):
    _person, _other, _consultation, _thread, theirs, mine = _person_everywhere()
    client.login(EMAIL)
    document = client.get("/account/data/download").get_json()
    moderation = document["plugins"]["moderation"]
    assert [(f["comment_id"], f["reason"]) for f in moderation["reports_you_made"]] == [
        (theirs.id, "other")
    ]
    assert moderation["your_appeals"][0]["reason"] == "I was not abusive."
    assert {d["action"] for d in moderation["decisions_on_your_comments"]} >= {"rejected"}
    assert all(d["comment_id"] == mine.id for d in moderation["decisions_on_your_comments"])
    paper = document["plugins"]["offline_channel"]["responses_with_your_email_address"]
    assert [(r["respondent_name"], r["postcode"]) for r in paper] == [(NAME, "AB1 2CD")]
    assert paper[0]["answers"][0]["text"] == "Keep the library open."
    assert {c["id"] for c in document["comments"]} == {mine.id}


@pytest.mark.parametrize(
    "app_config", [{"ERASURE_COMMENTS": "keep"}, {"ERASURE_COMMENTS": "remove"}], ids=str
)
def test_after_erasure_no_plugin_table_holds_the_email_or_the_name(app, client):
    person, other, consultation, thread, theirs, _mine = _person_everywhere()
    before = find_in_database(EMAIL, NAME)
    tables = {hit.split(".")[0] for hit in before}
    assert {"moderation_flag", "moderation_decision", "offline_channel_response"} <= tables
    client.login(EMAIL)
    response = client.submit("/account/delete", {"password": PASSWORD}, page="/account/delete")
    assert response.status_code == 303
    assert find_in_database(EMAIL, NAME) == []
    # The report still counts; the paper answer still stands, no longer naming anyone.
    flag = db.session.scalar(db.select(ModerationFlag))
    assert flag.comment_id == theirs.id and flag.user_id is None and flag.details is None
    paper = db.session.scalar(db.select(OfflineResponse))
    assert paper.respondent_name is None and paper.contact is None and paper.anonymous
    thread_page = client.get(f"/consultations/{consultation.slug}/threads/{thread.id}").get_data(
        as_text=True
    )
    assert NAME not in thread_page and "Close at six." in thread_page
    assert db.session.get(User, other.id) is not None


def test_an_admin_erases_a_councillor_and_their_councillor_record(app):
    from consultation_councillor_responses.models import Councillor, CouncillorWard

    ward = make_ward()
    councillor = make_user("councillor", email=EMAIL, name=NAME, ward=ward)
    db.session.add(Councillor(user_id=councillor.id, portfolio=f"Libraries ({NAME})"))
    db.session.add(CouncillorWard(user_id=councillor.id, ward_id=ward.id))
    db.session.commit()
    admin = make_user("admin")
    thread = make_thread(make_consultation("open"))
    make_comment(thread, councillor, "As your councillor: we will look again.")
    erase_account(councillor, actor=admin)
    assert find_in_database(EMAIL, NAME) == []
    assert db.session.scalars(db.select(Councillor)).all() == []
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.erased"))
    assert event.actor_id == admin.id and event.details["by"] == "admin"


def test_subject_access_finds_offline_respondents_by_name_email_or_postcode(client):
    consultation = make_consultation("open", title="Library hours")
    thread = make_thread(consultation)
    _paper_response(
        consultation, thread, name="Rowan Paper", contact="07700 900123", postcode="ZZ9 9ZZ"
    )
    client.login(make_user("admin").email)
    for query in ("rowan", "900123", "zz99zz", "ZZ9 9ZZ"):
        text = page_text(client.get(f"/officer/subject-access?q={query}").get_data(as_text=True))
        assert "Offline respondent" in text and "Rowan Paper" in text, query
    response_id = db.session.scalar(db.select(OfflineResponse.id))
    download = client.submit(
        "/officer/subject-access/records/download",
        {"q": "rowan", "plugin": "offline_channel", "reference": f"response-{response_id}"},
        page="/officer/subject-access",
    )
    assert download.status_code == 200
    record = download.get_json()["record"]
    assert record["respondent_name"] == "Rowan Paper" and record["postcode"] == "ZZ9 9ZZ"
    assert record["answers"] == [
        {"question": thread.title, "text": "Keep the library open.", "status": "published"}
    ]


def test_retention_anonymises_offline_respondents_of_decided_consultations_only(app, runner):
    old = make_consultation("outcome_published", title="Old")
    fresh = make_consultation("outcome_published", title="Fresh")
    for consultation, months in ((old, 25), (fresh, 3)):
        db.session.add(
            Outcome(
                consultation_id=consultation.id,
                published_at=retention.months_before(retention.utcnow(), months),
            )
        )
    db.session.commit()
    _paper_response(old, make_thread(old), name="Rowan Paper", contact="r@example.org", token="a")
    _paper_response(fresh, make_thread(fresh), name="Fay Fresh", contact="f@example.org", token="b")
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "1 offline_channel record(s)" in result.output
    db.session.expire_all()
    by_consultation = {r.consultation_id: r for r in db.session.scalars(db.select(OfflineResponse))}
    gone, kept = by_consultation[old.id], by_consultation[fresh.id]
    assert (gone.respondent_name, gone.contact, gone.postcode) == (None, None, None)
    assert (kept.respondent_name, kept.contact, kept.postcode) == (
        "Fay Fresh",
        "f@example.org",
        "AB1 2CD",
    )
    again = runner.invoke(args=["retention", "apply"])
    assert f"{old.slug}: nothing left to anonymise" in again.output


def test_only_paper_responses_with_exactly_the_address_are_the_persons(app):
    person = make_user(email="al@example.org", name="Al Exact")
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    _paper_response(consultation, thread, name="Al", contact="Al@Example.org, 07700", token="a")
    _paper_response(consultation, thread, name="Hal", contact="hal@example.org", token="b")
    _paper_response(consultation, thread, name="Alf", contact="al@example.org.uk", token="c")
    erase_account(person)
    names = {r.respondent_name for r in db.session.scalars(db.select(OfflineResponse))}
    assert names == {None, "Hal", "Alf"}


def test_retention_unlinks_reports_from_who_made_them(app, runner):
    old = make_consultation("outcome_published")
    db.session.add(
        Outcome(
            consultation_id=old.id,
            published_at=retention.months_before(retention.utcnow(), 30),
        )
    )
    db.session.commit()
    reporter = make_user()
    comment = make_comment(make_thread(old), make_user(), "Published long ago.")
    flags.flag_comment(comment, reporter, "other", details="It names my neighbour")
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "1 moderation record(s)" in result.output
    db.session.expire_all()
    flag = db.session.scalar(db.select(ModerationFlag))
    assert (flag.comment_id, flag.user_id, flag.details) == (comment.id, None, None)
    again = runner.invoke(args=["retention", "apply"])
    assert f"{old.slug}: nothing left to anonymise" in again.output


def test_a_councillors_download_holds_their_councillor_record(client):
    from consultation_councillor_responses.models import Councillor, CouncillorWard

    ward = make_ward()
    councillor = make_user("councillor", email=EMAIL, name=NAME, ward=ward)
    db.session.add(Councillor(user_id=councillor.id, portfolio="Libraries", committees="Planning"))
    db.session.add(CouncillorWard(user_id=councillor.id, ward_id=ward.id))
    db.session.commit()
    client.login(EMAIL)
    section = client.get("/account/data/download").get_json()["plugins"]["councillor_responses"]
    assert section["councillor_profile"]["portfolio"] == "Libraries"
    assert section["ward_ids"] == [ward.id]
