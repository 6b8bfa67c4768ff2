"""The decision report with offline responses: counts across channels, reconciliation, late ones."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from consultation_offline_channel import batches
from consultation_offline_channel.models import OfflineBatch, OfflineResponse
from consultation_offline_channel.services import Entry, Respondent, load_postcodes, record_response
from offline_support import consultation_with_questions, staff
from sqlalchemy import func, select

from consultation.audit.models import AuditEvent
from consultation.comments.models import Comment
from consultation.consultations.models import Thread
from consultation.extensions import db
from consultation.officer.services import RESPONSE_STATUSES
from consultation.reports import services
from consultation.reports.models import FinalReport
from consultation.testing.factories import make_comment, make_user, make_ward
from consultation.testing.html import error_summary

pytestmark = pytest.mark.plugins("offline_channel")

_tokens = iter(range(1, 1000))


def _enter(
    consultation,
    thread,
    staff_member,
    *,
    channel="paper",
    postcode=None,
    received=None,
    batch=None,
    reason=None,
):
    received = received or (consultation.closes_at - timedelta(days=2)).date()
    entry = Entry(
        channel=channel,
        received_on=received,
        answers={thread.id: f"An offline answer by {channel}."},
        respondent=Respondent(postcode=postcode, privacy_notice_given=True, offline_reason=reason),
        token=f"offline-report-{next(_tokens)}",
    )
    return record_response(consultation, entry, staff_member, batch)


@pytest.fixture
def consultation_with_every_channel():
    consultation, first, second = consultation_with_questions("closed")
    north, south = (
        make_ward("North Ward", code="E05000101"),
        make_ward("South Ward", code="E05000102"),
    )
    load_postcodes(
        [
            {"postcode": "NW1 1AA", "ward_code": north.code},
            {"postcode": "SW1 1AA", "ward_code": south.code},
        ]
    )
    member = staff()
    resident = make_user(email="amir@example.org", ward=north)
    make_comment(first, resident, "Online, from North.")
    make_comment(second, make_user(email="nowhere@example.org"), "Online, ward not known.")
    _enter(consultation, first, member, channel="paper", postcode="NW1 1AA", reason="prefers_paper")
    _enter(consultation, second, member, channel="phone", postcode="SW1 1AA", reason="no_internet")
    _enter(consultation, first, member, channel="letter", reason="no_internet")
    _enter(consultation, first, member, channel="email", postcode="SW1 1AA")
    late_day = (consultation.closes_at + timedelta(days=3)).date()
    late = _enter(consultation, second, member, channel="paper", received=late_day)
    assert late.late
    return consultation, (first, second), (north, south), member


def _db(consultation, column):
    return dict(
        db.session.execute(
            select(column, func.count(Comment.id))
            .join(Thread, Thread.id == Comment.thread_id)
            .where(Thread.consultation_id == consultation.id, Comment.status.in_(RESPONSE_STATUSES))
            .group_by(column)
        ).all()
    )


def test_counts_equal_the_database_with_entries_from_every_channel(
    client, consultation_with_every_channel
):
    consultation, (first, second), (north, south), _member = consultation_with_every_channel
    report = services.build(consultation)
    by_channel = {x.key: x.count for x in report.by_channel}
    assert by_channel == _db(consultation, Comment.channel)
    assert by_channel == {"web": 2, "paper": 2, "phone": 1, "letter": 1, "email": 1}
    by_ward = {x.key: x.count for x in report.by_ward}
    stored = _db(consultation, Comment.ward_id)
    assert by_ward == {
        str(north.id): stored[north.id],
        str(south.id): stored[south.id],
        "unknown": stored[None],
    }
    assert (by_ward[str(north.id)], by_ward[str(south.id)], by_ward["unknown"]) == (2, 2, 3)
    by_thread = {x.key: x.count for x in report.by_thread}
    assert by_thread == {str(k): v for k, v in _db(consultation, Comment.thread_id).items()}
    assert by_thread == {str(first.id): 4, str(second.id): 3}
    # Every offline response is in the report.
    offline = db.session.scalar(select(func.count(OfflineResponse.id)))
    assert report.total - by_channel["web"] == offline == 5

    sections = {s.name: s for s in report.sections}
    assert sections["offline_channel_late"].data["late"] == 1
    assert sections["offline_channel_mix"].data["by_reason"] == {
        "no_internet": 2,
        "prefers_paper": 1,
        "not_given": 2,
    }
    assert sections["offline_channel_reconciliation"].blocks_final is None


def test_finalising_is_refused_while_a_batch_is_open_and_allowed_after_it_closes(
    client, consultation_with_every_channel
):
    consultation, (first, _second), _wards, member = consultation_with_every_channel
    batch = batches.create_batch(
        consultation,
        name="Library drop-in",
        received_on=date(2026, 11, 20),
        place="Library",
        channel="event",
        expected=2,
        staff=member,
    )
    _enter(consultation, first, member, channel="event", batch=batch)
    officer = make_user("officer", email="olu@example.org")
    client.login(officer.email)
    url = f"/officer/consultations/{consultation.id}/report"

    page = client.get(url).text
    assert "Offline batches still open: Library drop-in." in page
    refused = client.submit(f"{url}/finalise", page=url)
    assert refused.status_code == 409
    assert error_summary(refused.text) == [
        "Offline reconciliation: Offline batches still open: Library drop-in. Close each one "
        "(all responses entered, or a reason given) before the report is marked final."
    ]
    assert db.session.scalar(select(func.count(FinalReport.id))) == 0
    assert db.session.scalar(select(AuditEvent).filter_by(action="report.finalise")) is None

    assert batches.close_batch(batch, member, "One form was blank.") is None
    done = client.submit(f"{url}/finalise", page=url)
    assert done.status_code == 303
    final = db.session.scalars(select(FinalReport)).one()
    assert final.data["sections"]["offline_channel_reconciliation"]["complete"] is True
    assert "One form was blank." in client.get(f"{url}/final/1").text


def test_the_late_response_is_listed_with_its_comment_numbers(
    client, consultation_with_every_channel
):
    consultation = consultation_with_every_channel[0]
    late = db.session.scalar(select(OfflineResponse).filter_by(late=True))
    section = next(
        s for s in services.build(consultation).sections if s.name == "offline_channel_late"
    )
    [line] = section.data["responses"]
    assert line["response"] == late.id and len(line["comments"]) == 1
    assert str(line["comments"][0]) in section.html


def test_an_open_batch_of_another_consultation_does_not_block(app, consultation_with_every_channel):
    consultation, _threads, _wards, member = consultation_with_every_channel
    other, _a, _b = consultation_with_questions("closed")
    batches.create_batch(
        other,
        name="Elsewhere",
        received_on=date(2026, 11, 20),
        place="",
        channel="paper",
        expected=1,
        staff=member,
    )
    assert db.session.scalar(select(func.count(OfflineBatch.id))) == 1
    assert services.build(consultation).blocks == []
    assert [title for title, _reason in services.build(other).blocks] == ["Offline reconciliation"]
