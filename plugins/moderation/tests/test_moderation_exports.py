"""Moderation's export columns: each comment's last moderation event and the rule behind it."""

import csv
import io

import pytest
from moderation_support import open_thread
from sqlalchemy import select

from consultation.exports.cells import restore
from consultation.plugin_api import db
from consultation.plugin_system.services import save_settings, set_enabled
from consultation.testing.factories import make_comment, make_user

pytestmark = pytest.mark.plugins("moderation")

OFFICER = "officer@moderation-exports.example.org"


def export(client, consultation) -> list[dict[str, str]]:
    url = f"/officer/consultations/{consultation.id}/export"
    response = client.submit(url, {"format": "csv"}, page=url)
    assert response.status_code == 200, response.text[:1000]
    text = response.get_data().decode("utf-8-sig")
    return [{k: restore(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def test_held_comments_show_the_decision_and_rule(client):
    from consultation_moderation.models import ModerationDecision, ModerationItem

    save_settings("moderation", {"moderation_mode": "pre"})
    consultation, thread = open_thread()
    author = make_user(email="author@moderation-exports.example.org")
    held = make_comment(thread, author, "Please open the library on Sundays.")
    make_user("officer", email=OFFICER)
    client.login(OFFICER)

    rows = {int(r["Response id"]): r for r in export(client, consultation)}

    item = db.session.scalar(select(ModerationItem).where(ModerationItem.comment_id == held.id))
    last = db.session.scalars(
        select(ModerationDecision.action)
        .where(ModerationDecision.comment_id == held.id)
        .order_by(ModerationDecision.decided_at, ModerationDecision.id)
    ).all()[-1]
    assert rows[held.id]["Status"] == "pending"
    assert rows[held.id]["Moderation decision"] == last == "held"
    assert rows[held.id]["Moderation rule"] == (item.rule or "")


def test_switched_off_its_columns_are_absent(client):
    consultation, thread = open_thread()
    make_comment(thread, make_user(email="a@moderation-exports.example.org"), "Fine words.")
    set_enabled("moderation", False)
    db.session.commit()
    make_user("officer", email=OFFICER)
    client.login(OFFICER)

    [row] = export(client, consultation)

    assert "Moderation decision" not in row and "Moderation rule" not in row
