"""Loading the council's wards and their populations (for responses per 1,000 residents)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select

from consultation.audit.services import record
from consultation.auth.models import Ward
from consultation.extensions import db

COLUMNS = ("code", "name", "population")
#: More residents than any ward has; a bigger number is a typing mistake.
MAX_POPULATION = 10_000_000


class WardsRefused(Exception):
    """The file was refused; `problems` lists each, starting with its row number."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _population(text: str) -> int | None:
    """'12,345' or '12345' → 12345; None when it is not a whole number of people."""
    text = text.strip().replace(",", "")
    return int(text) if text.isdigit() and int(text) <= MAX_POPULATION else None


def check(rows: Sequence[Mapping[str, str | None]], header: Sequence[str]) -> list[dict]:
    """Every row checked against the file and the wards already stored.

    Returns the clean rows; raises WardsRefused listing every problem (rows
    are numbered as a spreadsheet shows them, the header being row 1).
    """
    missing = [c for c in COLUMNS if c not in [h.strip().lower() for h in header]]
    if missing:
        raise WardsRefused(
            [
                f"row 1: the header must have the columns {', '.join(COLUMNS)} "
                f"(missing: {', '.join(missing)})"
            ]
        )
    if not rows:
        raise WardsRefused(["the file has no wards in it"])
    existing = {w.code: w for w in db.session.scalars(select(Ward))}
    by_name = {w.name.casefold(): w.code for w in existing.values()}
    problems: list[str] = []
    clean: list[dict] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for number, raw in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        code, name, people = row.get("code", ""), row.get("name", ""), row.get("population", "")
        here: list[str] = []
        if not code:
            here.append("the code is empty")
        elif len(code) > 32:
            here.append("the code is longer than 32 characters")
        elif code in seen_codes:
            here.append(f"the code {code} is also on row {seen_codes[code]}")
        if not name:
            here.append("the name is empty")
        elif len(name) > 120:
            here.append("the name is longer than 120 characters")
        elif name.casefold() in seen_names:
            here.append(f"the name {name} is also on row {seen_names[name.casefold()]}")
        elif by_name.get(name.casefold(), code) != code:
            here.append(f"the name {name} belongs to the stored ward {by_name[name.casefold()]}")
        population = _population(people)
        if population is None:
            here.append(
                f"the population {people!r} is not a whole number of people"
                if people
                else "the population is empty"
            )
        if code:
            seen_codes.setdefault(code, number)
        if name:
            seen_names.setdefault(name.casefold(), number)
        if here:
            problems.append(f"row {number}: " + "; ".join(here))
        else:
            clean.append({"code": code, "name": name, "population": population})
    if problems:
        raise WardsRefused(problems)
    return clean


def load_wards(rows: Sequence[Mapping[str, str | None]], header: Sequence[str]) -> tuple[int, int]:
    """Add new wards and update the names and populations of known ones, all or nothing.

    Returns (added, updated); audited as one event. A ward missing from the
    file is left alone (comments and councillors refer to it).
    """
    clean = check(rows, header)
    existing = {w.code: w for w in db.session.scalars(select(Ward))}
    added = updated = 0
    for row in clean:
        ward = existing.get(row["code"])
        if ward is None:
            db.session.add(Ward(code=row["code"], name=row["name"], population=row["population"]))
            added += 1
        elif ward.name != row["name"] or ward.population != row["population"]:
            ward.name, ward.population = row["name"], row["population"]
            updated += 1
    record("ward.load", target_type="ward", added=added, updated=updated, rows=len(clean))
    db.session.commit()
    return added, updated
