"""Councillors and the wards they represent (one or more), committees, portfolio and term."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from consultation.plugin_api import User, Ward, db, record
from consultation_councillor_responses.models import Councillor, CouncillorWard

ROLE = "councillor"


def _councillor_users() -> list[User]:
    """Every active account holding the councillor role, by name."""
    query = select(User).where(User.active.is_(True), User.role_rows.any(role=ROLE))
    found = db.session.scalars(query).unique().all()
    return sorted(found, key=lambda user: (user.display_name.lower(), user.id))


def councillors() -> list[User]:
    """Every active councillor, by name."""
    return _councillor_users()


def is_councillor(user: User | None) -> bool:
    """True for an active account that holds the councillor role itself (not only as admin)."""
    return bool(user is not None and getattr(user, "is_authenticated", True) and ROLE in user.roles)


def represented() -> dict[int, set[int]]:
    """Councillor id → the ids of the wards they represent, for every councillor (two queries).

    A councillor without a row of their own here represents the ward on their
    account; once an officer sets their wards, the plugin's rows decide.
    """
    managed: dict[int, set[int]] = defaultdict(set)
    profiles = set(db.session.scalars(select(Councillor.user_id)))
    for user_id, ward_id in db.session.execute(
        select(CouncillorWard.user_id, CouncillorWard.ward_id)
    ):
        managed[user_id].add(ward_id)
    wards: dict[int, set[int]] = {}
    for user in _councillor_users():
        if user.id in profiles:
            wards[user.id] = set(managed.get(user.id, set()))
        else:
            wards[user.id] = {user.ward_id} if user.ward_id else set()
    return wards


def ward_ids_of(user: User | None) -> set[int]:
    """The wards `user` represents (empty for someone who is not a councillor)."""
    if not is_councillor(user):
        return set()
    profile = db.session.get(Councillor, user.id)
    if profile is None:
        return {user.ward_id} if user.ward_id else set()
    return set(
        db.session.scalars(select(CouncillorWard.ward_id).where(CouncillorWard.user_id == user.id))
    )


def councillors_for_ward(ward_id: int | None) -> list[User]:
    """The councillors who represent the ward, by name."""
    if ward_id is None:
        return []
    wards = represented()
    return [user for user in _councillor_users() if ward_id in wards.get(user.id, set())]


def all_wards() -> list[Ward]:
    """Every ward, by name."""
    return list(db.session.scalars(select(Ward).order_by(Ward.name)))


def ward_names() -> dict[int, str]:
    """Ward id → name."""
    return {ward.id: ward.name for ward in all_wards()}


def profile(user: User) -> Councillor | None:
    """What officers recorded about the councillor (None until they save it)."""
    return db.session.get(Councillor, user.id)


def committees_of(councillor: Councillor | None) -> list[str]:
    """The committees, one a line as the officer typed them."""
    if councillor is None:
        return []
    return [line.strip() for line in councillor.committees.splitlines() if line.strip()]


def save_councillor(
    user: User,
    *,
    ward_ids: list[int],
    portfolio: str,
    committees: str,
    term_starts: date | None,
    term_ends: date | None,
    actor: User,
) -> Councillor:
    """Store a councillor's wards, portfolio, committees and term; audited with what changed."""
    councillor = profile(user)
    before = _snapshot(user, councillor)
    if councillor is None:
        councillor = Councillor(user_id=user.id)
        db.session.add(councillor)
        db.session.flush()
    councillor.portfolio = portfolio or ""
    councillor.committees = committees or ""
    councillor.term_starts = term_starts
    councillor.term_ends = term_ends
    wanted = set(ward_ids)
    existing = {
        row.ward_id: row
        for row in db.session.scalars(
            select(CouncillorWard).where(CouncillorWard.user_id == user.id)
        )
    }
    for ward_id, row in existing.items():
        if ward_id not in wanted:
            db.session.delete(row)
    for ward_id in wanted - set(existing):
        db.session.add(CouncillorWard(user_id=user.id, ward_id=ward_id))
    db.session.flush()
    after = _snapshot(user, councillor)
    changed = sorted(key for key in after if before.get(key) != after[key])
    if changed:
        record(
            "councillor_responses.councillor",
            actor=actor,
            target_type="user",
            target_id=user.id,
            before={key: before.get(key) for key in changed},
            after={key: after[key] for key in changed},
        )
    db.session.commit()
    return councillor


def _snapshot(user: User, councillor: Councillor | None) -> dict[str, object]:
    wards = sorted(ward_ids_of(user)) if councillor is not None else sorted({user.ward_id} - {None})
    return {
        "wards": wards,
        "portfolio": councillor.portfolio if councillor else "",
        "committees": councillor.committees if councillor else "",
        "term_starts": councillor.term_starts.isoformat()
        if councillor and councillor.term_starts
        else None,
        "term_ends": councillor.term_ends.isoformat()
        if councillor and councillor.term_ends
        else None,
    }
