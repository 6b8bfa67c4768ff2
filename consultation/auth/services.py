"""Accounts: registration, sign-in checks, sign-out everywhere."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from consultation.auth.models import User, UserRole, Ward
from consultation.extensions import db

#: Checked against when the email is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password-000")


class EmailTaken(Exception):
    """An account with this email address exists already."""


def normalise_email(email: str) -> str:
    """Emails are unique case-insensitively: store and compare them lower-cased."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """Hash with Werkzeug's default (scrypt), salted per password."""
    return generate_password_hash(password)


def register(
    email: str,
    display_name: str,
    password: str,
    ward_id: int | None = None,
    roles: tuple[str, ...] = ("resident",),
    is_demo: bool = False,
    password_hash: str | None = None,
) -> User:
    """Create an account with `roles`; raises EmailTaken when the address is in use.

    `password_hash`, when given, is stored instead of hashing `password` (the
    test factories hash their one password once: scrypt takes a tenth of a second).
    """
    user = User(
        email=normalise_email(email),
        display_name=display_name,
        password_hash=password_hash or hash_password(password),
        ward_id=ward_id,
        is_demo=is_demo,
    )
    user.role_rows = [UserRole(role=role) for role in roles]
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(email) from error
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same cost either way)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def end_all_sessions(user: User) -> None:
    """Revoke every session and remember-me cookie this person holds."""
    user.session_version = (user.session_version or 0) + 1


def ward_choices() -> list[tuple[str, str]]:
    """Wards for a select box, with a "not sure" first."""
    wards = db.session.scalars(select(Ward).order_by(Ward.name)).all()
    return [("", "I’m not sure / prefer not to say")] + [(str(w.id), w.name) for w in wards]
