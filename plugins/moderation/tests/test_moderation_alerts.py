"""Time targets: overdue items stand out, officers see the count, moderators are emailed once."""

from datetime import timedelta

import pytest
from consultation_moderation.alerts import send_overdue_alert
from moderation_support import item_of, open_thread, people, text
from sqlalchemy import update

from consultation.notifications.sender import send_due
from consultation.plugin_api import db, utcnow
from consultation.plugin_system.services import save_settings
from consultation.testing.factories import make_comment

pytestmark = pytest.mark.plugins("moderation")


def age(comment, hours):
    """Pretend the comment has waited `hours`."""
    from consultation_moderation.models import ModerationItem

    db.session.execute(
        update(ModerationItem)
        .where(ModerationItem.comment_id == comment.id)
        .values(entered_at=utcnow() - timedelta(hours=hours))
    )
    db.session.commit()


@pytest.fixture
def waiting():
    save_settings("moderation", {"moderation_mode": "pre"})
    cast = people()
    _consultation, thread = open_thread()
    old = make_comment(thread, cast.author, "Waited a day and more.")
    new = make_comment(thread, cast.author, "Just arrived.")
    age(old, 30)
    return cast, old, new


def test_items_past_the_target_are_highlighted_and_counted(client, waiting):
    cast, old, _new = waiting
    client.login(cast.moderator.email)

    queue = text(client.get("/moderation/"))
    overdue_only = text(client.get("/moderation/?state=overdue"))

    assert "2 comments are waiting." in queue
    assert "1 is past the 24-hour target." in queue
    assert queue.count("Overdue") == 1
    assert "Waited a day and more." in overdue_only and "Just arrived." not in overdue_only
    assert "The oldest has waited 1 day 6 hours" in queue
    client.logout()
    client.login(cast.officer.email)
    dashboard = text(client.get("/officer/"))
    assert "2 comments waiting for a moderator, 1 past the 24-hour target" in dashboard


def test_the_target_is_a_setting(client, waiting):
    cast, _old, _new = waiting
    save_settings("moderation", {"moderation_target_hours": 48})
    client.login(cast.moderator.email)

    queue = text(client.get("/moderation/"))
    assert "2 comments are waiting." in queue
    assert "past the 48-hour target" not in queue and "Overdue" not in queue


def test_moderators_are_emailed_once_when_an_item_passes_the_target(
    client, mailbox, runner, waiting
):
    cast, _old, new = waiting
    told = [cast.moderator, cast.second_moderator]  # two moderators to tell
    assert len(told) == 2
    assert item_of(new).alerted_at is None

    result = runner.invoke(args=["moderation", "alert"])
    assert result.exit_code == 0, result.output
    assert "Told 2 moderator(s)" in result.output
    again = runner.invoke(args=["moderation", "alert"])
    assert "nobody was emailed" in again.output

    send_due()
    delivered = mailbox.wait_for(2)
    assert sorted(m.to for m in delivered) == ["mod2@example.org", "mod@example.org"]
    assert "1 comment has waited longer than 24 hours for moderation" in delivered[0].subject
    assert "http://localhost/moderation/?state=overdue" in delivered[0].links()

    age(new, 25)  # a second item passes the target: one more alert, about it
    assert send_overdue_alert() == 2
    assert send_overdue_alert() == 0


def test_the_alert_command_refuses_while_the_plugin_is_off(runner, waiting):
    from consultation.plugin_system.services import set_enabled

    set_enabled("moderation", False, via="test")
    result = runner.invoke(args=["moderation", "alert"])
    assert result.exit_code != 0
    assert "switched off" in result.output
