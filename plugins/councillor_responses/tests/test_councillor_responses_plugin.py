"""The councillor responses plugin installs like any other: listed, off, then switched on."""

import json

import pytest

from consultation.testing.factories import make_user


@pytest.mark.plugins("councillor_responses", enabled=False)
def test_councillor_responses_is_listed_and_off_until_an_officer_switches_it_on(client, runner):
    listed = json.loads(runner.invoke(args=["plugins", "list", "--json"]).stdout)
    assert [(p["name"], p["enabled"], p["migrations_current"]) for p in listed] == [
        ("councillor_responses", False, True)
    ]
    make_user("councillor", email="staff@example.org")
    client.login("staff@example.org")
    assert client.get("/councillor-responses/").status_code == 404

    result = runner.invoke(args=["plugins", "enable", "councillor_responses"])
    assert result.exit_code == 0, result.output
    assert client.get("/councillor-responses/").status_code == 200


@pytest.mark.plugins("councillor_responses")
def test_councillor_responses_pages_are_for_their_role_only(client):
    make_user("resident", email="resident@example.org")
    client.login("resident@example.org")
    assert client.get("/councillor-responses/").status_code == 403


@pytest.mark.plugins("councillor_responses")
def test_demo_requests_need_the_demo_site_and_are_added_once(app, runner):
    from consultation_councillor_responses.models import ResponseRequest
    from sqlalchemy import func, select

    from consultation.demo import seed_demo
    from consultation.plugin_api import db

    refused = runner.invoke(args=["councillor-responses", "seed-demo"])
    assert refused.exit_code != 0 and "run `flask seed-demo`" in refused.output

    seed_demo("Consult-demo-2026")
    first = runner.invoke(args=["councillor-responses", "seed-demo"])
    again = runner.invoke(args=["councillor-responses", "seed-demo"])
    assert (first.output, again.output) == (
        "2 demo request(s) added.\n",
        "0 demo request(s) added.\n",
    )
    assert db.session.scalar(select(func.count(ResponseRequest.id))) == 2
