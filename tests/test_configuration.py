"""A deployment is configured from the environment, and refuses to run unsafely.

Every variable is documented in README.md; these are the ones with a safety
rule attached.
"""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from consultation import create_app
from consultation.config import ConfigError, load_config
from consultation.testing.pytest_plugin import test_config as config_for


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app(config_for(f"sqlite:///{tmp_path / 'x.db'}"))
    with pytest.raises(ConfigError):
        load_config(tmp_path, {"CONSULTATION_ENV": "production"})


def test_without_a_key_development_keeps_one_private_key_in_the_instance_folder(tmp_path):
    first = load_config(tmp_path, {})["SECRET_KEY"]
    second = load_config(tmp_path, {})["SECRET_KEY"]
    assert first == second and len(first) >= 64
    key_file = tmp_path / "dev-secret-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_keep_me_signed_in_is_capped_at_30_days_whatever_is_asked(tmp_path):
    config = load_config(tmp_path, {"SECRET_KEY": "k", "REMEMBER_COOKIE_DAYS": "90"})
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)
    assert config["PERMANENT_SESSION_LIFETIME"] <= timedelta(days=30)
    shorter = load_config(tmp_path, {"SECRET_KEY": "k", "REMEMBER_COOKIE_DAYS": "7"})
    assert shorter["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)


def test_cookies_are_secure_in_production_unless_told_otherwise(tmp_path):
    production = {"SECRET_KEY": "k", "FLASK_ENV": "production"}
    assert load_config(tmp_path, production)["SESSION_COOKIE_SECURE"] is True
    assert load_config(tmp_path, production)["REMEMBER_COOKIE_SECURE"] is True
    assert load_config(tmp_path, {"SECRET_KEY": "k"})["SESSION_COOKIE_SECURE"] is False
    behind_https = {"SECRET_KEY": "k", "SESSION_COOKIE_SECURE": "true"}
    assert load_config(tmp_path, behind_https)["SESSION_COOKIE_SECURE"] is True


def test_rate_limits_are_on_unless_switched_off_for_load_tests(tmp_path):
    assert load_config(tmp_path, {"SECRET_KEY": "k"})["RATELIMIT_ENABLED"] is True
    off = load_config(tmp_path, {"SECRET_KEY": "k", "RATELIMIT_ENABLED": "false"})
    assert off["RATELIMIT_ENABLED"] is False


def test_request_size_limits_come_from_the_environment(tmp_path):
    config = load_config(
        tmp_path,
        {"SECRET_KEY": "k", "MAX_CONTENT_LENGTH": "1000", "MAX_FORM_PARTS": "50"},
    )
    assert (config["MAX_CONTENT_LENGTH"], config["MAX_FORM_PARTS"]) == (1000, 50)
    defaults = load_config(tmp_path, {"SECRET_KEY": "k"})
    assert defaults["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert defaults["MAX_FORM_PARTS"] == 1000


def test_a_postgres_url_uses_the_psycopg_driver(tmp_path):
    config = load_config(tmp_path, {"SECRET_KEY": "k", "DATABASE_URL": "postgres://u@h/db"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def _with_scheme_page(app):
    @app.route("/test-scheme")
    def scheme() -> str:
        from flask import request

        return request.scheme

    return app


def test_forwarded_headers_are_trusted_only_when_configured(make_app):
    plain = _with_scheme_page(make_app())
    proxied = _with_scheme_page(make_app(PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1))
    assert not isinstance(plain.wsgi_app, ProxyFix)
    assert isinstance(proxied.wsgi_app, ProxyFix)
    headers = {"X-Forwarded-Proto": "https"}
    assert proxied.test_client().get("/test-scheme", headers=headers).text == "https"
    assert plain.test_client().get("/test-scheme", headers=headers).text == "http"
