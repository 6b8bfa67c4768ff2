"""Consultations open and close by the server's clock, shown in UK time.

A scheduled consultation opens when its opening time passes and an open one
closes when its closing time passes, with no one pressing a button; a closed
consultation shows no comment form and says when it closed; every time is
shown in Europe/London, summer time included.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from consultation.comments.models import Comment
from consultation.consultations.models import Lifecycle
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome
from consultation.testing.factories import make_consultation, make_thread, make_user
from consultation.testing.html import error_summary, field_values, page_text


def thread_url(thread) -> str:
    return f"/consultations/{thread.consultation.slug}/threads/{thread.id}"


def test_the_lifecycle_follows_the_clock_not_the_stored_step(app):
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    consultation = make_consultation(
        "scheduled", now=now, opens_at=now + timedelta(hours=1), closes_at=now + timedelta(days=7)
    )
    assert consultation.state(now) is Lifecycle.SCHEDULED
    assert consultation.state(now + timedelta(hours=1)) is Lifecycle.OPEN
    assert consultation.state(now + timedelta(days=7)) is Lifecycle.CLOSED
    assert consultation.status == Lifecycle.SCHEDULED  # nothing had to be written
    draft = make_consultation("draft", now=now, opens_at=now - timedelta(days=1))
    assert draft.state(now) is Lifecycle.DRAFT  # a draft never opens by itself


def test_a_scheduled_consultation_takes_comments_once_its_opening_time_has_passed(client):
    thread = make_thread(
        make_consultation(
            "scheduled",
            opens_at=utcnow() - timedelta(minutes=1),
            closes_at=utcnow() + timedelta(days=7),
        )
    )
    client.login(make_user().email)
    page = client.get(thread_url(thread)).get_data(as_text=True)
    assert "This consultation is open." in page_text(page)
    assert "body" in field_values(page)
    response = client.submit(
        thread_url(thread) + "/comments",
        {"body": "First in!", "submission_token": "first"},
        page=thread_url(thread),
    )
    assert response.status_code == 303


def test_a_consultation_not_yet_open_shows_when_it_opens_and_takes_nothing(client):
    opens = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
    thread = make_thread(
        make_consultation("scheduled", opens_at=opens, closes_at=opens + timedelta(days=30))
    )
    client.login(make_user().email)
    page = client.get(thread_url(thread)).get_data(as_text=True)
    assert "This consultation opens on 1 March 2027, 9am." in page_text(page)
    assert "body" not in field_values(page)
    token = client.csrf_token(thread_url(thread))
    response = client.post(
        thread_url(thread) + "/comments",
        data={"body": "Too early", "submission_token": "early", "csrf_token": token},
    )
    assert response.status_code == 409
    assert error_summary(response.get_data(as_text=True)) == [
        "This consultation has not opened yet, so your comment was not posted."
    ]
    assert db.session.scalar(select(func.count(Comment.id))) == 0


def test_an_open_consultation_closes_when_its_closing_time_passes(client):
    closes = datetime(2026, 7, 1, 16, 30, tzinfo=UTC)  # 5:30pm in British Summer Time
    thread = make_thread(
        make_consultation("open", opens_at=closes - timedelta(days=30), closes_at=closes)
    )
    assert thread.consultation.status == Lifecycle.OPEN  # still "open" as stored
    client.login(make_user().email)
    page = client.get(thread_url(thread)).get_data(as_text=True)
    assert "This consultation closed on 1 July 2026, 5:30pm." in page_text(page)
    assert "Comments are closed" in page_text(page)
    assert "body" not in field_values(page)
    consultation_page = client.get(f"/consultations/{thread.consultation.slug}")
    assert "This consultation closed on 1 July 2026, 5:30pm." in page_text(
        consultation_page.get_data(as_text=True)
    )


def test_times_are_shown_in_uk_time_in_winter_and_in_summer(client):
    winter = make_consultation(
        "closed",
        opens_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        closes_at=datetime(2026, 1, 15, 16, 30, tzinfo=UTC),
    )
    summer = make_consultation(
        "closed",
        opens_at=datetime(2026, 3, 20, 9, 0, tzinfo=UTC),
        # The clocks went forward at 1am UTC on 29 March 2026.
        closes_at=datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
    )
    winter_page = page_text(client.get(f"/consultations/{winter.slug}").get_data(as_text=True))
    summer_page = page_text(client.get(f"/consultations/{summer.slug}").get_data(as_text=True))
    assert "closed on 15 January 2026, 4:30pm." in winter_page
    assert "closed on 29 March 2026, 2:30am." in summer_page
    assert "20 March 2026, 9am" in summer_page  # opened in winter time: shown as 9am


def test_the_home_page_lists_open_closing_soon_coming_and_decided(client):
    soon = make_consultation(
        "open", title="Bin collections", closes_at=utcnow() + timedelta(days=3)
    )
    later = make_consultation(
        "open", title="Library hours", closes_at=utcnow() + timedelta(days=20, hours=1)
    )
    make_consultation("scheduled", title="Parks strategy")
    make_consultation("draft", title="Secret draft")
    make_consultation("closed", title="Old survey")
    decided = make_consultation("outcome_published", title="Parking charges")
    db.session.add(
        Outcome(
            consultation_id=decided.id,
            decision="Free parking after 6pm",
            decision_maker="Cabinet",
            decision_date=(utcnow() - timedelta(days=2)).date(),
            published_at=utcnow() - timedelta(days=1),
        )
    )
    db.session.commit()

    html = client.get("/").get_data(as_text=True)
    text = page_text(html)
    open_part = text[text.index("Open consultations") : text.index("Coming soon")]
    assert open_part.index("Bin collections") < open_part.index("Library hours")  # closing first
    assert "Closing soon" in open_part[: open_part.index("Library hours")]
    assert "Closing soon" not in open_part[open_part.index("Library hours") :]
    assert "(3 weeks left)" in open_part and "(3 days left)" in open_part
    assert "Parks strategy" in text[text.index("Coming soon") : text.index("Recent outcomes")]
    assert "Parking charges" in text[text.index("Recent outcomes") :]
    assert "Decided by Cabinet" in text
    assert "Secret draft" not in text and "Old survey" not in text
    assert soon.slug in html and later.slug in html
