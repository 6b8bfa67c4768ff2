"""The moderation plugin: registered through the entry point `moderation`.

Hooks only translate between the core and the plugin's services.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Blueprint, g, get_template_attribute
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from consultation.plugin_api import (
    Comment,
    CommentStatus,
    NavItem,
    Permission,
    Plugin,
    ReportSection,
    Verdict,
    db,
    has_permission,
    hookimpl,
    notify_reply,
    render_fragment,
    utcnow,
)

# `alerts` registers the moderators' email kind when the plugin loads.
from consultation_moderation import alerts, authors, data_rights, gate, modes, queue, settings  # noqa: F401
from consultation_moderation.cli import moderation_cli
from consultation_moderation.forms import ModerationSettingsForm
from consultation_moderation.views import bp

#: Who decides comments, and who manages the word list and the modes.
DECIDE = "moderation_decide"
MANAGE = "moderation_manage"


def _may_decide() -> bool:
    """Whether the signed-in person moderates, asked once per request."""
    if "_moderation_may_decide" not in g:
        g._moderation_may_decide = has_permission(current_user, DECIDE)
    return g._moderation_may_decide


class ModerationPlugin(Plugin):
    """Held and flagged comments, decided fairly and in the open."""

    name = "moderation"
    title = "Moderation"
    description = "Held and flagged comments, decided fairly and in the open."
    #: Switched on by `flask seed-demo`, so the demo site shows it.
    demo_enabled = True

    def blueprints(self) -> list[Blueprint]:
        """The plugin's pages, under /moderation/."""
        return [bp]

    @hookimpl
    def export_columns(self) -> list[object]:
        """Columns in response exports: the last moderation decision and its rule."""
        from consultation_moderation.exports import columns

        return columns()  # type: ignore[return-value]

    @hookimpl
    def report_sections(self, consultation: Any) -> list[ReportSection]:
        """The moderation summary for the decision report."""
        from consultation_moderation import report

        return report.sections(consultation)

    @hookimpl
    def comment_pre_publish(self, comment: Any) -> Verdict | None:
        """Hold a comment that trips an automatic check, or every one under pre-moderation."""
        return gate.review_new_comment(comment)

    @hookimpl
    def comment_published(self, comment: Any) -> None:
        """A held reply that a moderator approved: tell the author of the comment it answers."""
        if comment.parent_id is None:
            return
        parent = db.session.get(Comment, comment.parent_id)
        if parent is not None:
            # One message per reply is ever stored: a reply told at posting is not told twice.
            notify_reply(comment, parent)

    @hookimpl
    def register_permissions(self) -> list[Permission]:
        """Moderators decide; officers keep the word list and choose each consultation's mode."""
        return [
            Permission(
                DECIDE, roles=("moderator",), description="Decide held and reported comments"
            ),
            Permission(MANAGE, roles=("officer",), description="Keep the word list and the modes"),
        ]

    @hookimpl
    def settings_form(self) -> type[ModerationSettingsForm]:
        """Site default mode, report threshold, link limit, time target, classifier."""
        return ModerationSettingsForm

    @hookimpl
    def cli_commands(self) -> list[click.Command]:
        """`flask moderation alert` (cron) and `flask moderation seed-demo`."""
        return [moderation_cli]

    @hookimpl
    def navigation_items(self, user: Any) -> list[NavItem]:
        """The queue, for moderators."""
        return [NavItem(_l("Moderation"), "/moderation/", roles=("moderator",))]

    @hookimpl
    def template_slot(self, slot: str, context: dict[str, Any]) -> Markup | None:
        """House rules and summary links, report and remedy links, the dashboard count."""
        if slot in ("consultation_sidebar", "thread_sidebar"):
            consultation = context["consultation"]
            return render_fragment(
                "moderation/_consultation_sidebar.html",
                consultation=consultation,
                mode=modes.mode_for(consultation.id),
            )
        if slot == "account_comment":
            return self._comment_links(context["comment"], context["consultation"], own_page=True)
        if slot == "officer_dashboard":
            if not has_permission(current_user, MANAGE) and not has_permission(
                current_user, DECIDE
            ):
                return None
            now = utcnow()
            return render_fragment(
                "moderation/_dashboard.html",
                stats=queue.stats(settings.current().target_hours, now),
                target_hours=settings.current().target_hours,
                now=now,
            )
        return None

    @hookimpl
    def comment_slots(
        self, slot: str, comments: list[Any], context: dict[str, Any]
    ) -> dict[int, Markup] | None:
        """Report, moderate and remedy links under every comment of a thread page at once."""
        if slot != "comment_actions":
            return None
        found = {}
        for comment in comments:
            html = self._comment_links(comment, context["consultation"])
            if html:
                found[comment.id] = html
        return found

    def _comment_links(
        self, comment: Any, consultation: Any, own_page: bool = False
    ) -> Markup | None:
        """Report (others' published comments), moderate (moderators), remedies (own)."""
        signed_in = current_user.is_authenticated
        if not signed_in:
            # Visitors who are not signed in have nothing to report or moderate.
            return None
        own = comment.author_id == current_user.id
        remedies = None
        if own and comment.status in (CommentStatus.REJECTED, CommentStatus.HIDDEN):
            # Loaded once per request for all the person's comments, not once per comment.
            if "_moderation_remedies" not in g:
                g._moderation_remedies = authors.author_views(current_user)
            remedies = g._moderation_remedies.get(comment.id)
        can_report = not own and comment.status == CommentStatus.PUBLISHED
        can_moderate = not own_page and _may_decide()
        if not (can_report or can_moderate or remedies):
            return None
        links = get_template_attribute("moderation/_comment_links.html", "comment_links")
        return Markup(links(comment, can_report, can_moderate, remedies))  # noqa: S704

    @hookimpl
    def personal_data(self, user: Any) -> dict[str, Any] | None:
        """Reports the person made, their appeals, decisions on their comments."""
        return data_rights.personal_data(user)

    @hookimpl
    def erase_personal_data(self, user: Any) -> None:
        """Unlink their reports and appeals; scrub their words from the record."""
        data_rights.erase_personal_data(user)

    @hookimpl
    def anonymise_consultation(self, consultation: Any) -> int:
        """After retention: reports on its comments no longer name who made them."""
        return data_rights.anonymise_consultation(consultation)
