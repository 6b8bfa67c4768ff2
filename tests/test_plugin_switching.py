"""Officers switch plugins on and off at run time: every worker agrees on the next request."""

import json

import pytest
from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.extensions import db
from consultation.plugin_api import Plugin
from consultation.plugin_system.models import PluginConsultationState, PluginState
from consultation.testing.factories import make_consultation, make_user

FRAGMENT = "When will the library open on Sundays?"


def _with_a_question(consultation):
    from consultation_faq.services import add_entry

    add_entry(consultation, FRAGMENT, "From *April*, 10am to 4pm.")


def _officer(app, email="officer@example.org"):
    make_user("officer", email=email)
    client = app.test_client()
    client.login(email)
    return client


def _switch(client, name, action):
    return client.submit(f"/officer/plugins/{name}/{action}", page="/officer/plugins/")


def _sees(client, consultation):
    """(FAQ page status, fragment on the consultation page?) as a resident sees them."""
    status = client.get(f"/faq/{consultation.slug}").status_code
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    return status, FRAGMENT in page


@pytest.mark.plugins("faq", enabled=False)
def test_officer_enables_uses_disables_and_re_enables_a_plugin_without_restart(app):
    consultation = make_consultation("open")
    _with_a_question(consultation)
    officer, resident = _officer(app), app.test_client()

    assert _sees(resident, consultation) == (404, False)  # new plugins start switched off
    assert _switch(officer, "faq", "enable").status_code == 302
    assert _sees(resident, consultation) == (200, True)
    assert _switch(officer, "faq", "disable").status_code == 302
    assert _sees(resident, consultation) == (404, False)
    assert _switch(officer, "faq", "enable").status_code == 302
    assert _sees(resident, consultation) == (200, True)

    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type == "plugin")
    ).all()
    assert actions == ["plugin.enable", "plugin.disable", "plugin.enable"]


@pytest.mark.plugins("faq", enabled=False)
def test_two_app_instances_sharing_a_database_agree_on_the_next_request(app, make_app):
    consultation = make_consultation("open")
    _with_a_question(consultation)
    other_worker = make_app()
    officer, resident = _officer(app), other_worker.test_client()

    assert _sees(resident, consultation) == (404, False)
    _switch(officer, "faq", "enable")
    assert _sees(resident, consultation) == (200, True)
    _switch(officer, "faq", "disable")
    assert _sees(resident, consultation) == (404, False)
    _switch(officer, "faq", "enable")
    assert _sees(resident, consultation) == (200, True)


@pytest.mark.plugins("faq", enabled=False)
def test_a_plugin_switched_on_for_one_consultation_only(app):
    chosen, other = make_consultation("open"), make_consultation("open")
    _with_a_question(chosen)
    _with_a_question(other)
    officer = _officer(app)
    page = "/officer/plugins/faq"

    response = officer.submit(
        f"{page}/consultations", {"consultation_id": str(chosen.id), "state": "on"}, page=page
    )
    assert response.status_code == 302
    resident = app.test_client()
    assert _sees(resident, chosen) == (200, True)
    assert _sees(resident, other) == (404, False)

    officer.submit(
        f"{page}/consultations", {"consultation_id": str(chosen.id), "state": "site"}, page=page
    )
    assert _sees(resident, chosen) == (404, False)
    assert db.session.scalars(select(PluginConsultationState)).all() == []
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions[-2:] == ["plugin.enable_for_consultation", "plugin.follow_site"]


@pytest.mark.plugins("faq", enabled=False)
def test_the_per_consultation_form_says_what_is_missing_and_keeps_the_choice(app):
    consultation = make_consultation("open", title="Library hours")
    officer = _officer(app)
    page = "/officer/plugins/faq"
    response = officer.submit(
        f"{page}/consultations", {"consultation_id": str(consultation.id)}, page=page
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Select whether the plugin is on or off" in html
    assert f'value="{consultation.id}" selected' in html
    assert db.session.scalars(select(PluginConsultationState)).all() == []


@pytest.mark.plugins("faq", enabled=False)
def test_switching_twice_stores_and_audits_one_change(app):
    officer = _officer(app)
    _switch(officer, "faq", "enable")
    _switch(officer, "faq", "enable")  # a double click
    assert db.session.get(PluginState, "faq").enabled
    assert len(db.session.scalars(select(AuditEvent)).all()) == 1


@pytest.mark.plugins("faq", enabled=False)
def test_plugin_pages_are_for_officers_and_switches_need_a_csrf_token(app):
    make_user(email="resident@example.org")
    resident = app.test_client()
    resident.login("resident@example.org")
    assert resident.get("/officer/plugins/").status_code == 403
    assert _switch(resident, "faq", "enable").status_code == 403
    assert app.test_client().get("/officer/plugins/").status_code == 302  # sign in first

    officer = _officer(app)
    assert officer.post("/officer/plugins/faq/enable").status_code == 400  # no CSRF token
    assert _switch(officer, "nonexistent", "enable").status_code == 404
    assert not db.session.get(PluginState, "faq")


class Behind(Plugin):
    """A plugin whose one revision the test database has not applied."""

    name = "behind"

    def migrations_path(self):
        from pathlib import Path

        return Path(__file__).parent / "data" / "plugin_behind_migrations"


def test_a_plugin_whose_migrations_are_behind_cannot_be_switched_on(plugin_app):
    app = plugin_app(Behind(), enabled=False)
    officer = _officer(app)
    listing = officer.get("/officer/plugins/").get_data(as_text=True)
    assert "Migrations behind" in listing

    response = _switch(officer, "behind", "enable")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "database tables are out of date" in html and "behind_0001" in html
    assert "flask db upgrade heads" in html
    assert (
        db.session.get(PluginState, "behind") is None
        or not db.session.get(PluginState, "behind").enabled
    )

    result = app.test_cli_runner().invoke(args=["plugins", "enable", "behind"])
    assert result.exit_code == 1 and "out of date" in result.output


@pytest.mark.plugins("faq", enabled=False)
def test_the_command_line_lists_and_switches_plugins(app, runner):
    consultation = make_consultation("open", slug="library-hours")

    listed = json.loads(runner.invoke(args=["plugins", "list", "--json"]).stdout)
    assert [
        {key: entry[key] for key in ("name", "version", "enabled", "migrations_current")}
        for entry in listed
    ] == [{"name": "faq", "version": "1.0.0", "enabled": False, "migrations_current": True}]

    result = runner.invoke(args=["plugins", "enable", "faq", "--consultation", "library-hours"])
    assert result.exit_code == 0 and "faq enabled for library-hours" in result.output
    result = runner.invoke(args=["plugins", "enable", "faq"])
    assert result.exit_code == 0 and "faq enabled." in result.output
    listed = json.loads(runner.invoke(args=["plugins", "list", "--json"]).stdout)
    assert listed[0]["enabled"] is True
    assert listed[0]["enabled_for"] == [consultation.slug]

    assert runner.invoke(args=["plugins", "disable", "faq"]).exit_code == 0
    listed = json.loads(runner.invoke(args=["plugins", "list", "--json"]).stdout)
    assert listed[0]["enabled"] is False
    result = runner.invoke(args=["plugins", "enable", "nope"])
    assert result.exit_code == 1 and "No installed plugin is called nope" in result.output
    result = runner.invoke(args=["plugins", "enable", "faq", "--consultation", "missing"])
    assert result.exit_code == 1 and "No consultation has the slug 'missing'" in result.output
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.details["via"]) for e in events] == [
        ("plugin.enable_for_consultation", "cli"),
        ("plugin.enable", "cli"),
        ("plugin.disable", "cli"),
    ]
