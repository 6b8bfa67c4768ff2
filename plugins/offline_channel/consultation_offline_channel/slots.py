"""What the plugin adds to the core's pages: "entered by", for staff only.

Everyone sees an offline comment's channel label (the core shows it, with no
personal data). Council staff also see who entered it, and staff who may
correct it get a link to the entry.
"""

from __future__ import annotations

from typing import Any

from flask import get_template_attribute
from flask_login import current_user
from markupsafe import Markup

from consultation.plugin_api import User, db, has_role
from consultation_offline_channel.models import OfflineAnswer, OfflineResponse

#: Roles that see who entered an offline comment (admins hold every role).
STAFF = ("assisted_digital", "officer", "moderator")
#: Roles that may open and correct the entry.
CORRECTORS = ("assisted_digital", "officer")


def comment_actions(comments: list[Any], context: dict[str, Any]) -> dict[int, Markup]:
    """Under each offline comment of a page, for staff only: who entered it, and a link.

    One query for the whole page: the entries behind its offline comments
    and who entered them.
    """
    offline = [c.id for c in comments if c.entered_by_id is not None]
    if not offline or not has_role(current_user, *STAFF):
        return {}
    rows = db.session.execute(
        db.select(OfflineAnswer.comment_id, OfflineResponse.id)
        .join(OfflineResponse, OfflineAnswer.response_id == OfflineResponse.id)
        .where(OfflineAnswer.comment_id.in_(offline))
    ).all()
    responses: dict[int, int] = dict(rows)  # comment id → its entry
    staff_ids = {c.entered_by_id for c in comments if c.entered_by_id is not None}
    staff = {
        user.id: user for user in db.session.scalars(db.select(User).where(User.id.in_(staff_ids)))
    }
    slug = getattr(context.get("consultation"), "slug", None)
    corrector = has_role(current_user, *CORRECTORS)
    entered_by = get_template_attribute("offline_channel/_entered_by.html", "entered_by")
    found = {}
    for comment in comments:
        if comment.entered_by_id is None:
            continue
        response_id = responses.get(comment.id)
        found[comment.id] = Markup(  # noqa: S704  (an autoescaped template's output)
            entered_by(
                staff.get(comment.entered_by_id),
                response_id,
                slug,
                bool(response_id and slug) and corrector,
            )
        )
    return found
