"""Officers' exports: every response from every channel, as CSV for Excel or JSON, audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, select

from consultation.audit.models import AuditEvent
from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.models import Thread
from consultation.exports import services
from consultation.exports.cells import TRIGGERS, neutralise, restore
from consultation.extensions import db
from consultation.plugin_api import ExportColumn, Plugin, hookimpl
from consultation.plugin_system.models import PluginState
from consultation.testing.access import sign_in
from consultation.testing.factories import (
    make_comment,
    make_consultation,
    make_thread,
    make_user,
    make_ward,
)

VECTORS = [
    entry["vector"]
    for entry in json.loads(
        (Path(__file__).parent / "data" / "csv_injection_vectors.json").read_text("utf-8")
    )
]
#: First characters a spreadsheet would run as a formula (the apostrophe is our escape).
DANGEROUS = TRIGGERS - {"'"}
OFFICER = "officer@exports.example.org"


def export_url(consultation) -> str:
    """The export page of `consultation`."""
    return f"/officer/consultations/{consultation.id}/export"


def download(client, consultation, fmt: str = "csv", **fields):
    """Export as a signed-in officer; the response (200 expected)."""
    url = export_url(consultation)
    response = client.submit(url, {"format": fmt, **fields}, page=url)
    assert response.status_code == 200, response.text[:2000]
    return response


def read_csv(response) -> list[dict[str, str]]:
    """The CSV's rows by header, each text cell restored to the text it was exported from."""
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "a CSV for Excel starts with the UTF-8 BOM"
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    return [{key: restore(value) for key, value in row.items()} for row in reader]


@pytest.fixture
def officer():
    return make_user("officer", email=OFFICER, name="Olive Officer")


@pytest.fixture
def consultation():
    consultation = make_consultation("open", slug="export-me", title="Export me")
    make_thread(consultation, title="First question")
    make_thread(consultation, title="Second question")
    return consultation


def _threads(consultation) -> list[Thread]:
    return list(
        db.session.scalars(
            select(Thread).where(Thread.consultation_id == consultation.id).order_by(Thread.id)
        )
    )


def seed_every_core_channel(consultation, officer):
    """Web comments (a reply, a held one), and staff-entered paper, phone, event, letter, email."""
    first, second = _threads(consultation)
    ward = make_ward(name="Exports Ward")
    resident = make_user(email="rosa@exports.example.org", name="Rosa Resident", ward=ward)
    top = make_comment(first, resident, "The library should open on Sundays.")
    make_comment(first, make_user(name="Ray Replier"), "I agree, Sundays please.", parent=top)
    held = make_comment(second, resident, "Held for a moderator.")
    held.status = CommentStatus.PENDING
    held.status_reason = "Looks like spam"
    staff = make_user("assisted_digital", email="sam@exports.example.org", name="Sam Staff")
    for channel in ("paper", "phone", "event", "letter", "email"):
        make_comment(
            second,
            None,
            f"Sent by {channel}.",
            channel=channel,
            entered_by=staff,
            respondent_name=f"Pat {channel.title()}",
        )
    other = make_thread(make_consultation("open", slug="not-this-one"))
    make_comment(other, resident, "A response to another consultation.")
    db.session.commit()


def test_export_rows_equal_the_database_rows_from_every_channel(client, officer, consultation):
    seed_every_core_channel(consultation, officer)
    client.login(OFFICER)

    rows = read_csv(download(client, consultation))

    stored = db.session.scalars(
        select(Comment)
        .join(Thread)
        .where(Thread.consultation_id == consultation.id)
        .order_by(Comment.id)
    ).all()
    assert [int(r["Response id"]) for r in rows] == [c.id for c in stored]
    channels = {r["Channel code"] for r in rows}
    assert channels == {"web", "paper", "phone", "event", "letter", "email"}
    threads = {t.id: t.title for t in _threads(consultation)}
    for row, comment in zip(rows, stored, strict=True):
        assert row["Question id"] == str(comment.thread_id)
        assert row["Question"] == threads[comment.thread_id]
        assert row["Reply to response id"] == str(comment.parent_id or "")
        assert row["Channel code"] == comment.channel
        assert row["Status"] == comment.status
        assert row["Status reason"] == (comment.status_reason or "")
        assert row["Response"] == comment.body_text
        assert row["Received (UTC)"] == comment.received_at.isoformat()
    by_body = {r["Response"]: r for r in rows}
    assert by_body["The library should open on Sundays."]["Ward"] == "Exports Ward"
    assert by_body["The library should open on Sundays."]["Author display name"] == "Rosa Resident"
    assert by_body["Sent by phone."]["Entered by (staff)"] == "Sam Staff"
    assert by_body["Sent by phone."]["Channel"] == "By phone"
    assert by_body["Held for a moderator."]["Status"] == "pending"


def test_json_export_is_valid_and_holds_the_same_rows(client, officer, consultation):
    seed_every_core_channel(consultation, officer)
    client.login(OFFICER)

    csv_rows = read_csv(download(client, consultation))
    document = json.loads(download(client, consultation, "json").get_data(as_text=True))

    assert document["consultation"]["slug"] == "export-me"
    assert document["personal_data"] is False
    assert [r["id"] for r in document["responses"]] == [int(r["Response id"]) for r in csv_rows]
    assert [r["body"] for r in document["responses"]] == [r["Response"] for r in csv_rows]
    assert {r["channel"] for r in document["responses"]} >= {"web", "paper", "phone"}


def test_every_injection_vector_is_neutralised_and_reads_back_as_its_text():
    for vector in VECTORS:
        cell = neutralise(vector)
        assert cell[0] not in DANGEROUS, vector
        assert restore(cell) == vector, vector
        # Through a real CSV writer and reader (quotes, separators, line breaks).
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_ALL).writerow([cell, "next"])
        [[back, after]] = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
        assert back == cell and after == "next", vector
        assert restore(back) == vector, vector


def test_the_owasp_worked_example_is_escaped_as_owasp_shows():
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerow([neutralise('=1+2";=1+2')])
    assert buffer.getvalue() == '"\'=1+2"";=1+2"\r\n'


def test_numbers_and_plain_text_are_left_alone():
    assert neutralise(42) == 42
    assert neutralise(None) == ""
    assert neutralise("Open on Sundays") == "Open on Sundays"
    assert neutralise("'already quoted") == "''already quoted"


def test_comments_and_display_names_with_formulas_export_safely(client, officer, consultation):
    first, _ = _threads(consultation)
    for n, vector in enumerate(VECTORS):
        author = make_user(email=f"vector{n}@exports.example.org", name=vector[:80])
        make_comment(first, author, vector)
    client.login(OFFICER)

    response = download(client, consultation)
    raw_rows = list(
        csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"), newline=""))
    )
    stored = db.session.scalars(
        select(Comment).join(Thread).where(Thread.consultation_id == consultation.id)
    ).all()
    names = {c.id: db.session.get(type(officer), c.author_id).display_name for c in stored}
    bodies = {c.id: c.body_text for c in stored}
    assert len(raw_rows) == len(VECTORS)
    for row in raw_rows:
        comment_id = int(row["Response id"])
        for header, stored_text in (
            ("Response", bodies[comment_id]),
            ("Author display name", names[comment_id]),
        ):
            cell = row[header]
            assert cell == "" or cell[0] not in DANGEROUS, (header, cell)
            assert restore(cell) == stored_text, (header, cell)
    # Some vectors survive the sanitiser as dangerous text: the test exercises the escape.
    assert any(text[0] in DANGEROUS for text in bodies.values())
    assert any(text[0] in DANGEROUS for text in names.values())


def test_personal_data_only_when_asked_for_with_a_reason_and_audited(client, officer, consultation):
    seed_every_core_channel(consultation, officer)
    client.login(OFFICER)

    plain = download(client, consultation).get_data(as_text=True)
    assert "rosa@exports.example.org" not in plain
    assert "Pat Phone" not in plain
    assert "Author email" not in plain

    url = export_url(consultation)
    refused = client.submit(url, {"format": "csv", "personal": "y", "reason": ""}, page=url)
    assert refused.status_code == 400
    assert "Enter why you need personal data" in refused.text

    personal = download(
        client, consultation, personal="y", reason="To reply to people who asked for an answer"
    )
    rows = read_csv(personal)
    assert "rosa@exports.example.org" in {r["Author email"] for r in rows}
    assert "Pat Phone" in {r["Respondent name"] for r in rows}
    assert "personal-" in personal.headers["Content-Disposition"]
    assert personal.headers["Cache-Control"] == "no-store"

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export.responses").order_by(AuditEvent.id)
    ).all()
    assert [e.details["personal_data"] for e in events] == [False, True]
    assert events[1].details["reason"] == "To reply to people who asked for an answer"
    assert events[1].details["responses"] == 8
    assert all(e.consultation_id == consultation.id and e.actor_id == officer.id for e in events)


@pytest.mark.parametrize("role", ["resident", "councillor", "moderator", "assisted_digital"])
def test_only_officers_and_admins_export(client, consultation, role):
    make_user(role, email=f"{role}@exports.example.org")
    client.login(f"{role}@exports.example.org")
    assert client.get(export_url(consultation)).status_code == 403


def test_the_export_is_streamed_in_chunks(app, officer, consultation, monkeypatch):
    first, _ = _threads(consultation)
    for n in range(7):
        make_comment(first, officer, f"Comment {n}")
    monkeypatch.setattr(services, "CHUNK", 3)
    # A plain Flask client, unbuffered, so the body is read as the server sends it.
    client = FlaskClient(app, app.response_class, use_cookies=True)
    sign_in(client, officer)
    page = client.get(export_url(consultation)).get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]

    response = client.post(
        export_url(consultation), data={"csrf_token": token, "format": "csv"}, buffered=False
    )

    assert response.is_streamed
    pieces = list(response.response)
    response.close()
    # The BOM and headers, then 3 + 3 + 1 comments: one piece per chunk.
    assert len(pieces) == 4
    assert (
        b"".join(p if isinstance(p, bytes) else p.encode() for p in pieces).count(b"Comment ") == 7
    )


def test_plugin_columns_cost_no_query_per_row(app, officer, consultation):
    first, _ = _threads(consultation)

    def statements_for_export() -> int:
        count = 0

        def counter(*_args):
            nonlocal count
            count += 1

        engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            with app.test_request_context():
                plan = services.plan_export(consultation)
                "".join(services.stream(plan, "csv"))
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        return count

    make_comment(first, officer, "One")
    few = statements_for_export()
    for n in range(40):
        make_comment(first, officer, f"More {n}")
    many = statements_for_export()
    assert many == few


def test_the_officer_consultation_page_links_to_the_export(client, officer, consultation):
    client.login(OFFICER)
    html = client.get(f"/officer/consultations/{consultation.id}").text
    assert export_url(consultation) in html


def test_an_export_of_no_responses_is_a_header_row(client, officer, consultation):
    client.login(OFFICER)
    response = download(client, consultation)
    assert read_csv(response) == []
    assert response.get_data().decode("utf-8-sig").startswith('"Response id","Question id"')
    assert json.loads(download(client, consultation, "json").text)["responses"] == []


def test_received_dates_of_offline_entries_are_exported(client, officer, consultation):
    from datetime import UTC, datetime

    _, second = _threads(consultation)
    when = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    make_comment(second, None, "By post.", channel="paper", received_at=when)
    client.login(OFFICER)
    [row] = read_csv(download(client, consultation))
    assert row["Received (UTC)"].startswith(date(2026, 3, 4).isoformat())


class Columns(Plugin):
    """A throwaway plugin declaring the export columns it is given."""

    def __init__(self, name, columns):
        self.name, self.columns = name, columns

    @hookimpl
    def export_columns(self):
        return self.columns


def test_batch_columns_are_asked_once_per_chunk_and_a_failure_empties_only_them(
    plugin_app, monkeypatch
):
    calls: list[int] = []

    def lengths(comments):
        calls.append(len(comments))
        return {c.id: len(c.body_text) for c in comments if c.channel == "web"}

    def explode(comments):
        raise LookupError("no tally")

    plugin_app(
        Columns(
            "tally",
            [
                ExportColumn("tally_length", "Length", values=lengths),
                ExportColumn("tally_broken", "Broken", values=explode),
                ExportColumn("tally_secret", "Secret", value=lambda c: "s3cret", personal=True),
            ],
        )
    )
    consultation = make_consultation("open")
    thread = make_thread(consultation)
    for n in range(5):
        make_comment(thread, None, "x" * (n + 1), channel="web" if n < 4 else "phone")
    monkeypatch.setattr(services, "CHUNK", 2)

    plan = services.plan_export(consultation)
    rows = [row for chunk in services.row_chunks(plan) for row in chunk]

    assert calls == [2, 2, 1]
    assert [c.name for c in plan.plugin] == ["tally_length", "tally_broken"]
    length, broken = plan.keys.index("tally_length"), plan.keys.index("tally_broken")
    assert [r[length] for r in rows] == [1, 2, 3, 4, None]
    assert [r[broken] for r in rows] == [None] * 5
    assert db.session.get(PluginState, "tally").last_error == "LookupError: no tally"
    personal = services.plan_export(consultation, personal=True)
    assert "tally_secret" in personal.keys


def test_an_export_column_takes_exactly_one_of_value_and_values():
    with pytest.raises(ValueError, match="exactly one"):
        ExportColumn("x_both", "Both", value=str, values=dict)
    with pytest.raises(ValueError, match="exactly one"):
        ExportColumn("x_none", "None")
