"""The offline channel plugin installs like any other: listed, off, then switched on."""

import json

import pytest

from consultation.testing.factories import make_user


@pytest.mark.plugins("offline_channel", enabled=False)
def test_offline_channel_is_listed_and_off_until_an_officer_switches_it_on(client, runner):
    listed = json.loads(runner.invoke(args=["plugins", "list", "--json"]).stdout)
    assert [(p["name"], p["enabled"], p["migrations_current"]) for p in listed] == [
        ("offline_channel", False, True)
    ]
    make_user("assisted_digital", email="staff@example.org")
    client.login("staff@example.org")
    assert client.get("/offline/").status_code == 404

    result = runner.invoke(args=["plugins", "enable", "offline_channel"])
    assert result.exit_code == 0, result.output
    assert client.get("/offline/").status_code == 200


@pytest.mark.plugins("offline_channel")
def test_offline_channel_pages_are_for_their_role_only(client):
    make_user("resident", email="resident@example.org")
    client.login("resident@example.org")
    assert client.get("/offline/").status_code == 403
