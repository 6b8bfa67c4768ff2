"""The moderation summary in the decision report: counts, what still waits, no names."""

import pytest
from moderation_support import open_thread, people

from consultation.comments.models import CommentStatus
from consultation.reports import services
from consultation.testing.factories import make_comment

pytestmark = pytest.mark.plugins("moderation")


def test_the_report_shows_held_comments_as_waiting_and_counts_them(client):
    cast = people()
    consultation, thread = open_thread()
    held = make_comment(thread, cast.author, "Ring 07911 123456.")
    make_comment(thread, cast.author, "Open later, please.")
    assert held.status == CommentStatus.PENDING

    report = services.build(consultation)
    [section] = [s for s in report.sections if s.name == "moderation_summary"]
    assert section.data["waiting"] == 1
    assert sum(section.data["held"].values()) == 1
    assert section.blocks_final is None
    # A comment waiting for a moderator is still a response in the counts.
    assert report.total == 2

    client.login(cast.officer.email)
    page = client.get(f"/officer/consultations/{consultation.id}/report").text
    assert "Comments waiting for a moderator now" in page
    assert "Ann Author" not in page and "07911" not in page
