"""Batches: entry inside a batch keeps its details; closing needs matching counts or a reason."""

from datetime import date

import pytest
from consultation_offline_channel.models import OfflineBatch, OfflineBatchEntry
from offline_support import STAFF, consultation_with_questions, enter_url, entry_data, staff

from consultation.plugin_api import db
from consultation.testing.html import elements, field_values, parse

pytestmark = pytest.mark.plugins("offline_channel")


def _start(client, consultation, expected: int = 2):
    page = f"/offline/{consultation.slug}/batches"
    data = {
        "name": "Library drop-in",
        "received_on-day": "20",
        "received_on-month": "11",
        "received_on-year": "2026",
        "place": "Central Library",
        "channel": "event",
        "expected": str(expected),
    }
    response = client.submit(page, data, page=page)
    assert response.status_code == 302, response.text[:3000]
    return db.session.scalars(db.select(OfflineBatch)).one()


def test_entry_in_a_batch_keeps_its_details_and_counts_against_expected(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    batch = _start(client, consultation)
    page = f"{enter_url(consultation)}?batch={batch.id}"
    html = client.get(page).text
    values = field_values(html)
    checked = [
        e.get("value")
        for e in elements(parse(html))
        if e.get("name") == "channel" and e.get("checked") is not None
    ]
    assert checked == ["event"]
    assert (values["received_on-day"], values["received_on-year"]) == ("20", "2026")

    response = client.submit(
        page, entry_data(first, channel="event", received=date(2026, 11, 20)), page=page
    )
    assert response.status_code == 302
    assert f"batch={batch.id}" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(OfflineBatchEntry.response_id))) == 1
    assert (
        "1 of 2 responses entered"
        in client.get(f"/offline/{consultation.slug}/batches/{batch.id}").text
    )


def test_a_batch_closes_only_when_counts_match_or_with_a_reason(client):
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    batch = _start(client, consultation, expected=2)
    page = f"/offline/{consultation.slug}/batches/{batch.id}"

    refused = client.submit(page, {"reason": ""}, page=page)
    assert refused.status_code == 400
    assert "0 of 2 responses are entered: give a reason to close it anyway" in refused.text
    db.session.expire_all()
    assert db.session.get(OfflineBatch, batch.id).closed_at is None

    closed = client.submit(page, {"reason": "Two forms were blank."}, page=page)
    assert closed.status_code == 302
    db.session.expire_all()
    stored = db.session.get(OfflineBatch, batch.id)
    assert stored.closed_at is not None and stored.close_reason == "Two forms were blank."
    # A closed batch takes no more entries.
    assert client.get(f"{enter_url(consultation)}?batch={batch.id}").status_code == 404


def test_a_batch_of_another_consultation_is_not_found(client):
    staff()
    consultation, _, _ = consultation_with_questions()
    other, _, _ = consultation_with_questions()
    client.login(STAFF)
    batch = _start(client, consultation)
    assert client.get(f"/offline/{other.slug}/batches/{batch.id}").status_code == 404
    assert client.get(f"{enter_url(other)}?batch={batch.id}").status_code == 404
