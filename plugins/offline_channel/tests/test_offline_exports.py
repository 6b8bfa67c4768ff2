"""The offline channel's export columns: late, why offline, paper reference; who sent it only
with personal data; gone when the plugin is switched off for the consultation."""

import csv
import io

import pytest
from consultation_offline_channel.models import OfflineResponse
from offline_support import STAFF, consultation_with_questions, enter_url, entry_data, staff
from sqlalchemy import select

from consultation.exports.cells import restore
from consultation.extensions import db
from consultation.plugin_system.services import set_enabled
from consultation.testing.factories import make_user

pytestmark = pytest.mark.plugins("offline_channel")

OFFICER = "officer@offline-exports.example.org"


def export(client, consultation, **fields) -> list[dict[str, str]]:
    url = f"/officer/consultations/{consultation.id}/export"
    response = client.submit(url, {"format": "csv", **fields}, page=url)
    assert response.status_code == 200, response.text[:1000]
    text = response.get_data().decode("utf-8-sig")
    return [{k: restore(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


@pytest.fixture
def entered(client):
    """One named, late-ish paper response with a reference, entered through the real form."""
    staff()
    consultation, first, _ = consultation_with_questions()
    client.login(STAFF)
    page = enter_url(consultation)
    data = entry_data(
        first,
        respondent="named",
        name="Petra Paperform",
        contact="petra@paper.example.org",
        postcode="SW1A 1AA",
        offline_reason="no_internet",
    )
    response = client.submit(page, data, page=page)
    assert response.status_code in (302, 303), response.text[:1000]
    # Paper references come with a CSV import; set one on the entered response.
    [stored] = db.session.scalars(select(OfflineResponse)).all()
    stored.paper_reference = "P-0042"
    db.session.commit()
    client.logout()
    make_user("officer", email=OFFICER)
    client.login(OFFICER)
    return consultation


def test_offline_columns_in_the_export(client, entered):
    [row] = export(client, entered)
    assert row["Channel code"] == "paper"
    assert row["Received late"] == "false"
    assert row["Why offline"] == "No internet access"
    assert row["Paper reference"] == "P-0042"
    assert "Offline respondent name" not in row and "Contact details" not in row
    assert "Postcode" not in row
    assert "Petra" not in str(row) and "SW1A" not in str(row)


def test_respondent_details_only_with_personal_data(client, entered):
    [row] = export(client, entered, personal="y", reason="Replying to respondents")
    assert row["Offline respondent name"] == "Petra Paperform"
    assert row["Contact details"] == "petra@paper.example.org"
    assert row["Postcode"] == "SW1A 1AA"


def test_switched_off_for_the_consultation_its_columns_are_absent(client, entered):
    set_enabled("offline_channel", False, consultation=entered)
    db.session.commit()
    [row] = export(client, entered, personal="y", reason="Replying to respondents")
    assert "Paper reference" not in row and "Received late" not in row
    assert "Offline respondent name" not in row
    # The response itself is still there: every channel reaches the decision.
    assert row["Channel code"] == "paper"
