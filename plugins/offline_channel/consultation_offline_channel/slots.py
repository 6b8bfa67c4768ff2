"""What the plugin adds to the core's pages: "entered by", for staff only.

Everyone sees an offline comment's channel label (the core shows it, with no
personal data). Council staff also see who entered it, and staff who may
correct it get a link to the entry.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from markupsafe import Markup

from consultation.plugin_api import User, db, has_role, render_fragment
from consultation_offline_channel.models import OfflineAnswer, OfflineResponse

#: Roles that see who entered an offline comment (admins hold every role).
STAFF = ("assisted_digital", "officer", "moderator")
#: Roles that may open and correct the entry.
CORRECTORS = ("assisted_digital", "officer")


def comment_actions(context: dict[str, Any]) -> Markup | None:
    """Under an offline comment, for staff only: who entered it, and a link to the entry."""
    comment = context.get("comment")
    if comment is None or comment.entered_by_id is None or not has_role(current_user, *STAFF):
        return None
    staff = db.session.get(User, comment.entered_by_id)
    found = db.session.execute(
        db.select(OfflineResponse.id, OfflineResponse.consultation_id)
        .join(OfflineAnswer, OfflineAnswer.response_id == OfflineResponse.id)
        .where(OfflineAnswer.comment_id == comment.id)
    ).first()
    slug = getattr(context.get("consultation"), "slug", None)
    return render_fragment(
        "offline_channel/_entered_by.html",
        staff=staff,
        response_id=found.id if found else None,
        slug=slug,
        may_correct=bool(found and slug) and has_role(current_user, *CORRECTORS),
    )
