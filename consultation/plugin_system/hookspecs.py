"""The hooks a plugin may implement: the public contract, one pluggy hookspec each.

Every hook states its error policy. In short: the gate fails closed (a
raising plugin holds the comment); observers run after commit, one plugin at
a time, and a raising plugin is logged and cannot disturb the others; what a
page shows (slots, menus, report sections) leaves a raising plugin out. Every
failure is logged and kept as the plugin's "last error" on /officer/plugins.
Results are taken in plugin `priority` order (lower first), then by name.
"""

from __future__ import annotations

from typing import Any

import pluggy

PROJECT = "consultation"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

#: Hooks called once at start-up for every installed plugin, enabled or not,
#: so name clashes fail at start-up; their results are used only while the
#: plugin is enabled.
DECLARATION_HOOKS = (
    "register_roles",
    "register_permissions",
    "comment_channels",
    "settings_form",
    "cli_commands",
    "export_columns",
)

#: Hooks that report something that has happened (after commit).
OBSERVER_HOOKS = (
    "comment_published",
    "comment_status_changed",
    "consultation_opened",
    "consultation_closed",
    "outcome_published",
)


@hookspec
def comment_pre_publish(comment: Any) -> Any:
    """Decide whether a new comment is published: return a `Verdict` or None (no opinion).

    Called before the comment is stored, inside its transaction, for plugins
    enabled for its consultation. Answers combine: reject beats hold beats
    approve; the reason comes from the first plugin (by priority) giving the
    winning decision.

    A plugin may instead raise `CommentRefused(message)` to refuse the
    comment outright: nothing is stored and the person gets the form back
    with their text and the message (e.g. councillors' replies paused during
    a pre-election period).

    Error policy: fails closed. A plugin that raises anything else, or
    returns something other than a Verdict or None, holds the comment for a
    moderator; the error is logged and kept as the plugin's last error. Its
    database work is rolled back to a savepoint.
    """


@hookspec
def comment_published(comment: Any) -> None:
    """A comment became visible to the public (stored published, or approved later).

    Error policy: observer. Runs after commit, for plugins enabled for the
    comment's consultation, one at a time; each plugin's database work is
    committed on its own; a raising plugin's work is rolled back, the error
    logged and kept, and the others still run.
    """


@hookspec
def comment_status_changed(comment: Any, old_status: str, new_status: str, actor: Any) -> None:
    """A stored comment's status changed (e.g. pending → published by a moderator).

    `actor` is the person who changed it, or None for the system.

    Error policy: observer (see `comment_published`).
    """


@hookspec
def consultation_opened(consultation: Any) -> None:
    """A consultation opened to comments (by an officer or by the server clock).

    Error policy: observer (see `comment_published`).
    """


@hookspec
def consultation_closed(consultation: Any) -> None:
    """A consultation closed to comments (on its closing date or early).

    Error policy: observer (see `comment_published`).
    """


@hookspec
def outcome_published(consultation: Any, outcome: Any) -> None:
    """A consultation's outcome ("you said, we did") was published.

    Error policy: observer (see `comment_published`).
    """


@hookspec
def template_slot(slot: str, context: dict[str, Any]) -> Any:
    """Return HTML (Markup, usually from `render_template`) for the named slot, or None.

    Templates call `{{ hook('thread_sidebar', consultation=c, thread=t) }}`;
    `context` holds those keyword arguments. Plain strings are escaped.
    Fragments are joined in priority order.

    Error policy: a raising plugin renders nothing for that slot; the error
    is logged and kept. An unknown slot name is an error in tests and a
    logged error in production.
    """


@hookspec
def comment_slots(slot: str, comments: list[Any], context: dict[str, Any]) -> Any:
    """Return HTML for a per-comment slot for many comments at once: {comment id: Markup}.

    Called once per page for the slots under each comment of a list
    (`comment_actions` on the thread page), with every comment the page
    shows, so a plugin reads what it needs in one query and renders once
    instead of once per comment. `context` holds the page's keyword
    arguments (`consultation`, `thread`). Comments missing from the answer
    get nothing; plain strings are escaped. A plugin that does not
    implement it is asked through `template_slot` once per comment instead.

    Error policy: as `template_slot`: a raising plugin renders nothing under
    any of the comments; the error is logged and kept.
    """


@hookspec
def navigation_items(user: Any) -> Any:
    """Return `NavItem`s for the service navigation of `user` (anonymous users too).

    Items with `roles` are shown only to people holding one of them.

    Error policy: a raising plugin contributes no items; logged and kept.
    """


@hookspec
def register_roles() -> Any:
    """Return the `Role`s the plugin adds; names carry the plugin's prefix.

    Declaration: called once at start-up for every installed plugin.

    Error policy: a name without the prefix, or one another plugin (or the
    core) also declares, stops start-up with a message naming both.
    """


@hookspec
def register_permissions() -> Any:
    """Return `Permission`s (prefixed names) and the roles that hold them.

    Declaration. Check them with `has_permission(user, name)` or the
    `permission_required(name)` route decorator.

    Error policy: as `register_roles`.
    """


@hookspec
def comment_channels() -> Any:
    """Return `Channel`s (prefixed codes) a response may arrive by, beyond the core's.

    Declaration. Labels show on comments even while the plugin is disabled
    (the record must still read right); new responses may use a channel only
    while its plugin is enabled.

    Error policy: as `register_roles`.
    """


@hookspec
def settings_form() -> Any:
    """Return a FlaskForm class whose fields (prefixed names) are the plugin's settings.

    Declaration. Officers edit it on the plugin's page; read values with
    `plugin_settings(name)`; field defaults apply until saved.

    Error policy: as `register_roles`.
    """


@hookspec
def cli_commands() -> Any:
    """Return click commands or groups added to `flask`; names carry the prefix.

    Declaration. A command of a disabled plugin refuses to run and says so.

    Error policy: as `register_roles`.
    """


@hookspec
def export_columns() -> Any:
    """Return `ExportColumn`s (prefixed names) added to response exports.

    Declaration; `export_columns(consultation)` gives the enabled ones. A
    column gives `value(comment)` or, for anything that reads the database,
    the batch form `values(comments) -> {comment_id: cell}` (called once per
    chunk of an export); `personal=True` keeps it out unless personal data
    is asked for.

    Error policy: as `register_roles` at start-up; a column whose `value` or
    `values` raises gives empty cells (logged and kept); the export goes on.
    """


@hookspec
def report_sections(consultation: Any) -> Any:
    """Return `ReportSection`s for the consultation's report.

    A section whose `blocks_final` gives a reason stops the report being
    marked final while it does (an offline batch still open, say).

    Error policy: a raising plugin's sections are left out; logged and kept.
    """


#: Data-rights hooks: called for every loaded plugin, switched on or not, because a
#: plugin switched off still holds what it stored while it ran.
DATA_RIGHTS_HOOKS = (
    "personal_data",
    "erase_personal_data",
    "find_personal_data",
    "anonymise_consultation",
)


@hookspec
def personal_data(user: Any) -> Any:
    """Return a dict (JSON-serialisable) of everything the plugin holds about account `user`.

    It becomes the plugin's section of the person's download (`/account/data`)
    and of a subject-access download; return None or {} when it holds
    nothing. Called for every loaded plugin, enabled or not.

    Error policy: fails closed. A raising plugin stops the whole download
    (an incomplete copy must never look complete): the person is told to try
    later; the error is logged and kept.
    """


@hookspec
def erase_personal_data(user: Any) -> None:
    """Erase or anonymise what the plugin holds about account `user`, before the account goes.

    Called inside the erasure's transaction (do not commit), while the
    person's comments still exist, for every loaded plugin, enabled or not.
    Afterwards neither the person's email address nor their display name
    may remain in the plugin's tables.

    Error policy: fails closed. A raising plugin rolls the whole erasure
    back (nothing is erased) and the person is told to try later; the error
    is logged and kept.
    """


@hookspec
def find_personal_data(query: str) -> Any:
    """Return `PersonalDataHit`s for records matching `query` (part of a name or email).

    For staff answering a subject-access request: records not tied to an
    account (offline respondents, for example). Each hit's `data` is what
    staff download for it. Called for every loaded plugin, enabled or not.

    Error policy: a raising plugin (or one returning something other than
    PersonalDataHits) contributes no hits and the search page names it, so
    staff know the answer is incomplete; the error is logged.
    """


@hookspec
def anonymise_consultation(consultation: Any) -> Any:
    """Anonymise the personal data held for `consultation`; return how many records changed.

    Called by `flask retention apply` once the consultation's decision is
    older than `RETENTION_MONTHS`, inside that consultation's transaction
    (do not commit), for every loaded plugin, enabled or not. Must be
    idempotent: a second call finds nothing left and returns 0. In a dry
    run the changes are made, counted and rolled back.

    Error policy: fails closed for the consultation. A raising plugin rolls
    back that consultation's changes (the core's too); the command names
    it, goes on with the other consultations and exits with status 1; the
    error is logged and kept.
    """
