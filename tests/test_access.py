"""Who may open what: every route of the app, asked by every role.

HOW TO ADD A ROUTE: add a `Route(...)` row to `TABLE` below, in the section
of its blueprint. A route with no row fails
`test_every_route_of_the_app_has_a_row_in_the_access_table`, and a row for
a route that no longer exists fails `test_no_row_names_a_route_the_app_does_not_have`.

    Route(endpoint, url, expect, method="GET", data={}, why="")

- `url` may use `{placeholders}` filled from `values` (see
  consultation.testing.access.core_values for the records they name, and the
  `values` fixture below to add your own).
- `expect` names the answer for every role: build it with `everyone(200)`,
  `signed_in(200)` (signed-out visitors are sent to sign in), `signed_out(200)`
  (sign-in pages; signed-in people are redirected), or
  `staff("officer", status=200)` (holders of the role and admins get `status`,
  other signed-in people 403, signed-out visitors are sent to sign in). Pass
  a dict to say something else role by role.
- POST rows send `data` plus a valid CSRF token; with no data, a form route
  answers 400 (the form comes back with its errors) and stores nothing.
- Object checks get extra rows for the same endpoint with a `why`: a draft
  answers 404 to everyone, a reply to a comment of another question 404 …

Plugin routes are registered only when their plugin is loaded; each plugin's
tests keep their own table with the same helpers (consultation.testing.access).
"""

from __future__ import annotations

import pytest
from officer_helpers import officer_values

from consultation.testing.access import (
    Route,
    access_mismatches,
    core_values,
    everyone,
    make_people,
    missing_rows,
    signed_in,
    signed_out,
    staff,
    unknown_rows,
)
from consultation.testing.factories import PASSWORD

THREAD = "/consultations/{slug}/threads/{thread_id}"
REPLY = THREAD + "/comments/{comment_id}/reply"

# --- officer console: officers and admins; people and roles: admins only.
# POSTs are chosen to store nothing, so every role meets the same record.
OPEN = "/officer/consultations/{consultation_id}"
CLOSED = "/officer/consultations/{closed_id}"
PUBLISHED = "/officer/consultations/{published_id}"
OFFICER = staff("officer")
OFFICER_ROWS: list[Route] = [
    Route("officer.dashboard", "/officer/", OFFICER),
    Route("officer.audit", "/officer/audit", OFFICER),
    Route("officer.new_consultation", "/officer/consultations/new", OFFICER),
    Route(
        "officer.new_consultation",
        "/officer/consultations/new",
        staff("officer", status=400),
        method="POST",
    ),
    Route("officer.consultation", OPEN, OFFICER),
    Route(
        "officer.consultation",
        "/officer/consultations/999999",
        staff("officer", status=404),
        why="no such consultation",
    ),
    Route("officer.edit_consultation", OPEN + "/edit", OFFICER),
    Route("officer.edit_consultation", OPEN + "/edit", staff("officer", status=400), method="POST"),
    Route(
        "officer.preview",
        "/officer/consultations/{draft_id}/preview",
        OFFICER,
        why="officers preview drafts residents cannot see",
    ),
    Route(
        "officer.schedule",
        "/officer/consultations/{draft_id}/schedule",
        staff("officer", status=409),
        method="POST",
        why="a draft with no decision maker is not ready",
    ),
    Route(
        "officer.unschedule",
        OPEN + "/unschedule",
        staff("officer", status=409),
        method="POST",
        why="an open consultation cannot go back to draft",
    ),
    Route(
        "officer.open_now",
        CLOSED + "/open",
        staff("officer", status=409),
        method="POST",
        why="a closed consultation cannot open again",
    ),
    Route("officer.extend", OPEN + "/extend", OFFICER),
    Route("officer.extend", OPEN + "/extend", staff("officer", status=400), method="POST"),
    Route("officer.close_early", OPEN + "/close", OFFICER),
    Route("officer.close_early", OPEN + "/close", staff("officer", status=400), method="POST"),
    Route("officer.new_thread", OPEN + "/threads/new", OFFICER),
    Route("officer.new_thread", OPEN + "/threads/new", staff("officer", status=400), method="POST"),
    Route(
        "officer.new_thread",
        CLOSED + "/threads/new",
        staff("officer", status=409),
        method="POST",
        data={"title": "A late question?"},
        why="a closed consultation's questions are fixed",
    ),
    # The decision report (consultation.reports), nested in the officer console.
    Route("officer.reports.report", OPEN + "/report", OFFICER),
    Route(
        "officer.reports.report_by_slug",
        "/officer/consultations/{slug}/report",
        staff("officer", status=301),
        why="the report by the consultation's address name sends officers to it by id",
    ),
    Route(
        "officer.reports.report_by_slug",
        "/officer/consultations/no-such-consultation/report",
        staff("officer", status=404),
        why="no such consultation",
    ),
    Route(
        "officer.reports.report",
        "/officer/consultations/999999/report",
        staff("officer", status=404),
        why="no such consultation",
    ),
    Route(
        "officer.reports.finalise",
        OPEN + "/report/finalise",
        staff("officer", status=409),
        method="POST",
        why="an open consultation's report cannot be final",
    ),
    Route(
        "officer.reports.final",
        CLOSED + "/report/final/1",
        staff("officer", status=404),
        why="no version has been marked final",
    ),
    Route("officer.reports.costs", OPEN + "/report/costs/web", OFFICER),
    Route(
        "officer.reports.costs",
        OPEN + "/report/costs/web",
        staff("officer", status=400),
        method="POST",
        data={"staff_hours": "many"},
    ),
    Route(
        "officer.reports.costs",
        OPEN + "/report/costs/carrier_pigeon",
        staff("officer", status=404),
        why="no such channel",
    ),
    Route(
        "officer.reports.representative", OPEN + "/comments/{comment_id}/representative", OFFICER
    ),
    Route(
        "officer.reports.representative",
        OPEN + "/comments/{comment_id}/representative",
        staff("officer", status=400),
        method="POST",
        data={"note": "x" * 1001},
    ),
    Route(
        "officer.reports.representative",
        CLOSED + "/comments/{comment_id}/representative",
        staff("officer", status=404),
        why="a comment belongs to one consultation",
    ),
    Route(
        "officer.reports.unmark",
        OPEN + "/comments/{comment_id}/representative/remove",
        staff("officer", status=303),
        method="POST",
        why="not marked: nothing changes",
    ),
    Route("officer.reports.comparison", "/officer/reports", OFFICER),
    Route("officer.thread", OPEN + "/threads/{thread_id}", OFFICER),
    Route(
        "officer.thread",
        OPEN + "/threads/{other_thread_id}",
        staff("officer", status=404),
        why="a question belongs to one consultation",
    ),
    Route("officer.edit_thread", OPEN + "/threads/{thread_id}/edit", OFFICER),
    Route(
        "officer.edit_thread",
        OPEN + "/threads/{thread_id}/edit",
        staff("officer", status=400),
        method="POST",
    ),
    Route(
        "officer.move_thread",
        CLOSED + "/threads/{closed_thread_id}/move",
        staff("officer", status=409),
        method="POST",
        data={"direction": "up"},
        why="a closed consultation's questions are fixed",
    ),
    Route(
        "officer.retire_thread",
        CLOSED + "/threads/{closed_thread_id}/retire",
        staff("officer", status=409),
        method="POST",
        why="a closed consultation's questions are fixed",
    ),
    Route("officer.outcome", CLOSED + "/outcome", OFFICER),
    Route(
        "officer.outcome",
        "/officer/consultations/{draft_id}/outcome",
        staff("officer", status=400),
        method="POST",
        why="no outcome before the consultation opens",
    ),
    Route(
        "officer.publish_outcome",
        OPEN + "/outcome/publish",
        staff("officer", status=409),
        method="POST",
        why="no outcome while the consultation is open",
    ),
    Route("officer.new_point", PUBLISHED + "/outcome/points/new", OFFICER),
    Route(
        "officer.new_point",
        PUBLISHED + "/outcome/points/new",
        staff("officer", status=400),
        method="POST",
    ),
    Route("officer.edit_point", PUBLISHED + "/outcome/points/{point_id}/edit", OFFICER),
    Route(
        "officer.edit_point",
        PUBLISHED + "/outcome/points/{point_id}/edit",
        staff("officer", status=400),
        method="POST",
    ),
    Route(
        "officer.edit_point",
        OPEN + "/outcome/points/{point_id}/edit",
        staff("officer", status=404),
        why="a point belongs to one consultation's outcome",
    ),
    Route("officer.remove_point", PUBLISHED + "/outcome/points/{point_id}/remove", OFFICER),
    Route(
        "officer.remove_point",
        PUBLISHED + "/outcome/points/{point_id}/remove",
        staff("officer", status=400),
        method="POST",
        why="a published outcome needs a note on what changed",
    ),
    Route("officer.people", "/officer/people", staff("admin")),
    Route("officer.person", "/officer/people/{person_id}", staff("admin")),
    Route(
        "officer.person",
        "/officer/people/{person_id}",
        staff("admin", status=303),
        method="POST",
        why="no roles ticked for a resident: nothing changes",
    ),
    Route(
        "officer.person",
        "/officer/people/999999",
        staff("admin", status=404),
        why="no such person",
    ),
    Route(
        "officer.reactivate",
        "/officer/people/{person_id}/reactivate",
        staff("admin", status=303),
        method="POST",
        why="already active: nothing changes",
    ),
    Route("officer.subject_access", "/officer/subject-access", staff("admin")),
    Route("officer.erase_person", "/officer/people/{person_id}/erase", staff("admin")),
    Route(
        "officer.erase_person",
        "/officer/people/{person_id}/erase",
        staff("admin", status=400),
        method="POST",
        why="no email address typed: nothing is erased",
    ),
    Route(
        "officer.erase_person",
        "/officer/people/999999/erase",
        staff("admin", status=404),
        why="no such person",
    ),
    Route(
        "officer.subject_access_account",
        "/officer/subject-access/accounts/{person_id}/download",
        staff("admin"),
        method="POST",
    ),
    Route(
        "officer.subject_access_account",
        "/officer/subject-access/accounts/999999/download",
        staff("admin", status=404),
        method="POST",
        why="no such person",
    ),
    Route(
        "officer.subject_access_record",
        "/officer/subject-access/records/download",
        staff("admin", status=404),
        method="POST",
        why="no search, so no such record",
    ),
    Route(
        "officer.deactivate",
        "/officer/people/999999/deactivate",
        staff("admin", status=404),
        method="POST",
        why="no such person",
    ),
]

# --- email: reset and confirmation links, choices, unsubscribe, the outbox (admins).
# Links that were never issued get the "link does not work" page (400) or 404.
NOTIFICATION_ROWS: list[Route] = [
    Route("recovery.forgot_password", "/auth/forgot-password", everyone(200)),
    Route("recovery.forgot_password", "/auth/forgot-password", everyone(400), method="POST"),
    Route("recovery.reset_password", "/auth/reset-password/not-issued", everyone(400)),
    Route(
        "recovery.reset_password", "/auth/reset-password/not-issued", everyone(400), method="POST"
    ),
    Route("recovery.verify_email", "/auth/verify-email/not-issued", everyone(400)),
    Route("recovery.verify_email", "/auth/verify-email/not-issued", everyone(400), method="POST"),
    Route("recovery.resend_verification", "/auth/verify-email", signed_in(303), method="POST"),
    Route("notifications.preferences", "/account/notifications", signed_in(200)),
    Route("notifications.preferences", "/account/notifications", signed_in(400), method="POST"),
    Route(
        "notifications.unsubscribe",
        "/notifications/unsubscribe/{unsubscribe_token}",
        everyone(200),
        why="the signed link is the key: no sign-in",
    ),
    Route(
        "notifications.unsubscribe",
        "/notifications/unsubscribe/{unsubscribe_token}",
        everyone(200),
        method="POST",
        why="RFC 8058 one-click: no sign-in, no CSRF token",
    ),
    Route(
        "notifications.unsubscribe",
        "/notifications/unsubscribe/forged",
        everyone(404),
        method="POST",
        why="a token that was not signed by the site",
    ),
    Route("notifications.outbox", "/officer/outbox", staff("admin")),
    Route(
        "notifications.retry",
        "/officer/outbox/retry",
        staff("admin", status=303),
        method="POST",
        why="nothing has failed: nothing changes",
    ),
]

# --- exports, the learning log (officers and admins) and the open-data API (everyone).
EXPORT = OPEN + "/export"
API = "/api/v1/consultations"
EXPORT_ROWS: list[Route] = [
    Route("exports.export", EXPORT, OFFICER),
    Route(
        "exports.export",
        EXPORT,
        staff("officer", status=400),
        method="POST",
        data={"format": "csv", "personal": "y"},
        why="personal data without a reason is refused",
    ),
    Route(
        "exports.export",
        "/officer/consultations/999999/export",
        staff("officer", status=404),
        why="no such consultation",
    ),
    Route("learning.index", "/officer/learning", OFFICER),
    Route("learning.index", "/officer/learning?q=library&tag=young+people", OFFICER),
    Route("learning.export", "/officer/learning/export.csv", OFFICER),
    Route("learning.evaluation", PUBLISHED + "/evaluation", OFFICER),
    Route(
        "learning.evaluation",
        PUBLISHED + "/evaluation",
        staff("officer", status=400),
        method="POST",
    ),
    Route(
        "learning.evaluation",
        OPEN + "/evaluation",
        staff("officer", status=409),
        why="an evaluation waits for the published outcome",
    ),
    Route("api.consultations", API, everyone(200)),
    Route("api.comments", API + "/{closed_slug}/comments", everyone(200)),
    Route("api.comments", API + "/{closed_slug}/comments.csv", everyone(200)),
    Route(
        "api.comments",
        API + "/{closed_slug}/comments?format=xml",
        everyone(400),
        why="an unknown format is refused",
    ),
    Route(
        "api.comments",
        API + "/{slug}/comments",
        everyone(403),
        why="an open consultation's comments are not open data yet",
    ),
    Route(
        "api.comments",
        API + "/{draft_slug}/comments",
        everyone(404),
        why="drafts are not public",
    ),
]

# --- plugin switches: officers and admins. This table's app loads no plugin, so
# every name is unknown; tests/test_plugin_switching.py covers real plugins.
PLUGINS = "/officer/plugins/nosuchplugin"
PLUGIN_ROWS = [
    Route("plugins.index", "/officer/plugins/", OFFICER),
    Route("plugins.detail", PLUGINS, staff("officer", status=404), why="no such plugin"),
    Route(
        "plugins.switch",
        PLUGINS + "/enable",
        staff("officer", status=404),
        method="POST",
        why="no such plugin",
    ),
    Route(
        "plugins.settings",
        PLUGINS + "/settings",
        staff("officer", status=404),
        method="POST",
        why="no such plugin",
    ),
    Route(
        "plugins.consultation_switch",
        PLUGINS + "/consultations",
        staff("officer", status=404),
        method="POST",
        why="no such plugin",
    ),
]

TABLE: list[Route] = [
    # --- main: public pages and health checks
    Route("main.home", "/", everyone(200)),
    Route("main.accessibility", "/accessibility", everyone(200)),
    Route("main.privacy", "/privacy", everyone(200)),
    Route("main.healthz", "/healthz", everyone(200)),
    Route("main.readyz", "/readyz", everyone(200)),
    Route("static", "/static/images/favicon.svg", everyone(200)),
    Route("static", "/static/../consultation/config.py", everyone(404), why="no path traversal"),
    # --- auth
    Route("auth.login", "/auth/login", signed_out(200)),
    Route("auth.login", "/auth/login", signed_out(400), method="POST"),
    Route("auth.register", "/auth/register", signed_out(200)),
    Route("auth.register", "/auth/register", signed_out(400), method="POST"),
    Route("auth.logout", "/auth/logout", signed_in(302), method="POST"),
    # --- consultations: reading is public, posting needs an account
    Route("consultations.consultation", "/consultations/{slug}", everyone(200)),
    Route(
        "consultations.consultation",
        "/consultations/{draft_slug}",
        everyone(404),
        why="drafts are not public",
    ),
    Route("consultations.thread", THREAD, everyone(200)),
    Route(
        "consultations.thread",
        "/consultations/{draft_slug}/threads/{draft_thread_id}",
        everyone(404),
        why="a draft's questions are not public",
    ),
    Route(
        "consultations.thread",
        "/consultations/{slug}/threads/{other_thread_id}",
        everyone(404),
        why="a question belongs to one consultation",
    ),
    # Signed out while writing (401): the page comes back with the text to copy.
    Route("consultations.post", THREAD + "/comments", signed_in(400, anonymous=401), method="POST"),
    Route(
        "consultations.post",
        "/consultations/{closed_slug}/threads/{closed_thread_id}/comments",
        signed_in(409, anonymous=401),
        method="POST",
        data={"body": "Too late?"},
        why="a closed consultation takes no comments",
    ),
    Route(
        "consultations.post",
        "/consultations/{draft_slug}/threads/{draft_thread_id}/comments",
        signed_in(404),
        method="POST",
        data={"body": "Too early?"},
        why="a draft takes no comments",
    ),
    Route("consultations.reply", REPLY, signed_in(200)),
    Route("consultations.reply", REPLY, signed_in(400, anonymous=401), method="POST"),
    Route(
        "consultations.reply",
        THREAD + "/comments/{pending_id}/reply",
        signed_in(404),
        why="only published comments take replies",
    ),
    Route(
        "consultations.reply",
        "/consultations/{slug}/threads/{other_thread_id}/comments/{comment_id}/reply",
        signed_in(404),
        why="the comment must belong to the question in the URL",
    ),
    Route(
        "consultations.reply",
        THREAD + "/comments/{reply_id}/reply",
        signed_in(302),
        why="replies are one level deep: a reply to a reply goes to its parent",
    ),
    # --- account: a person's own pages
    Route("account.index", "/account/", signed_in(200)),
    Route("account.comments", "/account/comments", signed_in(200)),
    # --- data rights: a person's own data; erasure for residents (others ask an admin)
    Route("account.data", "/account/data", signed_in(200)),
    Route("account.data_download", "/account/data/download", signed_in(200)),
    Route("account.delete", "/account/delete", signed_in(200)),
    Route(
        "account.delete",
        "/account/delete",
        {**staff("resident", status=400), "admin": 403},
        method="POST",
        why="no password: nothing is erased; accounts with a council role ask an admin",
    ),
    # --- the decision trail: a comment's permanent address
    Route("consultations.comment", "/consultations/{slug}/comments/{comment_id}", everyone(303)),
    Route(
        "consultations.comment",
        "/consultations/{slug}/comments/{pending_id}",
        everyone(404),
        why="a comment awaiting moderation is only its author's",
    ),
    Route(
        "consultations.comment",
        "/consultations/{closed_slug}/comments/{comment_id}",
        everyone(404),
        why="a comment belongs to one consultation",
    ),
    *OFFICER_ROWS,
    *PLUGIN_ROWS,
    *NOTIFICATION_ROWS,
    *EXPORT_ROWS,
]


@pytest.fixture
def values(app) -> dict:
    """Ids and slugs the table's URLs need; add yours here when a new row needs a record."""
    return core_values() | officer_values() | notification_values()


def notification_values() -> dict:
    """A genuine unsubscribe link of a resident (for the email rows)."""
    from consultation.notifications.rendering import unsubscribe_token
    from consultation.testing.factories import make_user

    return {"unsubscribe_token": unsubscribe_token(make_user().id, "comment_reply")}


def test_every_route_of_the_app_has_a_row_in_the_access_table(app):
    missing = missing_rows(app, TABLE)
    assert missing == [], "Add a Route(...) row to TABLE in tests/test_access.py for: " + ", ".join(
        missing
    )


def test_no_row_names_a_route_the_app_does_not_have(app):
    assert unknown_rows(app, TABLE) == []


def test_each_role_gets_the_answer_the_access_table_expects(app, values):
    people = make_people()
    mismatches = access_mismatches(app, TABLE, people, values)
    assert mismatches == [], "\n" + "\n".join(mismatches)


def test_signed_out_visitor_sent_to_sign_in_comes_back_to_the_page_they_wanted(client, values):
    from consultation.testing.factories import make_user

    reply_url = REPLY.format(**values)
    response = client.get(reply_url)
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url.startswith("/auth/login?next=")

    person = make_user()
    response = client.submit(login_url, {"email": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == reply_url
