"""The one permission check: roles on routes, ownership on objects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])

#: Roles that may act as council staff on officer pages.
STAFF_ROLES = ("officer", "admin")


def has_role(user: Any, *roles: str) -> bool:
    """True when `user` is signed in, active and holds one of `roles` (admin holds all)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_role(*roles) or user.has_role("admin")


def roles_required(*roles: str) -> Callable[[F], F]:
    """Route decorator: sign-in required, then one of `roles` (admins always pass).

    Anonymous visitors are sent to sign in; signed-in people without the role
    get 403.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from consultation.extensions import login_manager

                return login_manager.unauthorized()
            if not has_role(current_user, *roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def owns(user: Any, record: Any, attribute: str = "author_id") -> bool:
    """True when the signed-in `user` is the owner of `record`."""
    return bool(getattr(user, "is_authenticated", False)) and getattr(record, attribute) == user.id
