"""Emailed links that confirm an address or reset a password: single use, time-limited.

The link carries a random token; the database keeps only its SHA-256 hash.
Following the link (GET) only shows a page with a button: mail scanners that
fetch every link must not use it up. Pressing the button (POST) uses the
token with one atomic UPDATE, so it works exactly once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from consultation.audit.services import record
from consultation.auth import services as auth_services
from consultation.auth.models import User
from consultation.database import utcnow
from consultation.extensions import db
from consultation.notifications.kinds import PASSWORD_RESET, VERIFY_EMAIL
from consultation.notifications.models import EmailToken, OutboxMessage, TokenPurpose
from consultation.notifications.rendering import external_url
from consultation.notifications.services import notify


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    user: User, purpose: TokenPurpose, lifetime: timedelta, now: datetime | None = None
) -> str:
    """Store a new token for `user` and return it (the only time it exists in clear)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    db.session.add(
        EmailToken(
            token_hash=_hash(token),
            purpose=purpose,
            user_id=user.id,
            email=user.email,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return token


def _valid(purpose: TokenPurpose, now: datetime):
    return (
        EmailToken.purpose == purpose,
        EmailToken.used_at.is_(None),
        EmailToken.expires_at > now,
    )


def check_token(token: str, purpose: TokenPurpose, now: datetime | None = None) -> User | None:
    """The person a token is for while it is unused and unexpired; None otherwise."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(EmailToken).where(
            EmailToken.token_hash == _hash(token), *_valid(purpose, now or utcnow())
        )
    )
    if row is None:
        return None
    user = db.session.get(User, row.user_id)
    # The link proves only the address it was sent to.
    if user is None or not user.active or user.email != row.email:
        return None
    return user


def use_token(token: str, purpose: TokenPurpose, now: datetime | None = None) -> User | None:
    """Use a token up and return its person, or None when it is not valid (any more)."""
    now = now or utcnow()
    user = check_token(token, purpose, now)
    if user is None:
        return None
    result = db.session.execute(
        update(EmailToken)
        .where(EmailToken.token_hash == _hash(token), *_valid(purpose, now))
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    )
    # Zero rows: another request used it between our read and this write.
    return user if result.rowcount == 1 else None


def _retire_tokens(user: User, purpose: TokenPurpose, now: datetime) -> None:
    db.session.execute(
        update(EmailToken)
        .where(EmailToken.user_id == user.id, *_valid(purpose, now))
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    )


def send_verification(user: User, now: datetime | None = None) -> OutboxMessage | None:
    """Queue the "confirm your email address" message, in the caller's transaction.

    None when the account is closed (essential messages are never summarised).
    """
    hours = current_app.config["EMAIL_VERIFICATION_HOURS"]
    token = issue_token(user, TokenPurpose.VERIFY_EMAIL, timedelta(hours=hours), now)
    message = notify(
        user,
        VERIFY_EMAIL.name,
        {"url": external_url("recovery.verify_email", token=token), "hours": hours},
        now=now,
    )
    return message if isinstance(message, OutboxMessage) else None


def verify_email(token: str, now: datetime | None = None) -> User | None:
    """Mark the address confirmed with a verification token; None when the link is not valid."""
    now = now or utcnow()
    user = use_token(token, TokenPurpose.VERIFY_EMAIL, now)
    if user is None:
        return None
    if user.email_verified_at is None:
        user.email_verified_at = now
    _retire_tokens(user, TokenPurpose.VERIFY_EMAIL, now)
    record("user.email_verified", user, actor=user)
    return user


def request_password_reset(email: str, now: datetime | None = None) -> None:
    """Queue a reset link when an active account has this address; otherwise do nothing.

    The caller shows the same page either way, so the form does not reveal
    who has an account.
    """
    user = db.session.scalar(select(User).where(User.email == auth_services.normalise_email(email)))
    if user is None or not user.active:
        return
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    token = issue_token(user, TokenPurpose.RESET_PASSWORD, timedelta(minutes=minutes), now)
    notify(
        user,
        PASSWORD_RESET.name,
        {"url": external_url("recovery.reset_password", token=token), "minutes": minutes},
        now=now,
    )


def reset_password(token: str, password: str, now: datetime | None = None) -> User | None:
    """Set a new password with a reset token and end every session; None if the link is not valid.

    Every other reset link for the person stops working too, and since the
    link reached their inbox, their address counts as confirmed.
    """
    now = now or utcnow()
    user = use_token(token, TokenPurpose.RESET_PASSWORD, now)
    if user is None:
        return None
    user.password_hash = auth_services.hash_password(password)
    auth_services.end_all_sessions(user)
    _retire_tokens(user, TokenPurpose.RESET_PASSWORD, now)
    if user.email_verified_at is None:
        user.email_verified_at = now
    record("user.password_reset", user, actor=user)
    return user


def must_verify_to_comment(user: User | None) -> bool:
    """True when the site requires a confirmed address to comment and `user` has none."""
    return bool(
        current_app.config["EMAIL_VERIFICATION_REQUIRED_TO_COMMENT"]
        and user is not None
        and user.email_verified_at is None
    )
