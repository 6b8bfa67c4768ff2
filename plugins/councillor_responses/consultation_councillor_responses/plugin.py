"""The councillor responses plugin: registered through the entry point `councillor_responses`."""

from __future__ import annotations

from typing import Any

import click
from flask import Blueprint, g, get_template_attribute, has_request_context
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from consultation.plugin_api import (
    NavItem,
    Permission,
    Plugin,
    ReportSection,
    has_permission,
    hookimpl,
    plugin_settings,
    render_fragment,
)
from consultation_councillor_responses import (
    data_rights,
    mail,  # noqa: F401  (registers the email kinds)
    rules,
    services,
    standing,
)
from consultation_councillor_responses.councillors import is_councillor
from consultation_councillor_responses.forms import SettingsForm
from consultation_councillor_responses.periods import suspensions
from consultation_councillor_responses.views import bp
from consultation_councillor_responses.workdays import uk_date

NAME = "councillor_responses"
MANAGE = "councillor_responses_manage"

cli = AppGroup("councillor-responses", help="Councillor responses: reminders and escalations.")


@cli.command("remind")
def remind_command() -> None:
    """Send each councillor one digest of what is due soon or overdue; escalate the long overdue.

    Run daily by cron. Running it again the same day sends nothing twice.
    """
    from consultation_councillor_responses.reminders import remind

    summary = remind()
    click.echo(
        f"{summary.digests} digest(s) covering {summary.reminded} request(s); "
        f"{summary.escalations} escalation(s) covering {summary.escalated} request(s); "
        f"{summary.new_requests} new request(s) from consultation rules."
    )


@cli.command("seed-demo")
def seed_demo_command() -> None:
    """Add demo requests for the demo councillor (after `flask seed-demo`; demo sites only)."""
    from consultation_councillor_responses.demo import DemoRefused, seed_demo

    try:
        made = seed_demo()
    except DemoRefused as refused:
        raise click.ClickException(str(refused)) from refused
    click.echo(f"{made} demo request(s) added.")


def _thread_requests(thread_id: int) -> tuple[dict, set[int]]:
    """The thread's standings and reply ids, read once per request for every slot on the page."""
    cache = g.setdefault("_councillor_responses", {}) if has_request_context() else {}
    key = f"thread-{thread_id}"
    if key not in cache:
        cache[key] = (standing.for_thread(thread_id), standing.reply_ids(thread_id))
    return cache[key]


def _in_period(moment: Any) -> tuple | None:
    day = uk_date(moment)
    return next(((s, e) for s, e in suspensions() if s <= day <= e), None)


class CouncillorResponsesPlugin(Plugin):
    """Threads that need a councillor get a reply, on time and in public."""

    name = NAME
    title = "Councillor responses"
    description = "Threads that need a councillor get a reply, on time and in public."
    #: Switched on by `flask seed-demo`, so the demo site shows it.
    demo_enabled = True

    def blueprints(self) -> list[Blueprint]:
        """The plugin's pages, under /councillor-responses/."""
        return [bp]

    @hookimpl
    def export_columns(self) -> list[object]:
        """Export columns: the councillor request status, and whether it was answered on time."""
        from consultation_councillor_responses.exports import columns

        return columns()  # type: ignore[return-value]

    @hookimpl
    def template_slot(self, slot: str, context: dict[str, Any]) -> Markup | None:
        """Notices on the thread, under comments, and the counts beside the consultation."""
        if slot == "thread_sidebar":
            return self._thread_sidebar(context["consultation"], context["thread"])
        if slot == "consultation_sidebar":
            counts = standing.consultation_counts(context["consultation"].id)
            if not counts.total:
                return None
            return render_fragment(
                "councillor_responses/_consultation_sidebar.html",
                consultation=context["consultation"],
                counts=counts,
                manage=has_permission(current_user, MANAGE),
            )
        return None

    def _thread_sidebar(self, consultation: Any, thread: Any) -> Markup | None:
        found, _replies = _thread_requests(thread.id)
        manage = has_permission(current_user, MANAGE, consultation.id)
        if not found.get(None) and not manage:
            return None
        return render_fragment(
            "councillor_responses/_thread_sidebar.html",
            consultation=consultation,
            thread=thread,
            standings=found.get(None, []),
            manage=manage,
        )

    @hookimpl
    def comment_slots(
        self, slot: str, comments: list[Any], context: dict[str, Any]
    ) -> dict[int, Markup] | None:
        """Requests, replies and pre-election notices under a thread page's comments, at once."""
        if slot != "comment_actions":
            return None
        consultation, thread = context["consultation"], context["thread"]
        may_manage = has_permission(current_user, MANAGE, consultation.id)
        found = {}
        for comment in comments:
            html = self._comment_actions(consultation, thread, comment, may_manage)
            if html:
                found[comment.id] = html
        return found

    def _comment_actions(
        self, consultation: Any, thread: Any, comment: Any, may_manage: bool
    ) -> Markup | None:
        found, replies = _thread_requests(thread.id)
        author = comment.author
        councillor = is_councillor(author)
        period = _in_period(comment.created_at) if councillor else None
        asked = found.get(comment.id, [])
        manage = (
            comment.parent_id is None
            and not councillor
            and comment.status == "published"
            and may_manage
        )
        if not (asked or period or manage or comment.id in replies):
            return None
        actions = get_template_attribute(
            "councillor_responses/_comment_actions.html", "comment_actions"
        )
        return Markup(  # noqa: S704  (an autoescaped template's output)
            actions(
                consultation,
                comment,
                asked,
                comment.id in replies,
                # The councillor's public record, when the council shows councillor pages.
                comment.id in replies
                and plugin_settings(NAME).get("councillor_responses_public_pages"),
                period,
                manage,
            )
        )

    @hookimpl
    def navigation_items(self, user: Any) -> list[NavItem]:
        """Councillors: their dashboard; officers: the responses report."""
        items = []
        if is_councillor(user):
            items.append(
                NavItem(_l("Your responses"), "/councillor-responses/", roles=("councillor",))
            )
        if has_permission(user, MANAGE):
            items.append(
                NavItem(
                    _l("Councillor responses"), "/councillor-responses/report", roles=("officer",)
                )
            )
        return items

    @hookimpl
    def register_permissions(self) -> list[Permission]:
        """Who asks for responses, reassigns them and keeps councillors' details."""
        return [
            Permission(
                MANAGE,
                roles=("officer",),
                description="Ask councillors to respond, reassign requests, keep their wards",
            )
        ]

    @hookimpl
    def settings_form(self) -> type[SettingsForm]:
        """Working days, bank holidays, escalation, pre-election replies, public pages."""
        return SettingsForm

    @hookimpl
    def cli_commands(self) -> list[click.Command]:
        """`flask councillor-responses remind`."""
        return [cli]

    @hookimpl
    def comment_pre_publish(self, comment: Any) -> None:
        """While the site pauses councillors' replies for a pre-election period, refuse them.

        Every comment a councillor posts carries their badge, so the pause
        covers the thread page as well as the dashboard; the councillor gets
        their text back with the date the pause ends.
        """
        services.refuse_if_paused(comment.author)
        return None

    @hookimpl
    def comment_published(self, comment: Any) -> None:
        """Route a resident's comment to their ward councillors; a councillor's reply closes."""
        rules.route_comment(comment)
        services.close_by_reply(comment)

    @hookimpl
    def consultation_opened(self, consultation: Any) -> None:
        """Ask ward councillors to respond to each thread, when the consultation's rule says so."""
        rules.apply_rule(consultation)

    @hookimpl
    def report_sections(self, consultation: Any) -> list[ReportSection]:
        """How many requests were answered on time, late, or are outstanding."""
        counts = standing.consultation_counts(consultation.id)
        if not counts.total:
            return []
        return [
            ReportSection(
                "councillor_responses_record",
                str(_l("Councillor responses")),
                render_fragment(
                    "councillor_responses/_counts.html", counts=counts, heading_level=3
                ),
                data={
                    "on_time": counts.on_time,
                    "late": counts.late,
                    "outstanding": counts.outstanding,
                    "overdue": counts.overdue,
                    "referred": counts.referred,
                    "declined": counts.declined,
                },
            )
        ]

    @hookimpl
    def personal_data(self, user: Any) -> dict[str, Any] | None:
        """A councillor’s profile, wards, requests, hand-overs and reminders."""
        return data_rights.personal_data(user)

    @hookimpl
    def erase_personal_data(self, user: Any) -> None:
        """Remove the councillor profile and reminders; unlink requests."""
        data_rights.erase_personal_data(user)
