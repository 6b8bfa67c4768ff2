"""The kinds of message the site sends, and the registry plugins add theirs to.

A kind names its templates: `<template>.subject.txt`, `<template>.txt` and
`<template>.html`, each extending the layout it is given, so the same
templates make a message of its own and an entry in a daily summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from consultation.notifications.models import Mode


@dataclass(frozen=True)
class Kind:
    """One kind of message: what people see on their preferences page and how it is written."""

    #: Unique name; a plugin's kinds start with the plugin's name ("moderation.alert").
    name: str
    #: Short label for the preferences page, e.g. "Replies to your comments".
    label: Any
    #: One sentence under the label saying when the message is sent.
    description: Any
    #: Template path without extension, e.g. "notifications/email/comment_reply".
    template: str
    #: Essential messages (verification, password reset) are always sent at once and
    #: carry no unsubscribe link: the person asked for them.
    essential: bool = False
    default_mode: Mode = Mode.IMMEDIATE
    #: Offered only to people holding one of these roles (admins hold every role);
    #: empty means everyone.
    roles: tuple[str, ...] = field(default_factory=tuple)


_registry: dict[str, Kind] = {}


class KindClash(ValueError):
    """Two different definitions claim one kind name."""


def register_kind(kind: Kind) -> Kind:
    """Add `kind` to the registry; registering the same definition again is harmless.

    Raises KindClash when a different definition already holds the name, so a
    clash fails at start-up rather than when the first message is sent.
    """
    existing = _registry.get(kind.name)
    if existing is not None and existing != kind:
        raise KindClash(f"notification kind {kind.name!r} is already registered")
    _registry[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    """The registered kind called `name` (KeyError when there is none)."""
    return _registry[name]


def all_kinds() -> list[Kind]:
    """Every registered kind, in the order registered."""
    return list(_registry.values())


def kinds_for(user: Any) -> list[Kind]:
    """The kinds a person may choose about: not essential, and for one of their roles."""
    from consultation.permissions import has_role

    return [
        kind
        for kind in _registry.values()
        if not kind.essential and (not kind.roles or has_role(user, *kind.roles))
    ]


def kind_label(name: str) -> str:
    """The label of a kind for admins' and people's pages, or its name when unknown."""
    from flask_babel import gettext as _

    if name == DIGEST:
        return _("Daily summary")
    kind = _registry.get(name)
    return str(kind.label) if kind else name


#: The kind of the daily summary message itself (not choosable: it follows the others).
DIGEST = "digest"

VERIFY_EMAIL = register_kind(
    Kind(
        name="verify_email",
        label=_l("Confirm your email address"),
        description=_l("Sent when you create an account."),
        template="notifications/email/verify_email",
        essential=True,
    )
)
PASSWORD_RESET = register_kind(
    Kind(
        name="password_reset",
        label=_l("Reset your password"),
        description=_l("Sent when you ask to reset your password."),
        template="notifications/email/password_reset",
        essential=True,
    )
)
COMMENT_REPLY = register_kind(
    Kind(
        name="comment_reply",
        label=_l("Replies to your comments"),
        description=_l("When someone, including a councillor, replies to a comment you wrote."),
        template="notifications/email/comment_reply",
    )
)
COMMENT_STATUS = register_kind(
    Kind(
        name="comment_status",
        label=_l("Moderation of your comments"),
        description=_l(
            "When a comment you wrote is held for checking, not published (with the reason) "
            "or restored."
        ),
        template="notifications/email/comment_status",
    )
)
OUTCOME_PUBLISHED = register_kind(
    Kind(
        name="outcome_published",
        label=_l("Outcomes of consultations you took part in"),
        description=_l("When the council publishes what it decided and why."),
        template="notifications/email/outcome_published",
    )
)
