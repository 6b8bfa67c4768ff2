"""Another site cannot post forms in a person's name: every POST needs its CSRF token.

The routes come from the app's URL map, so a new form is covered the day it
is added; their URLs come from the access table (tests/test_access.py).
"""

from __future__ import annotations

import pytest
from officer_helpers import officer_values
from sqlalchemy import func, select
from test_access import TABLE

from consultation.audit.models import AuditEvent
from consultation.auth.models import User
from consultation.comments.models import Comment
from consultation.extensions import db
from consultation.recovery import endpoints_keeping_text
from consultation.testing.access import client_as, core_values
from consultation.testing.factories import PASSWORD, make_user
from consultation.testing.html import error_summary, field_values, kept_text, page_text

#: What a person had typed when the token was refused.
TYPED = {
    "body": "My considered view, written over a long evening.",
    "email": "kept@example.org",
    "display_name": "Kept Name",
    "password": PASSWORD,
}


#: Endpoints deliberately exempt from CSRF, each with the reason and the test that
#: proves what protects it instead. A new exemption fails the test below until listed.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail providers POST with no session or form token;
    # the signed token in the URL authenticates it (tests/notifications/test_email_choices.py).
    "notifications.unsubscribe",
}


def post_routes(app) -> list[str]:
    """Every endpoint of the app that accepts POST and must carry a CSRF token."""
    return sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if "POST" in (rule.methods or ()) and rule.endpoint not in CSRF_EXEMPT
        }
    )


def test_only_the_listed_endpoints_are_exempt_from_csrf(app):
    from consultation.extensions import csrf

    exempt = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if f"{view.__module__}.{view.__name__}" in csrf._exempt_views
    }
    assert exempt == CSRF_EXEMPT


def url_for_row(endpoint: str, values: dict) -> str:
    rows = [r for r in TABLE if r.endpoint == endpoint and r.method == "POST"]
    assert rows, f"{endpoint} has no POST row in tests/test_access.py"
    main = next((r for r in rows if not r.why), rows[0])
    return main.url.format(**values)


def stored_counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count(Comment.id))),
        db.session.scalar(select(func.count(User.id))),
        db.session.scalar(select(func.count(AuditEvent.id))),
    )


@pytest.mark.parametrize("who", ["signed out", "signed in"])
@pytest.mark.parametrize("token", ["missing", "forged"])
def test_every_post_route_refuses_a_form_without_its_csrf_token(app, who, token):
    values = core_values() | officer_values()
    person = make_user()
    before = stored_counts()
    problems = []
    for endpoint in post_routes(app):
        client = client_as(app, person if who == "signed in" else None)
        data = dict(TYPED)
        if token == "forged":
            data["csrf_token"] = "IjEyMyI.forged.token"
        response = client.post(url_for_row(endpoint, values), data=data)
        html = response.get_data(as_text=True)
        if response.status_code != 400:
            problems.append(f"{endpoint}: answered {response.status_code}, not 400")
            continue
        if endpoint in endpoints_keeping_text():
            kept = kept_text(html) & set(TYPED.values()) - {PASSWORD}
            if not kept:
                problems.append(f"{endpoint}: the form came back without the text typed")
            if not error_summary(html):
                problems.append(f"{endpoint}: no error summary says what went wrong")
        elif "expired" not in page_text(html):
            problems.append(f"{endpoint}: the page does not say the form expired")
    assert problems == []
    assert stored_counts() == before, "a refused form stored something"


def test_a_signed_in_comment_without_token_keeps_the_comment_and_says_why(client):
    values = core_values() | officer_values()
    person = make_user()
    client.login(person.email)
    url = url_for_row("consultations.post", values)
    response = client.post(url, data={"body": TYPED["body"], "submission_token": "tok-csrf"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_values(html)["body"] == TYPED["body"]
    assert field_values(html)["submission_token"] == "tok-csrf"
    assert any("We kept what you typed" in message for message in error_summary(html))


def test_a_form_for_a_page_that_is_gone_still_gets_a_plain_answer(client):
    values = core_values() | officer_values()
    person = make_user()
    client.login(person.email)
    url = "/consultations/{draft_slug}/threads/{draft_thread_id}/comments".format(**values)
    response = client.post(url, data={"body": "Written for a draft"})
    assert response.status_code == 400
    assert "Your form expired" in page_text(response.get_data(as_text=True))
