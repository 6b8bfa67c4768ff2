"""CSV import: a good file, a bad row (nothing stored, the row reported), the same file twice,
hostile answers stored as inert text; from the web page and from the command line."""

import csv
import io
import json
from pathlib import Path

import pytest
from consultation_offline_channel.models import OfflineResponse
from offline_support import STAFF, consultation_with_questions, staff

from consultation.plugin_api import Comment, db
from consultation.testing.html import dangerous_markup

pytestmark = pytest.mark.plugins("offline_channel")

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
HEADER = [
    "paper_reference",
    "channel",
    "date_received",
    "privacy_notice_given",
    "respondent_name",
    "contact",
    "wants_reply",
    "postcode",
    "organisation",
    "offline_reason",
    "age_band",
    "sex",
    "disability",
    "ethnic_group",
    "question_1",
    "question_2",
]


def _row(reference: str, answer: str = "Keep the library open.", **cells) -> dict:
    row = dict.fromkeys(HEADER, "")
    row.update(
        paper_reference=reference,
        channel="paper",
        date_received="2026-11-20",
        privacy_notice_given="yes",
        question_1=answer,
    )
    row.update(cells)
    return row


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(client, consultation, data: bytes):
    page = f"/offline/{consultation.slug}/import"
    return client.submit(
        page,
        {"file": (io.BytesIO(data), "forms.csv")},
        page=page,
        content_type="multipart/form-data",
    )


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_the_template_has_a_column_per_question(client):
    staff()
    consultation, _, _ = consultation_with_questions()
    client.login(STAFF)
    response = client.get(f"/offline/{consultation.slug}/import/template.csv")
    assert response.status_code == 200
    assert response.text.strip().split(",") == HEADER


def test_a_good_file_is_imported_and_the_same_file_twice_adds_nothing(client):
    staff()
    consultation, first, second = consultation_with_questions()
    client.login(STAFF)
    data = _csv([_row("P-001"), _row("P-002", question_2="More books.", channel="event")])

    response = _upload(client, consultation, data)
    assert response.status_code == 302
    assert "Imported 2 responses" in client.get(response.headers["Location"]).text
    assert (_count(OfflineResponse), _count(Comment)) == (2, 3)
    channels = sorted(db.session.scalars(db.select(Comment.channel)).all())
    assert channels == ["event", "event", "paper"]

    again = _upload(client, consultation, data)
    assert (
        "Imported 0 responses; 2 were already imported"
        in client.get(again.headers["Location"]).text
    )
    assert (_count(OfflineResponse), _count(Comment)) == (2, 3)


def test_one_bad_row_imports_nothing_and_is_reported_by_row_and_column(client):
    staff()
    consultation, _, _ = consultation_with_questions()
    client.login(STAFF)
    data = _csv([_row("P-001"), _row("P-002", privacy_notice_given="no"), _row("P-003")])

    response = _upload(client, consultation, data)

    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert "privacy_notice_given" in response.text
    assert '<td class="govuk-table__cell">3</td>' in response.text
    assert (_count(OfflineResponse), _count(Comment)) == (0, 0)


def test_a_repeated_reference_and_a_bad_date_are_both_reported(client):
    staff()
    consultation, _, _ = consultation_with_questions()
    client.login(STAFF)
    data = _csv([_row("P-001"), _row("P-001", date_received="31/02/2026")])
    response = _upload(client, consultation, data)
    assert response.status_code == 400
    assert "The same reference is on row 2" in response.text
    assert "Enter the date received" in response.text
    assert _count(OfflineResponse) == 0


def test_no_file_gets_a_clear_message(client):
    staff()
    consultation, _, _ = consultation_with_questions()
    client.login(STAFF)
    page = f"/offline/{consultation.slug}/import"
    response = client.submit(page, {}, page=page)
    assert response.status_code == 400
    assert "Select a CSV file" in response.text


def test_hostile_answers_are_stored_as_text_and_stay_inert(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    vectors = [
        v["vector"]
        for name in ("csv_injection_vectors.json", "xss_vectors.json")
        for v in json.loads((DATA / name).read_text())
    ]
    thread_url = f"/consultations/{consultation.slug}/threads/{first.id}"
    baseline = dangerous_markup(client.get(thread_url).text)
    client.login(STAFF)
    rows = [_row(f"V-{n}", answer=vector) for n, vector in enumerate(vectors)]
    response = _upload(client, consultation, _csv(rows))
    assert response.status_code == 302, response.text[:2000]
    assert _count(OfflineResponse) == len(vectors)
    client.logout()
    found = dangerous_markup(client.get(thread_url).text)
    # The page's own pagination arrow is the only addition a full page brings.
    assert [f for f in found if "govuk-pagination__icon" not in f] == baseline
    for body in db.session.scalars(db.select(Comment.body_html)).all():
        assert dangerous_markup(body, fragment=True) == []


def test_the_command_line_import_reports_problems_and_imports_good_files(runner, tmp_path):
    staff()
    consultation, _, _ = consultation_with_questions()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv([_row("P-001", channel="pigeon")]))
    args = ["offline-channel", "import", consultation.slug, "--staff", STAFF]
    result = runner.invoke(args=[*args, str(bad)])
    assert result.exit_code != 0
    assert "Row 2, channel" in result.output
    assert _count(OfflineResponse) == 0

    good = tmp_path / "good.csv"
    good.write_bytes(_csv([_row("P-001"), _row("P-002")]))
    result = runner.invoke(args=[*args, str(good)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 responses" in result.output
    result = runner.invoke(args=[*args, str(good)])
    assert "Imported 0 responses; 2 were already imported" in result.output
    assert _count(OfflineResponse) == 2


def _index_on_comment_text(create: bool) -> None:
    """A unique index on comment text: two equal answers in one file then clash on write."""
    statement = (
        "CREATE UNIQUE INDEX offline_test_clash ON comment (body_text)"
        if create
        else "DROP INDEX IF EXISTS offline_test_clash"
    )
    db.session.execute(db.text(statement))
    db.session.commit()


@pytest.mark.parametrize("how", ["web", "command line"])
def test_a_failure_while_writing_row_n_leaves_nothing_stored(client, runner, tmp_path, how):
    from consultation.audit.models import AuditEvent

    staff()
    consultation, _, _ = consultation_with_questions()
    # Rows 2–5 are valid and distinct; row 5's answer repeats row 3's, so only the
    # database (with the index below) refuses it, after rows 2–4 were written.
    rows = [_row(f"P-{n}", answer=f"Answer number {n}.") for n in range(1, 4)]
    rows.append(_row("P-4", answer="Answer number 2."))
    data = _csv(rows)
    _index_on_comment_text(True)
    try:
        if how == "web":
            client.login(STAFF)
            response = _upload(client, consultation, data)
            assert response.status_code == 400
            assert "Row 5 could not be stored, so nothing was imported" in response.text
        else:
            path = tmp_path / "forms.csv"
            path.write_bytes(data)
            args = ["offline-channel", "import", consultation.slug, "--staff", STAFF, str(path)]
            result = runner.invoke(args=args)
            assert result.exit_code != 0
            assert "Nothing imported: row 5 could not be stored" in result.output
        db.session.expire_all()
        assert (_count(OfflineResponse), _count(Comment)) == (0, 0)
        actions = db.session.scalars(db.select(AuditEvent.action)).all()
        assert "offline_channel.response_entered" not in actions
        assert "offline_channel.import" not in actions
    finally:
        db.session.rollback()
        _index_on_comment_text(False)
    # The same file without the clash imports whole.
    good = _csv(rows[:3])
    if how == "web":
        assert _upload(client, consultation, good).status_code == 302
    else:
        path.write_bytes(good)
        assert runner.invoke(args=args).exit_code == 0
    assert (_count(OfflineResponse), _count(Comment)) == (3, 3)


def test_imported_comments_carry_the_ward_of_the_respondents_postcode(client):
    from consultation_offline_channel.models import OfflinePostcode

    from consultation.testing.factories import make_ward

    staff()
    ward = make_ward(name="Riverside", code="E05000001")
    db.session.add(OfflinePostcode(postcode="SW1A 1AA", ward_id=ward.id))
    db.session.commit()
    consultation, _, _ = consultation_with_questions()
    client.login(STAFF)
    rows = [
        _row("P-1", postcode="sw1a1aa", question_2="And more."),
        _row("P-2"),
    ]
    assert _upload(client, consultation, _csv(rows)).status_code == 302
    from consultation_offline_channel.models import OfflineAnswer

    by_reference = {}
    for response in db.session.scalars(db.select(OfflineResponse)).all():
        comment_wards = db.session.scalars(
            db.select(Comment.ward_id)
            .join(OfflineAnswer, OfflineAnswer.comment_id == Comment.id)
            .where(OfflineAnswer.response_id == response.id)
        ).all()
        by_reference[response.paper_reference] = comment_wards
    assert by_reference == {"P-1": [ward.id, ward.id], "P-2": [None]}


def test_the_command_line_import_shows_a_progress_bar(runner, tmp_path):
    staff()
    consultation, _, _ = consultation_with_questions()
    path = tmp_path / "forms.csv"
    path.write_bytes(_csv([_row(f"P-{n}") for n in range(1, 4)]))
    args = ["offline-channel", "import", consultation.slug, "--staff", STAFF, str(path)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    # Not a terminal here, so click writes the bar's label and the final count once.
    assert "Importing" in result.output
    assert "Imported 3 responses" in result.output
