"""The council teams that own consultations and that officers belong to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: Team code → name. A consultation's `owning_team` and an officer's `team` use these codes.
TEAMS: dict[str, object] = {
    "communications": _l("Communications"),
    "engagement": _l("Engagement"),
    "policy": _l("Policy"),
    "democratic_services": _l("Democratic services"),
}


def team_label(code: str | None) -> str:
    """The team's name for display, or the code itself when it is not a known team."""
    if not code:
        return ""
    return str(TEAMS.get(code, code))


def team_choices() -> list[tuple[str, str]]:
    """Teams for radios and select boxes."""
    return [(code, str(name)) for code, name in TEAMS.items()]
