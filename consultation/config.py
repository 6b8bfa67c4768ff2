"""Configuration read from the environment; see README.md for every variable."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """The configuration cannot be used safely (for example, no secret key in production)."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret(instance_path: Path) -> str:
    """Return a per-install development key kept in the instance folder."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def is_production(env: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """True when the environment marks this deployment as production."""
    return (
        env.get("FLASK_ENV", "").lower() == "production"
        or env.get("CONSULTATION_ENV", "").lower() == "production"
    )


def normalise_database_url(url: str) -> str:
    """Give PostgreSQL URLs the psycopg 3 driver SQLAlchemy should use."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _mail_config(env: dict[str, str] | os._Environ[str], production: bool) -> dict[str, Any]:
    """Email: the SMTP server, the site address used in links, tokens and the outbox."""
    use_tls = _bool(env.get("MAIL_USE_TLS"), False)
    use_ssl = _bool(env.get("MAIL_USE_SSL"), False)
    if use_tls and use_ssl:
        raise ConfigError(
            "MAIL_USE_TLS (STARTTLS, usually port 587) and MAIL_USE_SSL (implicit TLS, usually "
            "port 465) cannot both be on. Choose the one your mail server offers."
        )
    server = env.get("MAIL_SERVER", "")
    site_url = env.get("SITE_URL", "").rstrip("/")
    if production and server and not site_url:
        raise ConfigError(
            "SITE_URL is not set. Emails link to the site, so set SITE_URL to its public "
            "address, for example https://haveyoursay.example.gov.uk"
        )
    council = env.get("COUNCIL_NAME", "Example District Council")
    contact = env.get("COUNCIL_CONTACT_EMAIL", "consultations@example.org")
    return {
        "SITE_URL": site_url or "http://127.0.0.1:5000",
        "MAIL_SERVER": server,
        "MAIL_PORT": int(env.get("MAIL_PORT", "465" if use_ssl else "25")),
        "MAIL_USE_TLS": use_tls,
        "MAIL_USE_SSL": use_ssl,
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", f"{council} <{contact}>"),
        "MAIL_TIMEOUT": int(env.get("MAIL_TIMEOUT", "10")),
        "EMAIL_VERIFICATION_REQUIRED_TO_COMMENT": _bool(
            env.get("EMAIL_VERIFICATION_REQUIRED_TO_COMMENT"), False
        ),
        "EMAIL_VERIFICATION_HOURS": int(env.get("EMAIL_VERIFICATION_HOURS", "48")),
        "PASSWORD_RESET_MINUTES": int(env.get("PASSWORD_RESET_MINUTES", "60")),
        "RATELIMIT_PASSWORD_RESET": env.get("RATELIMIT_PASSWORD_RESET", "5 per minute;20 per hour"),
        "NOTIFICATIONS_DIGEST_HOUR": int(env.get("NOTIFICATIONS_DIGEST_HOUR", "7")),
        "NOTIFICATIONS_MAX_ATTEMPTS": int(env.get("NOTIFICATIONS_MAX_ATTEMPTS", "10")),
        "NOTIFICATIONS_RETRY_SECONDS": int(env.get("NOTIFICATIONS_RETRY_SECONDS", "60")),
        "NOTIFICATIONS_LEASE_SECONDS": int(env.get("NOTIFICATIONS_LEASE_SECONDS", "300")),
        "NOTIFICATIONS_KEEP_DAYS": int(env.get("NOTIFICATIONS_KEEP_DAYS", "30")),
    }


def plugin_names(value: str) -> list[str] | None:
    """CONSULTATION_PLUGINS: empty or "all" loads every installed plugin; "none" loads none."""
    value = value.strip().lower()
    if value in {"", "all"}:
        return None
    if value == "none":
        return []
    return [name.strip() for name in value.split(",") if name.strip()]


def _data_rights_config(env: dict[str, str] | os._Environ[str]) -> dict[str, Any]:
    """Account erasure and retention (see docs/data-rights.md)."""
    comments = env.get("ERASURE_COMMENTS", "keep").strip().lower() or "keep"
    if comments not in ("keep", "remove"):
        raise ConfigError(
            f"ERASURE_COMMENTS must be keep (comments stay as 'Former participant') or "
            f"remove (comments are deleted), not {comments!r}"
        )
    months = int(env.get("RETENTION_MONTHS", "24"))
    if months < 1:
        raise ConfigError("RETENTION_MONTHS must be a whole number of months, 1 or more")
    return {"ERASURE_COMMENTS": comments, "RETENTION_MONTHS": months}


def load_config(
    instance_path: Path, env: dict[str, str] | os._Environ[str] = os.environ
) -> dict[str, Any]:
    """Build the Flask configuration from environment variables."""
    production = is_production(env)
    secret = env.get("SECRET_KEY")
    if not secret:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. A production deployment must set SECRET_KEY to a long "
                "random value, for example the output of: "
                "python -c 'import secrets; print(secrets.token_hex(32))'"
            )
        secret = _development_secret(instance_path)

    database_url = normalise_database_url(
        env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'consultation.db'}"
    )

    https = _bool(env.get("SESSION_COOKIE_SECURE"), production)
    remember_days = min(int(env.get("REMEMBER_COOKIE_DAYS", "30")), 30)
    return {
        "PRODUCTION": production,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(2 * 1024 * 1024))),
        "MAX_FORM_MEMORY_SIZE": int(env.get("MAX_FORM_MEMORY_SIZE", str(500 * 1024))),
        "MAX_FORM_PARTS": int(env.get("MAX_FORM_PARTS", "1000")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_DURATION": timedelta(days=remember_days),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=remember_days),
        # A long writing session must not lose the comment: the CSRF token lives
        # as long as the session, and an expired one re-renders the form with the text.
        "WTF_CSRF_TIME_LIMIT": int(env.get("WTF_CSRF_TIME_LIMIT", str(8 * 3600))),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_LOGIN": env.get("RATELIMIT_LOGIN", "10 per minute;50 per hour"),
        "RATELIMIT_REGISTER": env.get("RATELIMIT_REGISTER", "5 per minute;30 per hour"),
        "RATELIMIT_COMMENT": env.get("RATELIMIT_COMMENT", "10 per minute;100 per hour"),
        "PROXY_FIX_X_FOR": int(env.get("PROXY_FIX_X_FOR", "0")),
        "PROXY_FIX_X_PROTO": int(env.get("PROXY_FIX_X_PROTO", "0")),
        "COUNCIL_NAME": env.get("COUNCIL_NAME", "Example District Council"),
        "COUNCIL_LOGO_URL": env.get("COUNCIL_LOGO_URL", ""),
        "COUNCIL_CONTACT_EMAIL": env.get("COUNCIL_CONTACT_EMAIL", "consultations@example.org"),
        "SERVICE_NAME": env.get("SERVICE_NAME", "Have your say"),
        "COMMENT_MAX_LENGTH": int(env.get("COMMENT_MAX_LENGTH", "5000")),
        "COMMENTS_PER_PAGE": int(env.get("COMMENTS_PER_PAGE", "20")),
        # Seconds a worker may serve a thread page it rendered for someone not
        # signed in again (see consultations/page_cache.py); 0 turns it off. On
        # by default: a viral thread is read by thousands who are not signed in,
        # and a page checked against the database on every view loses nothing.
        "ANONYMOUS_PAGE_CACHE_SECONDS": float(env.get("ANONYMOUS_PAGE_CACHE_SECONDS", "5")),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "Europe/London",
        "DISPLAY_TIMEZONE": "Europe/London",
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "PLUGINS": plugin_names(env.get("CONSULTATION_PLUGINS", "")),
        **_data_rights_config(env),
        **_mail_config(env, production),
    }
