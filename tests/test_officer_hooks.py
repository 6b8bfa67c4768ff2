"""Plugins hear a consultation open, close and get its outcome: once each, after commit."""

from __future__ import annotations

from datetime import timedelta

from officer_helpers import clock_at

from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome
from consultation.plugin_api import Plugin, hookimpl
from consultation.testing.factories import make_consultation, make_thread, make_user


class Listener(Plugin):
    """Writes down the lifecycle hooks it hears, with the state stored at that moment."""

    name = "lifecycle_listener"

    def __init__(self) -> None:
        self.heard: list[tuple] = []

    @hookimpl
    def consultation_opened(self, consultation):
        self.heard.append(("consultation_opened", consultation.slug, consultation.status))

    @hookimpl
    def consultation_closed(self, consultation):
        self.heard.append(("consultation_closed", consultation.slug, consultation.status))

    @hookimpl
    def outcome_published(self, consultation, outcome):
        self.heard.append(("outcome_published", consultation.slug, outcome.decision))


def _officer_client(app):
    officer = make_user("officer", email="olu@example.org")
    client = app.test_client()
    client.login(officer.email)
    return client


def test_officers_opening_closing_and_publishing_are_each_heard_once(plugin_app):
    listener = Listener()
    app = plugin_app(listener)
    client = _officer_client(app)
    consultation = make_consultation("scheduled", slug="bins", decision_maker="Cabinet")
    make_thread(consultation)
    manage = f"/officer/consultations/{consultation.id}"

    assert client.submit(f"{manage}/open", page=manage).status_code == 303
    assert client.submit(f"{manage}/open", page=manage).status_code == 303  # a double click
    close = {"reason": "The proposal was withdrawn."}
    assert client.submit(f"{manage}/close", close, page=manage).status_code == 303
    db.session.add(
        Outcome(
            consultation_id=consultation.id,
            decision="Withdrawn.",
            decision_maker="Cabinet",
            decision_date=utcnow().date(),
            we_did="Nothing changes.",
        )
    )
    db.session.commit()
    assert client.submit(f"{manage}/outcome/publish", page=manage).status_code == 303

    assert listener.heard == [
        ("consultation_opened", "bins", "open"),
        ("consultation_closed", "bins", "closed"),
        ("outcome_published", "bins", "Withdrawn."),
    ]


def test_a_refused_transition_tells_plugins_nothing(plugin_app):
    listener = Listener()
    app = plugin_app(listener)
    client = _officer_client(app)
    consultation = make_consultation("open")
    manage = f"/officer/consultations/{consultation.id}"
    assert client.submit(f"{manage}/outcome/publish", page=manage).status_code == 409
    assert client.submit(f"{manage}/schedule", page=manage).status_code == 409
    assert listener.heard == []


def test_the_clock_tells_plugins_once_however_often_cron_runs(plugin_app):
    listener = Listener()
    app = plugin_app(listener)
    now = utcnow()
    make_consultation(
        "scheduled",
        slug="parks",
        opens_at=now + timedelta(hours=1),
        closes_at=now + timedelta(hours=2),
    )
    runner = app.test_cli_runner()
    with clock_at(now + timedelta(hours=1, minutes=1)):
        runner.invoke(args=["consultations", "tick"])
        runner.invoke(args=["consultations", "tick"])
    with clock_at(now + timedelta(hours=3)):
        runner.invoke(args=["consultations", "tick"])
        runner.invoke(args=["consultations", "tick"])
    assert listener.heard == [
        ("consultation_opened", "parks", "open"),
        ("consultation_closed", "parks", "closed"),
    ]
