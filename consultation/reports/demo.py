"""Demo records for the decision report: ward populations, costs, a few offline-style
responses, a representative comment and one final version, so every report page has
something to show."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from consultation.auth.models import User, Ward
from consultation.comments.services import post_comment
from consultation.consultations.models import Consultation, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.reports.models import ChannelCost, RepresentativeComment

#: Residents per demo ward (made-up round figures).
POPULATIONS = {"E05000001": 8200, "E05000002": 6900, "E05000003": 7400}


def seed(
    parking: Consultation,
    library: Consultation,
    parking_thread: Thread,
    chosen_comment_id: int,
    officer: User,
    staff: User,
) -> None:
    """Populations, costs and a marked comment; letters and calls to the closed consultation."""
    now = utcnow()
    wards = {w.code: w for w in db.session.query(Ward)}
    for code, people in POPULATIONS.items():
        if code in wards:
            wards[code].population = people
    old_town = wards.get("E05000003")
    for n, (channel, days, body) in enumerate(
        (
            ("letter", 80, "Please keep the evening charge: the car parks fill with commuters."),
            ("phone", 70, "Free parking after six would help me visit my mother."),
            ("phone", 45, "Yes to free evening parking, and more disabled bays."),
        ),
        start=1,
    ):
        post_comment(
            thread=parking_thread,
            token=f"demo-report-{n}",
            author=None,
            channel=channel,
            entered_by=staff,
            received_at=now - timedelta(days=days),
            ward_id=old_town.id if old_town else None,
            enforce_open=False,
            body=body,
        )
    costs = (
        (parking, "web", 1200, 2850, 0, 0, 12000, "Social media adverts"),
        (parking, "letter", 300, 2400, 4500, 0, 0, ""),
        (parking, "phone", 450, 2400, 0, 0, 0, ""),
        (library, "web", 800, 2850, 0, 0, 0, ""),
        (library, "event", 1000, 2850, 8500, 6000, 0, ""),
    )
    for consultation, channel, hours, rate, printing, venue, other, note in costs:
        db.session.add(
            ChannelCost(
                consultation_id=consultation.id,
                channel=channel,
                staff_hours_hundredths=hours,
                hourly_rate_pence=rate,
                printing_pence=printing,
                venue_pence=venue,
                other_pence=other,
                other_note=note,
                updated_by_id=officer.id,
            )
        )
    db.session.add(
        RepresentativeComment(
            consultation_id=parking.id,
            comment_id=chosen_comment_id,
            marked_by_id=officer.id,
            note="Most responses gave this reason: evening visits to the town centre.",
        )
    )


def freeze(parking: Consultation, officer: User) -> None:
    """Mark the closed consultation's report final once (after the demo plugins are on)."""
    from consultation.reports import services
    from consultation.reports.views import render_body

    with current_app.test_request_context():
        report = services.build(parking)
        if not report.blocks:
            services.finalise(report, render_body(report, live=False), officer)
