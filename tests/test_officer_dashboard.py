"""The officer dashboard: states with responses, closing soon, outcomes due, my team first."""

from __future__ import annotations

from datetime import timedelta

from consultation.comments.models import CommentStatus
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome
from consultation.testing.factories import make_comment, make_consultation, make_thread, make_user
from consultation.testing.html import by_id, elements, local_name, text_of


def _titles(html: str, table_id: str) -> list[str]:
    """The consultation titles listed in one of the dashboard's tables, in order."""
    table = by_id(html, table_id)
    if table is None:
        return []
    body = next(e for e in elements(table) if local_name(e.tag) == "tbody")
    return [text_of(next(iter(row.iter("a")))) for row in body]


def test_dashboard_puts_what_needs_attention_and_my_teams_work_first(client):
    now = utcnow()
    officer = make_user("officer", email="olu@example.org")
    officer.team = "policy"
    db.session.commit()
    soon = make_consultation(
        "open", title="Bins", owning_team="policy", closes_at=now + timedelta(days=3)
    )
    make_consultation(
        "open", title="Parks", owning_team="engagement", closes_at=now + timedelta(days=2)
    )
    make_consultation("open", title="Roads", owning_team="engagement")
    due = make_consultation(
        "closed", title="Parking", decision_due=(now - timedelta(days=1)).date()
    )
    decided = make_consultation(
        "closed", title="Lighting", decision_due=(now - timedelta(days=1)).date()
    )
    db.session.add(Outcome(consultation_id=decided.id, published_at=now))
    make_consultation("closed", title="Trees", decision_due=(now + timedelta(days=9)).date())
    make_consultation("draft", title="Libraries", owning_team="policy")
    thread = make_thread(soon)
    resident = make_user(email="sam@example.org")
    for n in range(3):
        make_comment(thread, resident, f"Comment {n}")
    refused = make_comment(thread, resident, "Refused")
    refused.status = CommentStatus.REJECTED
    db.session.commit()
    assert due and decided

    client.login(officer.email)
    html = client.get("/officer/").get_data(as_text=True)
    assert _titles(html, "closing-soon") == ["Bins", "Parks"]  # my team's first
    assert _titles(html, "outcomes-due") == ["Parking"]
    assert _titles(html, "my-team") == ["Bins", "Libraries"]
    assert _titles(html, "state-open") == ["Bins", "Parks", "Roads"]
    bins = next(
        row
        for row in elements(by_id(html, "state-open"))
        if "Bins" in text_of(row) and local_name(row.tag) == "tr"
    )
    assert text_of(list(bins)[-1]) == "3"  # the refused comment is not a response


def test_officers_reach_plugins_from_the_dashboard_and_admins_the_outbox_too(client):
    make_user("officer", email="plugins-officer@example.org")
    make_user("admin", email="outbox-admin@example.org")

    client.login("plugins-officer@example.org")
    page = client.get("/officer/").get_data(as_text=True)
    assert 'href="/officer/plugins/"' in page
    assert 'href="/officer/outbox"' not in page
    client.logout()

    client.login("outbox-admin@example.org")
    page = client.get("/officer/").get_data(as_text=True)
    assert 'href="/officer/plugins/"' in page and 'href="/officer/outbox"' in page
