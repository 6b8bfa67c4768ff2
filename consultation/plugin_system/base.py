"""The Plugin base class and the small value types hooks return."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from flask import Blueprint
from markupsafe import Markup

#: What `comment_pre_publish` may decide, weakest first.
Decision = Literal["approve", "hold", "reject"]
SEVERITY: dict[str, int] = {"approve": 0, "hold": 1, "reject": 2}


class Plugin:
    """Base class for every plugin; subclass it and decorate hook methods with `hookimpl`.

    The entry point in the group `consultation.plugins` names this class; its
    entry-point name must equal `name`.
    """

    #: Unique name; the prefix of everything the plugin contributes
    #: (tables, roles, permissions, settings, channels, export columns, endpoints).
    name: ClassVar[str] = ""
    #: Shown to officers on the plugin page.
    title: ClassVar[str] = ""
    #: One sentence for officers; the distribution's summary when empty.
    description: ClassVar[str] = ""
    #: Lower runs (and shows) first; ties are broken by name.
    priority: ClassVar[int] = 100
    #: `flask seed-demo` switches the plugin on in the demo site.
    demo_enabled: ClassVar[bool] = False

    def blueprints(self) -> list[Blueprint]:
        """The plugin's Flask blueprints; registered at start-up, 404 while disabled."""
        return []

    def migrations_path(self) -> Path | None:
        """The folder holding the plugin's Alembic revisions (its own branch).

        Defaults to `migrations/` next to the module defining the plugin class.
        """
        folder = Path(inspect.getfile(type(self))).parent / "migrations"
        return folder if folder.is_dir() else None


@dataclass(frozen=True)
class Verdict:
    """A plugin's answer to `comment_pre_publish`."""

    decision: Decision
    #: Why, in words a resident or moderator understands (shown with the comment).
    reason: str | None = None

    @classmethod
    def approve(cls) -> Verdict:
        """Publish, as far as this plugin is concerned."""
        return cls("approve")

    @classmethod
    def hold(cls, reason: str) -> Verdict:
        """Keep the comment back for a moderator, saying why."""
        return cls("hold", reason)

    @classmethod
    def reject(cls, reason: str) -> Verdict:
        """Refuse to publish, saying why (the author sees the reason)."""
        return cls("reject", reason)


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation."""

    text: str
    href: str
    #: Shown only to people holding one of these roles (everyone when empty).
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """A role a plugin adds; its name carries the plugin's prefix."""

    name: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Permission:
    """A named permission and the roles that hold it (admins hold every permission)."""

    name: str
    roles: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Channel:
    """A way a response reaches the council, beyond the core's channels."""

    code: str
    label: str


#: What one export cell may hold.
Cell = str | int | float | bool | None


@dataclass(frozen=True)
class ExportColumn:
    """A column a plugin adds to response exports.

    Give `value` (one comment at a time) or `values` (a batch at once); an
    export calls `values` once per chunk of comments, so a column that reads
    the plugin's own tables costs one query per chunk, not one per row.
    """

    name: str
    header: str
    #: Given a comment, the cell's value.
    value: Callable[[Any], Cell] | None = None
    #: The cell holds personal data (a name, contact details, a postcode): it is
    #: exported only when the officer chooses to include personal data.
    personal: bool = False
    #: Given a list of comments, their cells by comment id (a missing id is an empty cell).
    values: Callable[[list[Any]], Mapping[int, Cell]] | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.values is None):
            raise ValueError(f"export column {self.name!r}: give exactly one of value or values")


@dataclass(frozen=True)
class ReportSection:
    """A section a plugin adds to a consultation's report."""

    name: str
    title: str
    #: The section's body, rendered from the plugin's own template.
    html: Markup
    #: Figures behind the section, for the machine-readable report.
    data: dict[str, Any] = field(default_factory=dict)
    #: Why the report cannot be marked final yet (e.g. an offline batch still
    #: open), in words an officer acts on; None lets it be final.
    blocks_final: str | None = None
