"""The plugin system: hookspecs, registry, per-request switches, slots, CLI, officer pages.

Plugins import `consultation.plugin_api`, never this package directly.
"""

from __future__ import annotations

from flask import Flask, abort, request
from sqlalchemy import select

from consultation.plugin_system.registry import EXTENSION_KEY, build_registry, registry

_configured_migrate = False


def _consultation_in_url() -> int | None:
    """The consultation a plugin route is about, from `<consultation_id>` or a slug."""
    args = request.view_args or {}
    if "consultation_id" in args:
        return int(args["consultation_id"])
    slug = args.get("consultation_slug", args.get("slug"))
    if slug is None:
        return None
    from consultation.consultations.models import Consultation
    from consultation.extensions import db

    return db.session.scalar(select(Consultation.id).where(Consultation.slug == str(slug)))


def _gate_plugin_routes() -> None:
    """A disabled plugin's routes (its static files too) answer 404, on every worker."""
    from consultation.plugin_system.state import is_enabled

    owners = registry().blueprint_owner
    owner = next((owners[name] for name in request.blueprints if name in owners), None)
    if owner is not None and not is_enabled(owner, _consultation_in_url()):
        abort(404)


def init_app(app: Flask) -> None:
    """Load every installed plugin and wire the plugin system into `app`."""
    global _configured_migrate
    from consultation.extensions import migrate
    from consultation.plugin_system import cli
    from consultation.plugin_system.calling import end_request
    from consultation.plugin_system.migrations import configure_alembic
    from consultation.plugin_system.state import begin_request
    from consultation.plugin_system.views import bp

    app.extensions[EXTENSION_KEY] = build_registry(app)
    app.register_blueprint(bp)
    # First in line, so every later before_request function shares this request's cache.
    app.before_request_funcs.setdefault(None, []).insert(0, begin_request)
    app.before_request(_gate_plugin_routes)
    app.teardown_request(end_request)
    if not _configured_migrate:
        # The Migrate extension is shared by every app; the callback reads the current app.
        migrate.configure(configure_alembic)
        _configured_migrate = True
    cli.init_app(app, registry(app).declarations.cli_commands)
