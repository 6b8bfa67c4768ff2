"""Councillor-response export columns: each comment's request standing, answered on time or not."""

import csv
import io
from datetime import timedelta

import pytest
from consultation_councillor_responses import services

from consultation.exports.cells import restore
from consultation.plugin_api import db
from consultation.plugin_system.services import set_enabled
from consultation.testing.factories import make_comment

pytestmark = pytest.mark.plugins("councillor_responses")


def export(client, consultation) -> dict[int, dict[str, str]]:
    url = f"/officer/consultations/{consultation.id}/export"
    response = client.submit(url, {"format": "csv"}, page=url)
    assert response.status_code == 200, response.text[:1000]
    text = response.get_data().decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(text))
    return {int(r["Response id"]): {k: restore(v) for k, v in r.items()} for r in rows}


def test_answered_on_time_overdue_and_not_asked(client, council, clock):
    answered = make_comment(council.thread, council.resident, "Why close on Mondays?")
    waiting = make_comment(council.thread, council.resident, "And the car park?")
    untouched = make_comment(council.thread, council.resident, "Thanks for asking.")
    [asked] = services.ask(
        council.thread,
        ward_ids=[council.north.id],
        councillor_ids=[],
        actor=council.officer,
        comment=answered,
    )
    services.ask(
        council.thread,
        ward_ids=[council.north.id],
        councillor_ids=[],
        actor=council.officer,
        comment=waiting,
    )
    services.answer(asked, council.north_councillor, "To save money.", token="answer-1")
    db.session.commit()
    # Five weeks later the second request is long past its ten working days.
    clock.shift(timedelta(days=35))
    client.login(council.officer.email)

    rows = export(client, council.consultation)

    assert rows[answered.id]["Councillor response request"] == "answered"
    assert rows[answered.id]["Councillor answered on time"] == "yes"
    assert rows[waiting.id]["Councillor response request"] == "overdue"
    assert rows[waiting.id]["Councillor answered on time"] == "no"
    assert rows[untouched.id]["Councillor response request"] == ""
    assert rows[untouched.id]["Councillor answered on time"] == ""


def test_switched_off_its_columns_are_absent(client, council):
    make_comment(council.thread, council.resident, "A comment.")
    set_enabled("councillor_responses", False)
    db.session.commit()
    client.login(council.officer.email)

    [row] = export(client, council.consultation).values()

    assert "Councillor response request" not in row
