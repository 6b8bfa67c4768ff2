"""Every page of the plugin, asked by every role: role checks and object checks.

The councillor of the access table represents "Access Ward"; the request
`request_id` is for that ward, `other_request_id` for another ward.
"""

from datetime import date

import pytest
from consultation_councillor_responses import periods, services
from consultation_councillor_responses.models import Origin
from sqlalchemy import select

from consultation.plugin_api import Consultation, Thread, db
from consultation.plugin_system.services import save_settings
from consultation.testing.access import (
    Route,
    access_mismatches,
    core_values,
    everyone,
    make_people,
    missing_rows,
    staff,
)
from consultation.testing.factories import make_ward

pytestmark = pytest.mark.plugins("councillor_responses")

P = "/councillor-responses"
ANSWERS = {**staff("councillor"), "admin": 403}  # admins are nobody's councillor
OFFICER = staff("officer")
ADMIN = staff("admin")
CONSULTATION = P + "/consultations/{consultation_id}"
REQUEST = P + "/requests/{request_id}"

ROUTES = [
    Route("councillor_responses.index", P + "/", staff("councillor")),
    Route("councillor_responses.show", REQUEST, ANSWERS),
    Route(
        "councillor_responses.show",
        P + "/requests/{other_request_id}",
        {**ANSWERS, "councillor": 403},
        why="a request for another ward's councillors",
    ),
    Route(
        "councillor_responses.show",
        P + "/requests/999999",
        {**ANSWERS, "councillor": 404, "admin": 404},
        why="no such request",
    ),
    Route(
        "councillor_responses.reply",
        REQUEST + "/reply",
        {**ANSWERS, "councillor": 400},
        method="POST",
    ),
    Route(
        "councillor_responses.reply",
        P + "/requests/{other_request_id}/reply",
        {**ANSWERS, "councillor": 403},
        method="POST",
        data={"body": "Not mine to answer."},
        why="a request for another ward's councillors",
    ),
    Route("councillor_responses.pass_on", REQUEST + "/pass-on", ANSWERS),
    Route(
        "councillor_responses.pass_on",
        REQUEST + "/pass-on",
        {**ANSWERS, "councillor": 400},
        method="POST",
    ),
    Route("councillor_responses.report", P + "/report", OFFICER),
    Route("councillor_responses.consultation", CONSULTATION, OFFICER),
    Route(
        "councillor_responses.consultation",
        P + "/consultations/999999",
        staff("officer", status=404),
        why="no such consultation",
    ),
    Route(
        "councillor_responses.rule",
        CONSULTATION + "/rule",
        staff("officer", status=303),
        method="POST",
    ),
    Route("councillor_responses.ask_thread", CONSULTATION + "/threads/{thread_id}/ask", OFFICER),
    Route(
        "councillor_responses.ask_thread",
        CONSULTATION + "/threads/{other_thread_id}/ask",
        staff("officer", status=404),
        why="a question of another consultation",
    ),
    Route(
        "councillor_responses.ask_thread",
        CONSULTATION + "/threads/{thread_id}/ask",
        staff("officer", status=400),
        method="POST",
    ),
    Route(
        "councillor_responses.route",
        CONSULTATION + "/threads/{thread_id}/route",
        staff("officer", status=303),
        method="POST",
    ),
    Route("councillor_responses.ask_comment", CONSULTATION + "/comments/{comment_id}/ask", OFFICER),
    Route(
        "councillor_responses.ask_comment",
        CONSULTATION + "/comments/{comment_id}/ask",
        staff("officer", status=400),
        method="POST",
    ),
    Route(
        "councillor_responses.ask_comment",
        "/councillor-responses/consultations/{closed_id}/comments/{comment_id}/ask",
        staff("officer", status=404),
        why="a comment of another consultation",
    ),
    Route("councillor_responses.assign", REQUEST + "/assign", OFFICER),
    Route(
        "councillor_responses.assign",
        REQUEST + "/assign",
        staff("officer", status=400),
        method="POST",
    ),
    Route("councillor_responses.councillors", P + "/councillors", OFFICER),
    Route("councillor_responses.edit_councillor", P + "/councillors/{councillor_id}/edit", OFFICER),
    Route(
        "councillor_responses.edit_councillor",
        P + "/councillors/{resident_id}/edit",
        staff("officer", status=404),
        why="a resident is not a councillor",
    ),
    Route(
        "councillor_responses.edit_councillor",
        P + "/councillors/{councillor_id}/edit",
        staff("officer", status=400),
        method="POST",
    ),
    Route("councillor_responses.pre_election", P + "/pre-election", ADMIN),
    Route(
        "councillor_responses.pre_election",
        P + "/pre-election",
        staff("admin", status=400),
        method="POST",
    ),
    Route(
        "councillor_responses.remove_period",
        P + "/pre-election/{period_id}/remove",
        staff("admin", status=303),
        method="POST",
    ),
    Route(
        "councillor_responses.councillor",
        P + "/councillors/{councillor_id}",
        everyone(404),
        why="councillor pages are off unless the council switches them on",
    ),
]


@pytest.fixture
def values(app):
    """The core's records, plus requests for the access councillor's ward and another ward."""
    people = make_people(make_ward(name="Access Ward"))
    found = core_values()
    thread = db.session.get(Thread, found["thread_id"])
    ward = people["councillor"].ward
    mine, _ = services.create_request(thread, origin=Origin.THREAD, ward_id=ward.id)
    other, _ = services.create_request(thread, origin=Origin.THREAD, ward_id=make_ward().id)
    period = periods.add_period(date(2027, 4, 1), date(2027, 5, 6), actor=people["admin"])
    db.session.commit()
    closed = db.session.scalar(
        select(Consultation).where(Consultation.slug == found["closed_slug"])
    )
    return people, found | {
        "request_id": mine.id,
        "other_request_id": other.id,
        "period_id": period.id,
        "councillor_id": people["councillor"].id,
        "resident_id": people["resident"].id,
        "closed_id": closed.id,
    }


def test_every_page_of_the_plugin_has_a_row(app):
    assert missing_rows(app, ROUTES, blueprints=("councillor_responses",)) == []


def test_each_role_gets_the_answer_the_table_expects(app, values):
    people, ids = values
    mismatches = access_mismatches(app, ROUTES, people, ids)
    assert mismatches == [], "\n" + "\n".join(mismatches)


def test_councillor_pages_open_to_everyone_once_the_council_allows_them(app, values):
    people, ids = values
    save_settings("councillor_responses", {"councillor_responses_public_pages": True})
    page = Route(
        "councillor_responses.councillor", P + "/councillors/{councillor_id}", everyone(200)
    )
    not_a_councillor = Route(
        "councillor_responses.councillor", P + "/councillors/{resident_id}", everyone(404)
    )
    assert access_mismatches(app, [page, not_a_councillor], people, ids) == []
