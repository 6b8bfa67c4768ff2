"""`flask wards load FILE.csv`: every row checked first; a bad file changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.auth.models import Ward
from consultation.extensions import db
from consultation.testing.factories import make_ward


def _load(app, tmp_path, text: str):
    path = tmp_path / "wards.csv"
    path.write_text(text, encoding="utf-8")
    return app.test_cli_runner().invoke(args=["wards", "load", str(path)])


def _wards() -> dict[str, tuple[str, int | None]]:
    db.session.expire_all()
    return {w.code: (w.name, w.population) for w in db.session.scalars(select(Ward))}


def test_a_good_file_adds_wards_and_loading_again_updates_them(app, tmp_path):
    make_ward("North Ward", code="E05000001")
    result = _load(
        app,
        tmp_path,
        'code,name,population\nE05000001,North Ward,"8,200"\nE05000002,Riverside Ward,6900\n',
    )
    assert result.exit_code == 0, result.output
    assert "1 wards added, 1 updated." in result.output
    assert _wards() == {
        "E05000001": ("North Ward", 8200),
        "E05000002": ("Riverside Ward", 6900),
    }
    again = _load(
        app, tmp_path, "\ufeffCode,Name,Population\nE05000002,Riverside and Docks Ward,7100\n"
    )
    assert again.exit_code == 0, again.output
    assert "0 wards added, 1 updated." in again.output
    assert _wards()["E05000002"] == ("Riverside and Docks Ward", 7100)
    assert _wards()["E05000001"] == ("North Ward", 8200)  # not in the file: left alone
    events = db.session.scalars(select(AuditEvent).filter_by(action="ward.load")).all()
    assert len(events) == 2


def test_a_file_with_bad_rows_changes_nothing_and_lists_every_problem(app, tmp_path):
    make_ward("North Ward", code="E05000001")
    before = _wards()
    result = _load(
        app,
        tmp_path,
        "code,name,population\n"
        "E05000009,New Ward,1200\n"  # fine, but must not be stored
        ",Nameless code,100\n"
        "E05000010,,lots\n"
        "E05000009,Another Ward,-5\n"
        "E05000011,North Ward,300\n",
    )
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    lines = [line.strip() for line in result.output.splitlines() if line.strip().startswith("row")]
    assert lines == [
        "row 3: the code is empty",
        "row 4: the name is empty; the population 'lots' is not a whole number of people",
        "row 5: the code E05000009 is also on row 2; "
        "the population '-5' is not a whole number of people",
        "row 6: the name North Ward belongs to the stored ward E05000001",
    ]
    assert _wards() == before
    assert db.session.scalar(select(AuditEvent).filter_by(action="ward.load")) is None


def test_a_file_without_the_columns_is_refused(app, tmp_path):
    result = _load(app, tmp_path, "ward,people\nE05000001,100\n")
    assert result.exit_code == 1
    assert "row 1: the header must have the columns code, name, population" in result.output
    assert _wards() == {}
    empty = _load(app, tmp_path, "code,name,population\n")
    assert empty.exit_code == 1 and "the file has no wards in it" in empty.output
