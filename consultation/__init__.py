"""Consultation: public consultations for UK local councils."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from consultation.config import load_config, normalise_database_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, plugins."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_config(Path(app.instance_path)))
    if config:
        app.config.update(config)
        if "DATABASE_URL" in config:
            app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["DATABASE_URL"])

    _configure_logging(app)
    if app.config["PROXY_FIX_X_FOR"] or app.config["PROXY_FIX_X_PROTO"]:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=app.config["PROXY_FIX_X_FOR"],
            x_proto=app.config["PROXY_FIX_X_PROTO"],
        )

    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )

    _init_extensions(app)
    _register_blueprints(app)
    # Every installed plugin: blueprints before the first request, switches read per request.
    from consultation import plugin_system

    plugin_system.init_app(app)

    from consultation import cli, errors, request, templating

    request.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _configure_logging(app: Flask) -> None:
    level = getattr(logging, str(app.config["LOG_LEVEL"]).upper(), logging.INFO)
    app.logger.setLevel(level)


def _init_extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from consultation import models  # noqa: F401  (every model registered before use)
    from consultation.auth.session import init_login
    from consultation.database import init_database, render_item
    from consultation.extensions import babel, csrf, db, limiter, migrate

    db.init_app(app)
    init_database(app)
    migrate.init_app(
        app,
        db,
        directory=str(MIGRATIONS_DIR),
        render_as_batch=True,
        render_item=render_item,
        compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, default_timezone="Europe/London")
    init_login(app)
    WTFormsHelpers(app)


def _register_blueprints(app: Flask) -> None:
    from consultation.account.views import bp as account_bp
    from consultation.auth.recovery_views import bp as recovery_bp
    from consultation.auth.views import bp as auth_bp
    from consultation.consultations.cli import consultations_cli
    from consultation.consultations.views import bp as consultations_bp
    from consultation.exports.api import bp as api_bp
    from consultation.exports.views import bp as exports_bp
    from consultation.learning.views import bp as learning_bp
    from consultation.main.views import bp as main_bp
    from consultation.notifications.cli import notifications_cli
    from consultation.notifications.views import bp as notifications_bp
    from consultation.officer.views import bp as officer_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(consultations_bp)
    # The data-rights pages join the account and officer blueprints before they register.
    from consultation.data_rights import views as _data_rights_views  # noqa: F401
    from consultation.data_rights.cli import retention_cli

    app.register_blueprint(account_bp)
    app.cli.add_command(retention_cli)
    app.register_blueprint(recovery_bp)
    app.register_blueprint(notifications_bp)
    app.cli.add_command(notifications_cli)
    app.register_blueprint(officer_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(learning_bp)
    app.register_blueprint(api_bp)
    app.cli.add_command(consultations_cli)
