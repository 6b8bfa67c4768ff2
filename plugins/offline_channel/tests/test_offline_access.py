"""Every page of the plugin, asked by every role: role checks and object checks."""

import pytest

from consultation.testing.access import (
    Route,
    access_mismatches,
    core_values,
    make_people,
    missing_rows,
    staff,
)

pytestmark = pytest.mark.plugins("offline_channel")

STAFF = staff("assisted_digital")

ROUTES = [
    Route("offline_channel.index", "/offline/", STAFF),
    Route("offline_channel.enter", "/offline/{slug}/enter", STAFF),
    Route(
        "offline_channel.enter",
        "/offline/{slug}/enter",
        staff("assisted_digital", status=400),
        method="POST",
        why="an empty form comes back with its errors",
    ),
    Route(
        "offline_channel.enter",
        "/offline/{closed_slug}/enter",
        STAFF,
        why="late responses are entered and flagged",
    ),
    Route(
        "offline_channel.enter",
        "/offline/{draft_slug}/enter",
        staff("assisted_digital", status=404),
        why="a draft consultation takes no responses",
    ),
    Route("offline_channel.import_csv", "/offline/{slug}/import", STAFF),
    Route(
        "offline_channel.import_csv",
        "/offline/{slug}/import",
        staff("assisted_digital", status=400),
        method="POST",
        why="no file: the form comes back with its error",
    ),
    Route(
        "offline_channel.import_csv",
        "/offline/{draft_slug}/import",
        staff("assisted_digital", status=404),
        why="a draft consultation takes no responses",
    ),
    Route("offline_channel.import_template", "/offline/{slug}/import/template.csv", STAFF),
    Route(
        "offline_channel.import_template",
        "/offline/{draft_slug}/import/template.csv",
        staff("assisted_digital", status=404),
        why="a draft consultation takes no responses",
    ),
    Route("offline_channel.paper_form", "/offline/{slug}/paper-form", STAFF),
    Route(
        "offline_channel.paper_form",
        "/offline/{draft_slug}/paper-form",
        staff("assisted_digital", status=404),
        why="a draft consultation has no paper form yet",
    ),
    Route(
        "offline_channel.channel_mix_page",
        "/offline/{slug}/channel-mix",
        staff("assisted_digital", "officer"),
    ),
    Route(
        "offline_channel.channel_mix_page",
        "/offline/{draft_slug}/channel-mix",
        staff("assisted_digital", "officer", status=404),
        why="a draft consultation has no responses",
    ),
    Route("offline_channel.batch_list", "/offline/{slug}/batches", STAFF),
    Route(
        "offline_channel.batch_list",
        "/offline/{slug}/batches",
        staff("assisted_digital", status=400),
        method="POST",
        why="an empty form comes back with its errors",
    ),
    Route(
        "offline_channel.batch",
        "/offline/{slug}/batches/999999",
        staff("assisted_digital", status=404),
        why="no such batch",
    ),
    Route(
        "offline_channel.batch",
        "/offline/{slug}/batches/999999",
        staff("assisted_digital", status=404),
        method="POST",
        why="no such batch",
    ),
    Route(
        "offline_channel.equality_page",
        "/offline/{slug}/equality",
        staff("assisted_digital", "officer"),
    ),
    Route(
        "offline_channel.equality_page",
        "/offline/{draft_slug}/equality",
        staff("assisted_digital", "officer", status=404),
        why="a draft consultation has no responses",
    ),
    Route(
        "offline_channel.response_page",
        "/offline/{slug}/responses/{response_id}",
        staff("assisted_digital", "officer"),
    ),
    Route(
        "offline_channel.response_page",
        "/offline/{slug}/responses/{other_response_id}",
        staff("assisted_digital", "officer", status=404),
        why="a response of another consultation",
    ),
    Route(
        "offline_channel.correct_page",
        "/offline/{slug}/responses/{response_id}/correct",
        staff("assisted_digital", "officer"),
    ),
    Route(
        "offline_channel.correct_page",
        "/offline/{slug}/responses/{response_id}/correct",
        staff("assisted_digital", "officer", status=400),
        method="POST",
        why="an empty form comes back with its errors",
    ),
    Route(
        "offline_channel.correct_page",
        "/offline/{slug}/responses/{other_response_id}/correct",
        staff("assisted_digital", "officer", status=404),
        method="POST",
        why="a response of another consultation",
    ),
]


def _responses(values: dict) -> dict:
    """An offline response in the open consultation, and one in another consultation."""
    from datetime import date

    from consultation_offline_channel import services

    from consultation.plugin_api import Consultation, db
    from consultation.testing.factories import make_thread, make_user

    clerk = make_user("assisted_digital", email="clerk@access.example.org")
    found = {}
    for key, slug in (("response_id", values["slug"]), ("other_response_id", "other-consultation")):
        consultation = db.session.scalar(db.select(Consultation).filter_by(slug=slug))
        thread = services.questions(consultation)[0] if services.questions(consultation) else None
        thread = thread or make_thread(consultation)
        entry = services.Entry(
            channel="paper",
            received_on=date.today(),
            answers={thread.id: "An answer on paper."},
            respondent=services.Respondent(privacy_notice_given=True),
            token=key,
        )
        found[key] = services.record_response(consultation, entry, clerk).id
    return values | found


def test_offline_routes_answer_each_role_as_the_table_says(app):
    people = make_people()
    assert access_mismatches(app, ROUTES, people, _responses(core_values())) == []


def test_every_offline_route_has_a_row(app):
    assert missing_rows(app, ROUTES, blueprints=("offline_channel",)) == []
