"""The learning log: evaluations after the outcome, searched server-side, exported to share."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from consultation.audit.models import AuditEvent
from consultation.exports.cells import restore
from consultation.extensions import db
from consultation.learning.models import Evaluation
from consultation.learning.services import format_cost, normalise_tags, parse_cost
from consultation.testing.factories import make_consultation, make_user

OFFICER = "officer@learning.example.org"


def evaluation_form(**overrides) -> dict[str, object]:
    """A complete, valid evaluation."""
    data: dict[str, object] = {
        "target_groups": "Young people and bus users",
        "reach": "partly",
        "reach_notes": "Few under-25s responded online.",
        "channels_worked": ["event", "paper"],
        "channel_notes": "The library drop-in brought older residents.",
        "cost": "1,250.50",
        "went_well": "Drop-in sessions at the library.",
        "would_change": "Go to the college, not wait for students to come to us.",
        "tags": "Libraries, young people, libraries",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer():
    return make_user("officer", email=OFFICER, name="Olive Officer")


@pytest.fixture
def decided():
    return make_consultation("outcome_published", slug="library-hours", title="Library hours")


def url(consultation) -> str:
    return f"/officer/consultations/{consultation.id}/evaluation"


def test_an_officer_records_an_evaluation_once_the_outcome_is_published(client, officer, decided):
    client.login(OFFICER)
    response = client.submit(url(decided), evaluation_form(), page=url(decided))

    assert response.status_code == 303
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.consultation_id == decided.id
    assert evaluation.reach == "partly"
    assert evaluation.channels_worked == ["event", "paper"]
    assert evaluation.cost_pence == 125050
    assert evaluation.tags == "libraries, young people"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "learning.evaluation_created")
    )
    assert event.actor_id == officer.id and event.consultation_id == decided.id

    page = client.get(response.headers["Location"]).text
    assert "Library hours" in page and "Go to the college" in page and "£1,250.50" in page


def test_saving_again_updates_the_one_evaluation(client, officer, decided):
    client.login(OFFICER)
    client.submit(url(decided), evaluation_form(), page=url(decided))
    client.submit(url(decided), evaluation_form(reach="met", cost=""), page=url(decided))

    assert db.session.scalar(select(func.count(Evaluation.id))) == 1
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.reach == "met" and evaluation.cost_pence is None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("learning.%"))
    ).all()
    assert actions == ["learning.evaluation_created", "learning.evaluation_updated"]
    # The form comes back filled in for editing.
    assert "Go to the college" in client.get(url(decided)).text


@pytest.mark.parametrize("state", ["open", "closed"])
def test_no_evaluation_before_the_outcome(client, officer, state):
    consultation = make_consultation(state)
    client.login(OFFICER)
    assert client.get(url(consultation)).status_code == 409
    response = client.submit(url(consultation), evaluation_form(), page="/officer/learning")
    assert response.status_code == 409
    assert db.session.scalar(select(func.count(Evaluation.id))) == 0


def test_bad_input_is_explained_and_the_typed_text_comes_back(client, officer, decided):
    client.login(OFFICER)
    response = client.submit(
        url(decided),
        evaluation_form(went_well="", reach="", cost="about a grand", tags="x" * 600),
        page=url(decided),
    )

    assert response.status_code == 400
    html = response.text
    assert "There is a problem" in html
    assert "Enter what went well" in html
    assert "Choose how far you reached the groups" in html
    assert "Enter the cost in pounds" in html
    assert "about a grand" in html and "Go to the college" in html
    assert db.session.scalar(select(func.count(Evaluation.id))) == 0


def _seed_two(client, officer):
    buses = make_consultation("outcome_published", slug="bus-routes", title="Bus routes")
    parks = make_consultation("outcome_published", slug="parks", title="Parks strategy")
    client.login(OFFICER)
    client.submit(
        url(buses),
        evaluation_form(tags="transport, young people", went_well="Pop-up at the bus station."),
        page=url(buses),
    )
    client.submit(
        url(parks),
        evaluation_form(
            target_groups="Dog walkers",
            reach_notes="",
            tags="parks",
            went_well="Leaflets at the park café.",
            would_change="Start earlier.",
            channel_notes="",
        ),
        page=url(parks),
    )
    return buses, parks


def test_search_finds_every_word_anywhere_and_filters_by_tag(client, officer):
    _seed_two(client, officer)

    def titles(query: str) -> list[str]:
        html = client.get("/officer/learning" + query).text
        found = [t for t in ("Bus routes", "Parks strategy") if f">{t}</h3>" in html]
        return sorted(found, key=lambda t: html.index(f">{t}</h3>"))

    assert titles("") == ["Parks strategy", "Bus routes"]
    assert titles("?q=café") == ["Parks strategy"]
    assert titles("?q=POP-UP+station") == ["Bus routes"]
    assert titles("?q=pop-up+leaflets") == []
    assert titles("?tag=young+people") == ["Bus routes"]
    assert titles("?tag=young") == []  # a whole tag, not part of one
    assert titles("?q=100%25") == []  # LIKE wildcards are searched for, not obeyed
    assert "No evaluation matches" in client.get("/officer/learning?q=zzzz").text


def test_the_export_shares_evaluations_without_personal_data_and_is_audited(client, officer):
    _seed_two(client, officer)

    response = client.get("/officer/learning/export.csv?tag=parks")

    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert restore(row["consultation"]) == "Parks strategy"
    assert row["cost_pounds"] == "1250.5"
    assert "Olive" not in raw.decode() and OFFICER not in raw.decode()
    document = json.loads(client.get("/officer/learning/export.json").text)
    assert [e["consultation_slug"] for e in document["evaluations"]] == ["parks", "bus-routes"]
    assert document["evaluations"][1]["tags"] == ["transport", "young people"]
    exports = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "learning.export").order_by(AuditEvent.id)
    ).all()
    assert [(e.details["format"], e.details["evaluations"]) for e in exports] == [
        ("csv", 1),
        ("json", 2),
    ]


def test_a_formula_in_an_evaluation_is_neutralised_in_its_csv(client, officer, decided):
    client.login(OFFICER)
    client.submit(url(decided), evaluation_form(went_well="=1+2"), page=url(decided))
    text = client.get("/officer/learning/export.csv").get_data().decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["went_well"] == "'=1+2" and restore(row["went_well"]) == "=1+2"


def test_costs_and_tags_are_read_the_way_officers_type_them():
    assert parse_cost("£1,250.50") == 125050
    assert parse_cost(" 300 ") == 30000
    assert parse_cost("") is None
    for bad in ("about a grand", "-5", "1.234", "1e9"):
        with pytest.raises(ValueError):
            parse_cost(bad)
    assert format_cost(125050) == "£1,250.50" and format_cost(30000) == "£300"
    assert normalise_tags(" Parks ,,  YOUNG   people, parks") == "parks, young people"
