"""The moderation plugin installs like any other: listed, off, then switched on."""

import json

import pytest

from consultation.testing.factories import make_user


@pytest.mark.plugins("moderation", enabled=False)
def test_moderation_is_listed_and_off_until_an_officer_switches_it_on(client, runner):
    listed = json.loads(runner.invoke(args=["plugins", "list", "--json"]).stdout)
    assert [(p["name"], p["enabled"], p["migrations_current"]) for p in listed] == [
        ("moderation", False, True)
    ]
    make_user("moderator", email="staff@example.org")
    client.login("staff@example.org")
    assert client.get("/moderation/").status_code == 404

    result = runner.invoke(args=["plugins", "enable", "moderation"])
    assert result.exit_code == 0, result.output
    assert client.get("/moderation/").status_code == 200


@pytest.mark.plugins("moderation")
def test_moderation_pages_are_for_their_role_only(client):
    make_user("resident", email="resident@example.org")
    client.login("resident@example.org")
    assert client.get("/moderation/").status_code == 403
