"""The public councillor page: wards, committees, term and response record (if allowed)."""

from __future__ import annotations

from flask import abort, render_template

from consultation.plugin_api import plugin_settings
from consultation_councillor_responses import councillors as people
from consultation_councillor_responses import pages, services, standing
from consultation_councillor_responses.blueprint import bp
from consultation_councillor_responses.views.people import councillor_or_404

NAME = "councillor_responses"


def public_pages() -> bool:
    """True when the council shows councillor pages to the public (a site setting)."""
    return bool(plugin_settings(NAME).get("councillor_responses_public_pages"))


@bp.get("/councillors/<int:user_id>")
def councillor(user_id: int):
    """A councillor's public page with their response record, or 404 while the setting is off."""
    if not public_pages():
        abort(404)
    user = councillor_or_404(user_id)
    names = people.ward_names()
    row = next((r for r in standing.by_councillor() if r.user and r.user.id == user.id), None)
    profile = people.profile(user)
    return render_template(
        "councillor_responses/councillor.html",
        person=user,
        wards=sorted(names[w] for w in people.ward_ids_of(user) if w in names),
        profile=profile,
        committees=people.committees_of(profile),
        counts=row.counts if row else standing.Counts(),
        answered=pages.items(services.answered_by(user, limit=10)),
    )
