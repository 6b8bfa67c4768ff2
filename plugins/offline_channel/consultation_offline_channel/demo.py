"""Demo records for the offline pages: one paper response, corrected once.

Only for the demo site made by `flask seed-demo` (it refuses any other
database), so the entry page, its correction history and the "entered by"
line on the thread have something to show.
"""

from __future__ import annotations

from datetime import timedelta

from consultation.plugin_api import Consultation, Thread, User, db, utcnow
from consultation_offline_channel import corrections, services

SUBMISSION = "demo-offline-1"
REFERENCE = "DEMO-1"


class DemoRefused(Exception):
    """The database is not the demo site."""


def seed_demo() -> bool:
    """Add the records once; False when they are already there."""
    if services.existing_response(SUBMISSION) is not None:
        return False
    staff = db.session.scalar(
        db.select(User).where(User.email == "assisted@example.org", User.is_demo.is_(True))
    )
    consultation = db.session.scalar(
        db.select(Consultation).filter_by(slug="library-opening-hours")
    )
    if staff is None or consultation is None:
        raise DemoRefused("No demo site here: run `flask seed-demo` on an empty database first.")
    thread = db.session.scalar(
        db.select(Thread).where(
            Thread.consultation_id == consultation.id,
            Thread.title == "Which opening hours would suit you?",
        )
    )
    if thread is None:
        raise DemoRefused("The demo consultation is missing: run `flask seed-demo` first.")
    received = (utcnow() - timedelta(days=2)).date()
    entry = services.Entry(
        channel="paper",
        received_on=received,
        answers={thread.id: "Large-print books and a quiet corner for reading the paper."},
        token=SUBMISSION,
        paper_reference=REFERENCE,
        respondent=services.Respondent(privacy_notice_given=True, offline_reason="prefers_paper"),
    )
    response = services.record_response(consultation, entry, staff)
    corrections.correct(
        consultation,
        response,
        corrections.Correction(
            channel="paper",
            received_on=received,
            answers={thread.id: "Large-print books and a quiet corner for reading newspapers."},
            reason="The last words were misread from the handwriting.",
            respondent=services.Respondent(
                privacy_notice_given=True, offline_reason="prefers_paper"
            ),
        ),
        staff,
    )
    return True
