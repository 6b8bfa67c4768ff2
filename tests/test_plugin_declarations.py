"""What plugins declare by name: prefixed, clash-checked at start-up, used only while on."""

import pytest
from flask import Blueprint
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange

from consultation.audit.models import AuditEvent
from consultation.plugin_api import (
    Channel,
    ExportColumn,
    Permission,
    Plugin,
    Role,
    available_channels,
    db,
    export_columns,
    export_value,
    has_permission,
    hookimpl,
    permission_required,
    plugin_roles,
    plugin_settings,
)
from consultation.plugin_system.models import PluginState
from consultation.plugin_system.registry import PluginError
from consultation.plugin_system.services import set_enabled
from consultation.templating import channel_label
from consultation.testing.factories import make_user


class Declares(Plugin):
    """Declares whatever it is given, under any name it is given."""

    def __init__(self, name, **declared):
        self.name, self.declared = name, declared

    @hookimpl
    def register_roles(self):
        return self.declared.get("roles", [])

    @hookimpl
    def register_permissions(self):
        return self.declared.get("permissions", [])

    @hookimpl
    def comment_channels(self):
        return self.declared.get("channels", [])

    @hookimpl
    def export_columns(self):
        return self.declared.get("columns", [])

    @hookimpl
    def cli_commands(self):
        return self.declared.get("commands", [])


def test_hook_register_roles_adds_roles_while_the_plugin_is_on(plugin_app):
    plugin_app(Declares("faq", roles=[Role("faq_editor", "FAQ editor")]))
    assert plugin_roles() == {"faq_editor": "FAQ editor"}


def test_a_role_without_the_prefix_stops_start_up(make_app):
    with pytest.raises(PluginError, match="'faq' declares the role 'editor'.*prefix 'faq_'"):
        make_app(EXTRA_PLUGINS=[Declares("faq", roles=[Role("editor", "Editor")])])


def test_a_core_role_cannot_be_declared(make_app):
    with pytest.raises(PluginError, match="both the core and plugin 'moderator'"):
        make_app(EXTRA_PLUGINS=[Declares("moderator", roles=[Role("moderator", "x")])])


def test_a_clash_between_two_plugins_stops_start_up_naming_both(make_app):
    first = Declares("faq", permissions=[Permission("faq_extra_edit", ("officer",))])
    second = Declares("faq_extra", permissions=[Permission("faq_extra_edit", ("officer",))])
    with pytest.raises(PluginError, match="both plugin 'faq' and plugin 'faq_extra'"):
        make_app(EXTRA_PLUGINS=[first, second])


def test_two_plugins_with_one_name_stop_start_up(make_app):
    with pytest.raises(PluginError, match="Two plugins are called 'faq'"):
        make_app(EXTRA_PLUGINS=[Declares("faq"), Declares("faq")])


def test_a_plugin_cannot_take_a_core_name(make_app):
    with pytest.raises(PluginError, match="'officer' is a name the core uses"):
        make_app(EXTRA_PLUGINS=[Declares("officer")])


def test_a_plugin_table_without_the_prefix_stops_start_up(make_app):
    # A plugin living in a package whose tables lack its prefix (here: the core's own).
    class Unprefixed(Plugin):
        name = "tests_plugin"

    with pytest.raises(PluginError, match="does not start with its prefix"):
        Unprefixed.__module__ = "consultation.plugin_system.models"  # owns 'plugin_state'
        make_app(EXTRA_PLUGINS=[Unprefixed()])


def _permission_app(plugin_app, enabled=True):
    bp = Blueprint("faq", __name__, url_prefix="/faq")

    @bp.get("/manage")
    @permission_required("faq_manage")
    def manage():
        return "manage page"

    class WithPage(Declares):
        def blueprints(self):
            return [bp]

    return plugin_app(
        WithPage("faq", permissions=[Permission("faq_manage", ("faq_editor", "officer"))]),
        enabled=enabled,
    )


def test_hook_register_permissions_grants_by_role_and_guards_routes(plugin_app):
    app = _permission_app(plugin_app)
    editor = make_user("faq_editor", email="editor@example.org")
    resident = make_user(email="resident@example.org")
    admin = make_user("admin")
    assert has_permission(editor, "faq_manage") and has_permission(admin, "faq_manage")
    assert not has_permission(resident, "faq_manage")
    assert not has_permission(editor, "faq_unknown")

    client = app.test_client()
    assert client.get("/faq/manage").status_code == 302  # sign in first
    client.login("resident@example.org")
    assert client.get("/faq/manage").status_code == 403
    client.logout()
    client.login("editor@example.org")
    assert client.get("/faq/manage").get_data(as_text=True) == "manage page"


def test_nobody_holds_a_disabled_plugins_permission(plugin_app):
    _permission_app(plugin_app, enabled=False)
    assert not has_permission(make_user("officer"), "faq_manage")


def test_hook_comment_channels_labels_and_availability(plugin_app):
    plugin_app(Declares("offline", channels=[Channel("offline_text", "By text message")]))
    assert channel_label("offline_text") == "By text message"
    assert available_channels()["offline_text"] == "By text message"
    assert available_channels()["paper"] == "Received by post"  # the core's stay


def test_a_disabled_plugins_channel_still_labels_old_responses(plugin_app):
    plugin_app(Declares("offline", channels=[Channel("offline_text", "By text")]), enabled=False)
    assert channel_label("offline_text") == "By text"
    assert "offline_text" not in available_channels()


def test_a_channel_cannot_reuse_a_core_code(make_app):
    with pytest.raises(PluginError, match="channel 'paper'"):
        make_app(EXTRA_PLUGINS=[Declares("offline", channels=[Channel("paper", "Post")])])


#: Long enough that "export_columns <name>" overflows the 64 characters kept for a hook.
WARD_COLUMN = "wards_name_of_the_ward_the_respondent_lives_in_as_given_on_the_form"


def test_hook_export_columns_of_enabled_plugins_and_a_failing_cell(plugin_app):
    def explode(comment):
        raise LookupError("no ward")

    plugin_app(
        Declares("offline", columns=[ExportColumn("offline_batch", "Batch", lambda c: "B1")]),
        Declares("wards", columns=[ExportColumn(WARD_COLUMN, "Ward", explode)]),
        Declares("hidden", columns=[ExportColumn("hidden_x", "X", str)]),
    )
    set_enabled("hidden", False)
    columns = export_columns()
    assert [c.name for c in columns] == ["offline_batch", WARD_COLUMN]
    assert [export_value(c, object()) for c in columns] == ["B1", ""]
    kept = db.session.get(PluginState, "wards")
    assert kept.last_error == "LookupError: no ward"
    assert kept.last_error_hook == f"export_columns {WARD_COLUMN}"[:64]


class Settings(FlaskForm):
    tuned_threshold = IntegerField(
        "Flags before a comment is hidden",
        default=3,
        validators=[
            InputRequired(message="Enter how many flags hide a comment"),
            NumberRange(min=1, max=50, message="Flags must be between 1 and 50"),
        ],
        widget=GovTextInput(),
    )
    tuned_note = StringField("Note", default="", widget=GovTextInput())


class Tuned(Plugin):
    name = "tuned"

    @hookimpl
    def settings_form(self):
        return Settings


def test_hook_settings_form_officer_saves_settings_the_plugin_reads(plugin_app):
    app = plugin_app(Tuned())
    make_user("officer", email="officer@example.org")
    client = app.test_client()
    client.login("officer@example.org")
    assert plugin_settings("tuned") == {"tuned_threshold": 3, "tuned_note": ""}

    page = "/officer/plugins/tuned"
    response = client.submit(
        f"{page}/settings", {"tuned_threshold": "0", "tuned_note": "kept"}, page=page
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Flags must be between 1 and 50" in html and 'value="kept"' in html

    response = client.submit(
        f"{page}/settings", {"tuned_threshold": "5", "tuned_note": "kept"}, page=page
    )
    assert response.status_code == 302
    assert plugin_settings("tuned") == {"tuned_threshold": 5, "tuned_note": "kept"}
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "plugin.settings")
    ).one()
    assert event.details["after"] == {"tuned_note": "kept", "tuned_threshold": 5}
    assert event.target_id == "tuned"


def test_a_setting_without_the_prefix_stops_start_up(make_app):
    class Loose(Plugin):
        name = "loose"

        @hookimpl
        def settings_form(self):
            return Settings

    with pytest.raises(PluginError, match="setting 'tuned_note'"):
        make_app(EXTRA_PLUGINS=[Loose()])


def test_hook_cli_commands_run_only_while_the_plugin_is_on(plugin_app):
    import click

    @click.command("reminders-send")
    def send():
        click.echo("sent 3 reminders")

    app = plugin_app(Declares("reminders", commands=[send]), enabled=False)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reminders-send"])
    assert result.exit_code != 0 and "switched off" in result.output

    assert runner.invoke(args=["plugins", "enable", "reminders"]).exit_code == 0
    result = runner.invoke(args=["reminders-send"])
    assert result.exit_code == 0 and "sent 3 reminders" in result.output


def test_a_command_without_the_prefix_stops_start_up(make_app):
    import click

    @click.command("send")
    def send():
        pass

    with pytest.raises(PluginError, match="command 'send'"):
        make_app(EXTRA_PLUGINS=[Declares("reminders", commands=[send])])
