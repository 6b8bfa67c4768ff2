"""Residents' data rights without plugins: download, erasure, subject access, retention.

The erasure tests fill the database with everything a person leaves behind
(comments, replies, replies to them, emails to and about them, audit events
naming them), erase the account and then search every text column of every
table for their email address and name.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from consultation.audit.models import AuditEvent
from consultation.audit.services import record
from consultation.auth.models import User
from consultation.comments.models import Comment
from consultation.data_rights import retention
from consultation.data_rights.erasure import REMOVED_TEXT, erase_account
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications.messages import notify_reply
from consultation.notifications.models import NotificationPreference, OutboxMessage
from consultation.outcomes.models import Outcome
from consultation.testing.data_rights import find_in_database
from consultation.testing.factories import (
    PASSWORD,
    make_comment,
    make_consultation,
    make_thread,
    make_user,
)
from consultation.testing.html import error_summary, field_values, page_text

EMAIL = "quentin.erasable@example.org"
NAME = "Quentin Erasable"


def _person_with_a_history():
    """A resident with comments, replies both ways, emails, choices and audit events."""
    person = make_user(email=EMAIL, name=NAME)
    other = make_user(name="Olive Other")
    thread = make_thread(make_consultation("open", title="Library hours"), title="Which hours?")
    mine = make_comment(thread, person, f"Open later. Write to me at {EMAIL}, {NAME}.")
    answered = make_comment(thread, person, "Open on Sundays too.")
    theirs = make_comment(thread, other, "Close at six.")
    my_reply = make_comment(thread, person, "Six is too early.", parent=theirs)
    their_reply = make_comment(thread, other, "Sundays cost more.", parent=answered)
    notify_reply(their_reply, answered)  # to the person
    notify_reply(my_reply, theirs)  # to Olive, naming the person
    db.session.add(NotificationPreference(user_id=person.id, kind="comment_reply", mode="daily"))
    record("user.register", person, actor=person)
    record("user.note", person, actor=other, note=f"{NAME} asked by email from {EMAIL}")
    db.session.commit()
    return (
        person,
        other,
        thread,
        {
            "mine": mine.id,
            "answered": answered.id,
            "theirs": theirs.id,
            "my_reply": my_reply.id,
            "their_reply": their_reply.id,
        },
    )


def _thread_url(thread) -> str:
    return f"/consultations/{thread.consultation.slug}/threads/{thread.id}"


# --- download ---------------------------------------------------------------------------


def test_the_data_page_explains_and_links_the_download(client):
    client.login(make_user().email)
    html = client.get("/account/data").get_data(as_text=True)
    assert "Download your data" in page_text(html)
    assert 'href="/account/data/download"' in html


def test_the_download_holds_the_account_comments_emails_and_audit_events(client):
    person, _other, _thread, ids = _person_with_a_history()
    client.login(EMAIL)
    response = client.get("/account/data/download")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    document = json.loads(response.get_data(as_text=True))
    assert document["account"]["email"] == EMAIL
    assert document["account"]["display_name"] == NAME
    assert document["account"]["roles"] == ["resident"]
    assert "password" not in json.dumps(document["account"])
    assert person.password_hash not in response.get_data(as_text=True)
    assert {c["id"] for c in document["comments"]} == {
        ids["mine"],
        ids["answered"],
        ids["my_reply"],
    }
    by_id = {c["id"]: c for c in document["comments"]}
    assert by_id[ids["my_reply"]]["reply_to"] == ids["theirs"]
    assert by_id[ids["mine"]]["status"] == "published"
    assert by_id[ids["mine"]]["consultation"]["title"] == "Library hours"
    assert by_id[ids["mine"]]["thread"]["title"] == "Which hours?"
    assert [p["kind"] for p in document["notification_preferences"]] == ["comment_reply"]
    assert [m["to"] for m in document["emails"]] == [EMAIL]
    actions = {(e["action"], e["you_were"]) for e in document["audit_events"]}
    assert ("user.register", "actor") in actions and ("user.note", "subject") in actions
    assert document["plugins"] == {}
    # The download is itself recorded.
    assert db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "account.data_download")
    )


def test_the_download_holds_only_the_signed_in_persons_data(client):
    _person, other, _thread, ids = _person_with_a_history()
    client.login(other.email)
    document = client.get("/account/data/download").get_json()
    assert {c["id"] for c in document["comments"]} == {ids["theirs"], ids["their_reply"]}
    assert EMAIL not in json.dumps(document["account"])


def test_the_download_needs_signing_in(client):
    response = client.get("/account/data/download")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


# --- erasure ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "app_config", [{"ERASURE_COMMENTS": "keep"}, {"ERASURE_COMMENTS": "remove"}], ids=str
)
def test_after_erasure_neither_the_email_nor_the_name_is_anywhere(app):
    person, _other, thread, ids = _person_with_a_history()
    person_id = person.id
    assert find_in_database(EMAIL), "the scan must see the person before the erasure"
    client = app.test_client()
    client.login(EMAIL)
    response = client.submit("/account/delete", {"password": PASSWORD}, page="/account/delete")
    assert response.status_code == 303
    assert find_in_database(EMAIL, NAME) == []
    assert db.session.get(User, person_id) is None
    # Pages residents and officers read hold neither.
    for url in (_thread_url(thread), f"/consultations/{thread.consultation.slug}"):
        text = client.get(url).get_data(as_text=True).lower()
        assert EMAIL not in text and NAME.lower() not in text
    # Other people's words stay.
    assert db.session.get(Comment, ids["theirs"]) is not None
    assert db.session.get(Comment, ids["their_reply"]) is not None


@pytest.mark.parametrize("app_config", [{"ERASURE_COMMENTS": "keep"}])
def test_keep_leaves_the_comments_as_former_participant(app):
    _person, _other, thread, ids = _person_with_a_history()
    erase_account(db.session.get(User, _person.id))
    kept = db.session.get(Comment, ids["answered"])
    assert kept.author_id is None and kept.body_text == "Open on Sundays too."
    assert db.session.get(Comment, ids["mine"]).body_text.startswith("Open later.")
    html = app.test_client().get(_thread_url(thread)).get_data(as_text=True)
    assert "Former participant" in html and "Open on Sundays too." in html


@pytest.mark.parametrize("app_config", [{"ERASURE_COMMENTS": "remove"}])
def test_remove_deletes_the_comments_but_keeps_others_replies_readable(app):
    person, _other, thread, ids = _person_with_a_history()
    erase_account(db.session.get(User, person.id))
    assert db.session.get(Comment, ids["mine"]) is None
    assert db.session.get(Comment, ids["my_reply"]) is None
    # Olive replied to this one: it stays, emptied, so her reply still makes sense.
    placeholder = db.session.get(Comment, ids["answered"])
    assert placeholder.body_text == REMOVED_TEXT and placeholder.author_id is None
    text = page_text(app.test_client().get(_thread_url(thread)).get_data(as_text=True))
    assert "Open on Sundays too." not in text and "Open later." not in text
    assert "Six is too early." not in text
    assert "Sundays cost more." in text and REMOVED_TEXT in text


def test_erasure_deletes_emails_to_the_person_and_scrubs_those_naming_them(app):
    person, other, _thread, _ids = _person_with_a_history()
    to_olive = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.user_id == other.id))
    assert NAME in to_olive.body_text
    receipt = erase_account(person)
    assert receipt.emails_deleted == 1
    assert db.session.scalars(db.select(OutboxMessage.recipient)).all() == [other.email]
    db.session.refresh(to_olive)
    assert NAME not in to_olive.body_text and "Former participant" in to_olive.body_text


def test_the_erasure_event_names_only_an_opaque_reference(app):
    person, _other, _thread, _ids = _person_with_a_history()
    person_id = person.id
    receipt = erase_account(person)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.erased"))
    assert event.actor_id is None
    assert event.target_id == receipt.reference != str(person_id)
    assert event.details == {
        "by": "self",
        "comments": "keep",
        "comments_kept": 3,
        "comments_removed": 0,
    }
    # Earlier events stay (the log is append-only) but no longer point at anyone.
    note = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "user.note"))
    assert note.details == {
        "note": "Former participant asked by email from [email address removed]"
    }
    registered = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "user.register")
    )
    assert registered.actor_id is None


def test_erasure_ends_every_session(app):
    make_user(email=EMAIL, name=NAME)
    phone, laptop = app.test_client(), app.test_client()
    phone.login(EMAIL)
    laptop.login(EMAIL)
    assert laptop.get("/account/").status_code == 200
    assert (
        phone.submit("/account/delete", {"password": PASSWORD}, page="/account/delete").status_code
        == 303
    )
    assert laptop.get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 302


def test_a_wrong_password_erases_nothing_and_says_so(client):
    person = make_user(email=EMAIL, name=NAME)
    client.login(EMAIL)
    response = client.submit("/account/delete", {"password": "not it"}, page="/account/delete")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert error_summary(html) == ["The password is not right. Enter your password"]
    assert field_values(html).get("password", "") == ""  # a password is never sent back
    assert db.session.get(User, person.id) is not None


def test_an_empty_password_is_asked_for(client):
    make_user(email=EMAIL, name=NAME)
    client.login(EMAIL)
    response = client.submit("/account/delete", {"password": ""}, page="/account/delete")
    assert response.status_code == 400
    assert error_summary(response.get_data(as_text=True)) == ["Enter your password"]


def test_deleting_without_the_csrf_token_is_refused(client):
    person = make_user(email=EMAIL, name=NAME)
    client.login(EMAIL)
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 400
    assert db.session.get(User, person.id) is not None


def test_the_confirmation_page_warns_what_happens(client):
    make_user(email=EMAIL, name=NAME)
    client.login(EMAIL)
    text = page_text(client.get("/account/delete").get_data(as_text=True))
    assert "You cannot undo this." in text
    assert "show as ‘Former participant’" in text
    assert "signed out on every device" in text


@pytest.mark.parametrize("role", ["officer", "councillor", "moderator", "admin"])
def test_staff_and_councillors_ask_an_admin_instead(client, role):
    person = make_user(role, email=EMAIL, name=NAME)
    client.login(EMAIL)
    assert "An administrator deletes accounts" in page_text(
        client.get("/account/delete").get_data(as_text=True)
    )
    response = client.submit("/account/delete", {"password": PASSWORD}, page="/account/data")
    assert response.status_code == 403
    assert db.session.get(User, person.id) is not None


def test_a_double_submit_erases_once(app):
    make_user(email=EMAIL, name=NAME)
    client = app.test_client()
    client.login(EMAIL)
    token = client.csrf_token("/account/delete")
    first = client.post("/account/delete", data={"password": PASSWORD, "csrf_token": token})
    second = client.post("/account/delete", data={"password": PASSWORD, "csrf_token": token})
    assert first.status_code == 303
    assert second.status_code == 302  # signed out: sent to sign in
    erased = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "account.erased")
    ).all()
    assert len(erased) == 1


# --- subject access ---------------------------------------------------------------------


def test_subject_access_finds_the_account_and_every_search_is_audited(client):
    person, _other, _thread, _ids = _person_with_a_history()
    admin = make_user("admin")
    client.login(admin.email)
    html = client.get("/officer/subject-access?q=erasable").get_data(as_text=True)
    assert NAME in page_text(html) and EMAIL in page_text(html)
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "subject_access.search")
    )
    assert event.actor_id == admin.id and event.details["query"] == "erasable"
    assert event.details["accounts"] == 1


def test_subject_access_download_is_the_persons_own_download_and_audited(client):
    person, _other, _thread, ids = _person_with_a_history()
    admin = make_user("admin")
    client.login(admin.email)
    response = client.submit(
        f"/officer/subject-access/accounts/{person.id}/download",
        page="/officer/subject-access?q=erasable",
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    document = response.get_json()
    assert document["account"]["email"] == EMAIL
    assert {c["id"] for c in document["comments"]} == {
        ids["mine"],
        ids["answered"],
        ids["my_reply"],
    }
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "subject_access.download")
    )
    assert event.actor_id == admin.id and event.target_id == str(person.id)


def test_subject_access_asks_for_a_longer_search(client):
    client.login(make_user("admin").email)
    response = client.get("/officer/subject-access?q=ab")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert error_summary(html) == ["Enter at least 3 characters of a name or email address"]
    assert field_values(html)["q"] == "ab"
    assert not db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "subject_access.search")
    )


def test_subject_access_is_for_admins_only(client):
    client.login(make_user("officer").email)
    assert client.get("/officer/subject-access?q=erasable").status_code == 403


# --- retention --------------------------------------------------------------------------


def _decided(months_ago: int, *, name: str = "Rita Respondent"):
    """A consultation decided `months_ago` months ago, with a named offline comment."""
    now = utcnow()
    consultation = make_consultation("outcome_published")
    db.session.add(
        Outcome(
            consultation_id=consultation.id,
            published_at=retention.months_before(now, months_ago),
        )
    )
    thread = make_thread(consultation)
    comment = make_comment(thread, None, "On paper.", channel="paper", respondent_name=name)
    db.session.commit()
    return consultation, comment


def test_retention_anonymises_only_consultations_past_the_cutoff_and_audits_it(app, runner):
    old, old_comment = _decided(25)
    recent, recent_comment = _decided(23)
    undecided = make_thread(make_consultation("closed"))
    waiting = make_comment(undecided, None, "Still fresh.", channel="paper", respondent_name="Wes")
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert f"{old.slug}: anonymised 1 comment name(s)" in result.output
    db.session.expire_all()
    assert db.session.get(Comment, old_comment.id).respondent_name is None
    assert db.session.get(Comment, recent_comment.id).respondent_name == "Rita Respondent"
    assert db.session.get(Comment, waiting.id).respondent_name == "Wes"
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "retention.anonymised")
    ).all()
    assert [(e.consultation_id, e.details["comments"], e.actor_id) for e in events] == [
        (old.id, 1, None)
    ]
    assert events[0].details["months"] == 24


def test_retention_is_idempotent(app, runner):
    old, _comment = _decided(30)
    assert runner.invoke(args=["retention", "apply"]).exit_code == 0
    again = runner.invoke(args=["retention", "apply"])
    assert again.exit_code == 0
    assert f"{old.slug}: nothing left to anonymise" in again.output
    assert (
        len(
            db.session.scalars(
                db.select(AuditEvent).where(AuditEvent.action == "retention.anonymised")
            ).all()
        )
        == 1
    )


def test_a_dry_run_says_what_would_change_and_changes_nothing(app, runner):
    old, comment = _decided(26)
    result = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert result.exit_code == 0
    assert f"{old.slug}: would anonymise 1 comment name(s)" in result.output
    assert "Dry run: nothing was changed." in result.output
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).respondent_name == "Rita Respondent"
    assert not db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "retention.anonymised")
    )


@pytest.mark.parametrize("app_config", [{"RETENTION_MONTHS": 6}])
def test_the_retention_period_is_a_setting(app, runner):
    _old, comment = _decided(7)
    assert runner.invoke(args=["retention", "apply"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).respondent_name is None


def test_months_before_keeps_to_the_calendar():
    from datetime import datetime

    assert retention.months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    assert retention.months_before(datetime(2026, 1, 15), 24) == datetime(2024, 1, 15)
    assert retention.months_before(datetime(2024, 2, 29), 12) == datetime(2023, 2, 28)
    assert utcnow() - retention.months_before(utcnow(), 1) < timedelta(days=32)


def test_the_comment_setting_must_be_keep_or_remove():
    from consultation.config import ConfigError, load_config

    with pytest.raises(ConfigError, match="ERASURE_COMMENTS"):
        load_config(
            __import__("pathlib").Path("/nonexistent"),
            {"SECRET_KEY": "x", "ERASURE_COMMENTS": "hide"},
        )


# --- erasure by an admin ----------------------------------------------------------------


def test_an_admin_erases_a_staff_account_after_typing_its_address(client):
    officer = make_user("officer", email=EMAIL, name=NAME)
    officer_id = officer.id
    make_comment(make_thread(make_consultation("open")), officer, "Officer's note.")
    admin = make_user("admin")
    client.login(admin.email)
    page = f"/officer/people/{officer_id}/erase"
    assert "You cannot undo this." in page_text(client.get(page).get_data(as_text=True))
    wrong = client.submit(page, {"confirm_email": "someone@example.org"}, page=page)
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert error_summary(html) == [
        "The email address does not match this account. Type it exactly as shown"
    ]
    assert field_values(html)["confirm_email"] == "someone@example.org"
    assert db.session.get(User, officer_id) is not None
    done = client.submit(page, {"confirm_email": EMAIL.upper()}, page=page)
    assert done.status_code == 303
    assert db.session.get(User, officer_id) is None
    assert find_in_database(EMAIL, NAME) == []
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "account.erased"))
    assert event.actor_id == admin.id and event.details["by"] == "admin"


def test_an_admin_cannot_erase_their_own_account(client):
    admin = make_user("admin", email=EMAIL, name=NAME)
    client.login(EMAIL)
    page = f"/officer/people/{admin.id}/erase"
    response = client.submit(page, {"confirm_email": EMAIL}, page=page)
    assert response.status_code == 409
    assert error_summary(response.get_data(as_text=True)) == [
        "You cannot erase your own account here. Ask another admin."
    ]
    assert db.session.get(User, admin.id) is not None


def test_the_account_page_links_to_the_data_and_delete_pages(client):
    client.login(make_user().email)
    html = client.get("/account/").get_data(as_text=True)
    assert 'href="/account/data"' in html and 'href="/account/delete"' in html


@pytest.mark.parametrize(
    "app_config", [{"ERASURE_COMMENTS": "keep"}, {"ERASURE_COMMENTS": "remove"}], ids=str
)
def test_after_erasure_no_export_or_open_data_holds_the_email_or_the_name(app, client):
    person, _other, thread, _ids = _person_with_a_history()
    closed = make_consultation("closed", title="Parking")
    make_comment(make_thread(closed), person, f"Free parking after six. {NAME}")
    officer = make_user("officer")

    def everything_published() -> str:
        client.login(officer.email)
        texts = []
        for consultation in (thread.consultation, closed):
            page = f"/officer/consultations/{consultation.id}/export"
            for fmt in ("csv", "json"):
                response = client.submit(
                    page,
                    {"format": fmt, "personal": "y", "reason": "A subject access check"},
                    page=page,
                )
                assert response.status_code == 200, response.get_data(as_text=True)[:500]
                texts.append(response.get_data(as_text=True))
        client.logout()
        for suffix in ("", ".csv", ".json"):
            response = client.get(f"/api/v1/consultations/{closed.slug}/comments{suffix}")
            assert response.status_code == 200
            texts.append(response.get_data(as_text=True))
        return "\n".join(texts).lower()

    before = everything_published()
    assert EMAIL in before and "free parking after six" in before  # the check can fail
    erase_account(db.session.get(User, person.id))
    after = everything_published()
    assert EMAIL not in after and NAME.lower() not in after
    assert json.dumps(NAME)[1:-1].lower() not in after


@pytest.mark.parametrize(
    "app_config", [{"ERASURE_COMMENTS": "remove", "ANONYMOUS_PAGE_CACHE_SECONDS": 60}]
)
def test_a_removed_comment_leaves_no_cached_thread_page_behind(app, client):
    person = make_user(email=EMAIL, name=NAME)
    thread = make_thread(make_consultation("open"))
    make_comment(thread, person, "An older comment of mine.")
    make_comment(thread, make_user(), "A newer comment of someone else.")
    assert NAME in client.get(_thread_url(thread)).get_data(as_text=True)  # now cached
    erase_account(person)
    html = client.get(_thread_url(thread)).get_data(as_text=True)
    assert NAME not in html and "An older comment of mine." not in html
