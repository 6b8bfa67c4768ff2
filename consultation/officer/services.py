"""Officer console logic: the dashboard, and people and their roles (admins only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, true

from consultation.audit.services import record
from consultation.auth.models import User, UserRole, Ward
from consultation.auth.services import end_all_sessions
from consultation.comments.models import Comment, CommentStatus
from consultation.consultations.editing import EditRefused
from consultation.consultations.models import Consultation, Lifecycle, Thread
from consultation.database import utcnow
from consultation.extensions import db
from consultation.outcomes.models import Outcome
from consultation.teams import TEAMS

#: "Closing soon" on the dashboard.
CLOSING_SOON = timedelta(days=7)
#: Roles an admin grants and revokes here (other roles a person holds are left alone).
MANAGED_ROLES = ("officer", "councillor", "moderator", "assisted_digital", "admin")
#: Statuses that count as responses: everything received except what was refused or withdrawn.
RESPONSE_STATUSES = (CommentStatus.PUBLISHED, CommentStatus.PENDING, CommentStatus.HIDDEN)
PEOPLE_PER_PAGE = 50
#: How each managed role is named on the people pages.
ROLE_LABELS = {
    "officer": _l("Officer"),
    "councillor": _l("Councillor"),
    "moderator": _l("Moderator"),
    "assisted_digital": _l("Assisted-digital staff"),
    "admin": _l("Admin"),
}


def role_label(role: str) -> str:
    """A role's name for people (plugin roles fall back to their code)."""
    return str(ROLE_LABELS.get(role, role.replace("_", " ").capitalize()))


@dataclass
class Row:
    """A consultation on the dashboard with its state now and its number of responses."""

    consultation: Consultation
    state: Lifecycle
    responses: int
    mine: bool


@dataclass
class Dashboard:
    """What the officer dashboard shows."""

    by_state: dict[Lifecycle, list[Row]]
    closing_soon: list[Row]
    outcomes_due: list[Row]
    my_team: list[Row] = field(default_factory=list)


def response_counts() -> dict[int, int]:
    """Responses received per consultation, from every channel."""
    rows = db.session.execute(
        select(Thread.consultation_id, func.count(Comment.id))
        .join(Comment, Comment.thread_id == Thread.id)
        .where(Comment.status.in_(RESPONSE_STATUSES))
        .group_by(Thread.consultation_id)
    ).all()
    return dict(rows)


def dashboard(user: Any, now: datetime | None = None) -> Dashboard:
    """Consultations by state, closing soon and outcomes due; the officer's team first."""
    now = now or utcnow()
    counts = response_counts()
    with_outcome = set(
        db.session.scalars(select(Outcome.consultation_id).where(Outcome.published_at.is_not(None)))
    )
    team = getattr(user, "team", None)
    rows = [
        Row(c, c.state(now), counts.get(c.id, 0), bool(team) and c.owning_team == team)
        for c in db.session.scalars(select(Consultation).order_by(Consultation.id))
    ]

    def order(row: Row) -> tuple:
        moment = row.consultation.closes_at or row.consultation.opens_at or now
        return (not row.mine, moment, row.consultation.id)

    rows.sort(key=order)
    by_state: dict[Lifecycle, list[Row]] = {state: [] for state in Lifecycle}
    for row in rows:
        by_state[row.state].append(row)
    closing_soon = [
        r for r in by_state[Lifecycle.OPEN] if r.consultation.closes_at - now <= CLOSING_SOON
    ]
    outcomes_due = [
        r
        for r in by_state[Lifecycle.CLOSED]
        if r.consultation.id not in with_outcome
        and r.consultation.decision_due is not None
        and r.consultation.decision_due < now.date()
    ]
    return Dashboard(by_state, closing_soon, outcomes_due, [r for r in rows if r.mine])


def find_people(query: str, page: int = 1) -> tuple[list[User], int]:
    """People whose name or email contains `query`, and how many match in all."""
    condition = true()
    if query:
        # autoescape: a % or _ typed in the search box is a character, not a wildcard.
        needle = query.lower()
        condition = or_(
            func.lower(User.display_name).contains(needle, autoescape=True),
            User.email.contains(needle, autoescape=True),
        )
    total = db.session.scalar(select(func.count(User.id)).where(condition)) or 0
    people = db.session.scalars(
        select(User)
        .where(condition)
        .order_by(User.display_name, User.id)
        .limit(PEOPLE_PER_PAGE)
        .offset((max(page, 1) - 1) * PEOPLE_PER_PAGE)
    ).all()
    return list(people), total


def ward_choices() -> list[tuple[str, str]]:
    """Wards for the councillor's ward select."""
    wards = db.session.scalars(select(Ward).order_by(Ward.name)).all()
    return [("", _("No ward"))] + [(str(w.id), w.name) for w in wards]


def _active_admins() -> int:
    return (
        db.session.scalar(
            select(func.count(func.distinct(UserRole.user_id)))
            .join(User, User.id == UserRole.user_id)
            .where(UserRole.role == "admin", User.active.is_(True))
        )
        or 0
    )


def update_roles(
    person: User, actor: User, roles: list[str], ward_id: int | None, team: str | None
) -> bool:
    """Set the managed roles, ward and team of `person`; returns False when nothing changed."""
    wanted = {role for role in roles if role in MANAGED_ROLES}
    held = person.roles & set(MANAGED_ROLES)
    if team and team not in TEAMS:
        raise EditRefused({"team": _("Choose a team from the list")})
    if "councillor" in wanted and ward_id is None:
        raise EditRefused({"ward_id": _("Choose the ward this councillor represents")})
    if ward_id is not None and db.session.get(Ward, ward_id) is None:
        raise EditRefused({"ward_id": _("Choose a ward from the list")})
    if (
        person.id == actor.id
        and "admin" in held
        and "admin" not in wanted
        and _active_admins() <= 1
    ):
        raise EditRefused(
            {
                "roles": _(
                    "You are the only admin, so you cannot remove your own admin role. "
                    "Make someone else an admin first."
                )
            }
        )
    before = {"roles": sorted(held), "ward_id": person.ward_id, "team": person.team}
    after = {"roles": sorted(wanted), "ward_id": ward_id, "team": team or None}
    if before == after:
        return False
    person.role_rows = [row for row in person.role_rows if row.role not in held - wanted]
    person.role_rows.extend(UserRole(role=role) for role in sorted(wanted - held))
    person.ward_id = ward_id
    person.team = team or None
    record("user.roles_change", person, actor=actor, before=before, after=after)
    db.session.commit()
    return True


def set_active(person: User, actor: User, active: bool) -> bool:
    """Deactivate an account (every session ends at once) or reactivate it."""
    if person.id == actor.id and not active:
        raise EditRefused({"active": _("You cannot deactivate your own account")})
    if person.active == active:
        return False
    person.active = active
    if not active:
        end_all_sessions(person)
    record("user.deactivate" if not active else "user.reactivate", person, actor=actor)
    db.session.commit()
    return True
