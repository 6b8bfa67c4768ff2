"""Every page of the plugin, asked by every role: role checks and object checks."""

import pytest

from consultation.testing.access import (
    Route,
    access_mismatches,
    core_values,
    everyone,
    make_people,
    missing_rows,
    signed_in,
    staff,
    unknown_rows,
)

pytestmark = pytest.mark.plugins("moderation")

M = "/moderation"
COMMENT = M + "/comments/{comment_id}"
MODERATOR = staff("moderator")
OFFICER = staff("officer")

ROUTES = [
    Route("moderation.house_rules", M + "/house-rules", everyone(200)),
    Route("moderation.consultation_summary", M + "/consultations/{slug}/summary", everyone(200)),
    Route(
        "moderation.consultation_summary",
        M + "/consultations/{draft_slug}/summary",
        everyone(404),
        why="a draft consultation is not public",
    ),
    Route("moderation.report", COMMENT + "/report", signed_in(200)),
    Route(
        "moderation.report",
        COMMENT + "/report",
        {**signed_in(400), "anonymous": 401},
        method="POST",
        why="no reason chosen: the form comes back (signed out: with what was typed)",
    ),
    Route(
        "moderation.report",
        M + "/comments/{pending_id}/report",
        signed_in(404),
        why="a comment awaiting moderation is only its author's",
    ),
    Route(
        "moderation.edit",
        COMMENT + "/edit",
        signed_in(404),
        why="someone else's comment: its remedies are its author's",
    ),
    Route("moderation.edit", COMMENT + "/edit", signed_in(404), method="POST"),
    Route(
        "moderation.appeal",
        COMMENT + "/appeal",
        signed_in(404),
        why="someone else's comment: its remedies are its author's",
    ),
    Route("moderation.appeal", COMMENT + "/appeal", signed_in(404), method="POST"),
    Route("moderation.index", M + "/", MODERATOR),
    Route("moderation.bulk", M + "/bulk", staff("moderator", status=400), method="POST"),
    Route("moderation.comment", COMMENT, MODERATOR),
    Route("moderation.comment", COMMENT, staff("moderator", status=400), method="POST"),
    Route(
        "moderation.comment",
        M + "/comments/999999",
        staff("moderator", status=404),
        why="no such comment",
    ),
    Route(
        "moderation.comment",
        M + "/comments/{draft_comment_id}",
        staff("moderator", status=404),
        why="a comment in a draft consultation",
    ),
    Route("moderation.words", M + "/words", OFFICER),
    Route("moderation.words", M + "/words", staff("officer", status=400), method="POST"),
    Route(
        "moderation.remove_word",
        M + "/words/999999/remove",
        staff("officer", status=404),
        method="POST",
        why="no such word",
    ),
    Route("moderation.mode_list", M + "/modes", OFFICER),
    Route("moderation.mode", M + "/consultations/{consultation_id}/mode", OFFICER),
    Route(
        "moderation.mode",
        M + "/consultations/{consultation_id}/mode",
        staff("officer", status=400),
        method="POST",
    ),
    Route(
        "moderation.mode",
        M + "/consultations/999999/mode",
        staff("officer", status=404),
        why="no such consultation",
    ),
]


def _values():
    from consultation.plugin_api import Thread, db
    from consultation.testing.factories import make_comment

    values = core_values()
    draft_thread = db.session.get(Thread, values["draft_thread_id"])
    draft_thread.consultation  # noqa: B018  (loaded for the posting service)
    in_draft = make_comment(draft_thread, None, "In a draft.")
    return values | {"draft_comment_id": in_draft.id}


def test_moderation_routes_answer_each_role_as_the_table_says(app):
    people = make_people()
    assert access_mismatches(app, ROUTES, people, _values()) == []


def test_every_moderation_route_has_a_row(app):
    assert missing_rows(app, ROUTES, blueprints=("moderation",)) == []
    assert unknown_rows(app, ROUTES) == []
