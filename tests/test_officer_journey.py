"""An officer runs a consultation from draft to a published outcome a resident can follow."""

from __future__ import annotations

import re
from datetime import timedelta

from officer_helpers import clock_at, consultation_form, date_input
from sqlalchemy import select

from consultation.audit.models import AuditEvent
from consultation.comments.models import Comment
from consultation.consultations.models import Consultation, Lifecycle
from consultation.database import utcnow
from consultation.extensions import db
from consultation.testing.factories import make_user


def _location_id(response) -> int:
    return int(re.search(r"/officer/consultations/(\d+)", response.headers["Location"])[1])


def test_officer_runs_a_consultation_and_the_resident_follows_their_comment_to_the_decision(
    client, runner
):
    officer = make_user("officer", email="priya@example.org", name="Priya Officer")
    resident = make_user(email="sam@example.org", name="Sam Resident")
    now = utcnow().replace(second=0, microsecond=0)
    opens, closes = now + timedelta(days=2), now + timedelta(days=12)
    client.login(officer.email)

    # Draft: the officer writes it, with two questions.
    new = "/officer/consultations/new"
    form = consultation_form(**date_input("opens_at", opens), **date_input("closes_at", closes))
    response = client.submit(new, form, page=new)
    assert response.status_code == 303
    consultation_id = _location_id(response)
    manage = f"/officer/consultations/{consultation_id}"
    for n, question in enumerate(("Which hours suit you?", "What else should we offer?")):
        add = f"{manage}/threads/new"
        response = client.submit(
            add, {"title": question, "prompt": "", "submission_token": f"q{n}"}, page=add
        )
        assert response.status_code == 303
    consultation = db.session.get(Consultation, consultation_id)
    assert consultation.slug == "library-opening-hours"
    assert consultation.state() is Lifecycle.DRAFT

    # Preview: the residents' page, before any resident can see it.
    preview = client.get(f"{manage}/preview").get_data(as_text=True)
    assert "Library opening hours" in preview and "<strong>later</strong>" in preview
    assert "Which hours suit you?" in preview
    assert client.get("/consultations/library-opening-hours").status_code == 404

    # Schedule: public as upcoming, not yet taking comments.
    response = client.submit(f"{manage}/schedule", page=manage)
    assert response.status_code == 303
    page = client.get("/consultations/library-opening-hours").get_data(as_text=True)
    assert "This consultation opens on" in page

    with clock_at(opens + timedelta(minutes=5)) as clock:
        # Opens by the clock: residents see it open at once; cron stores it and fires the hook.
        assert "This consultation is open" in client.get(
            "/consultations/library-opening-hours"
        ).get_data(as_text=True)
        result = runner.invoke(args=["consultations", "tick"])
        assert "library-opening-hours: consultation_opened" in result.output
        db.session.expire_all()
        assert consultation.status == Lifecycle.OPEN

        # A resident comments twice.
        client.logout()
        client.login(resident.email)
        thread_ids = [t.id for t in consultation.threads]
        for n, (thread_id, text) in enumerate(
            zip(thread_ids, ("Open until 8pm, please.", "A homework club."), strict=True)
        ):
            url = f"/consultations/library-opening-hours/threads/{thread_id}"
            response = client.submit(
                f"{url}/comments", {"body": text, "submission_token": f"c{n}"}, page=url
            )
            assert response.status_code == 303
        comments = db.session.scalars(select(Comment).order_by(Comment.id)).all()

        # The officer extends the closing date, with a reason residents see.
        client.logout()
        client.login(officer.email)
        extend = f"{manage}/extend"
        new_close = closes + timedelta(days=5)
        response = client.submit(
            extend,
            {
                **date_input("closes_at", new_close),
                "reason": "More time after the school holidays.",
            },
            page=extend,
        )
        assert response.status_code == 303
        page = client.get("/consultations/library-opening-hours").get_data(as_text=True)
        assert "because: More time after the school holidays." in page

        # It closes by the clock at the new date.
        clock.move_to(new_close + timedelta(minutes=1))
        result = runner.invoke(args=["consultations", "tick"])
        assert "consultation_closed" in result.output

        # The outcome, linked to both comments, is written and published.
        outcome_url = f"{manage}/outcome"
        response = client.submit(
            outcome_url,
            {
                "decision": "Libraries open until 8pm on weekdays from April.",
                "decision_maker": "Cabinet",
                **date_input("decision_date", new_close.date()),
                "decision_url": "https://example.gov.uk/minutes/cabinet",
                "we_asked": "Which opening hours suit you.",
                "you_said": "Later evenings, and more for children.",
                "we_did": "We are opening later and starting a homework club.",
            },
            page=outcome_url,
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        point_url = f"{manage}/outcome/points/new"
        response = client.submit(
            point_url,
            {
                "body": "You asked for later opening: we open until 8pm.",
                "thread_ids": [thread_ids[0]],
                "comment_ids": f"{comments[0].id}, {comments[1].id}",
                "submission_token": "p1",
            },
            page=point_url,
        )
        assert response.status_code == 303, response.get_data(as_text=True)
        response = client.submit(f"{manage}/outcome/publish", page=manage)
        assert response.status_code == 303
        db.session.expire_all()
        assert consultation.status == Lifecycle.OUTCOME_PUBLISHED

        # The resident follows their comment to the decision, and back.
        client.logout()
        client.login(resident.email)
        mine = client.get("/account/comments").get_data(as_text=True)
        link = re.search(r'href="(/consultations/library-opening-hours#outcome-point-(\d+))"', mine)
        assert link, "my comments links to the outcome point that answers the comment"
        page = client.get(link[1]).get_data(as_text=True)
        assert f'id="outcome-point-{link[2]}"' in page
        assert "Libraries open until 8pm on weekdays from April." in page
        assert "Your comment" in page
        back = f"/consultations/library-opening-hours/comments/{comments[0].id}"
        assert back in page
        response = client.get(back)
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"#comment-{comments[0].id}")
        assert "Open until 8pm, please." in client.get(response.headers["Location"]).get_data(
            as_text=True
        )

    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == [
        "consultation.create",
        "thread.create",
        "thread.create",
        "consultation.schedule",
        "consultation.opened",
        "consultation.extend",
        "consultation.closed",
        "outcome.save",
        "outcome.point_add",
        "outcome.publish",
    ]
