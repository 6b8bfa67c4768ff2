"""Form building blocks shared by every feature."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, ValidationError

from consultation.sanitiser import normalise_text


def normalised(value: Any) -> Any:
    """WTForms filter: clean multi-line text a person typed."""
    return normalise_text(value) if isinstance(value, str) else value


def normalised_line(value: Any) -> Any:
    """WTForms filter: clean single-line text (names, titles, emails)."""
    return normalise_text(value, single_line=True) if isinstance(value, str) else value


class MaxChars:
    """Validator: at most `limit` characters, saying how many were typed."""

    def __init__(self, limit: int | None = None, config_key: str | None = None) -> None:
        self.limit = limit
        self.config_key = config_key

    def __call__(self, form: FlaskForm, field: Field) -> None:
        from flask import current_app

        limit = self.limit or current_app.config[self.config_key]
        length = len(field.data or "")
        if length > limit:
            raise ValidationError(
                _l(
                    "%(label)s must be %(limit)s characters or fewer – you have %(length)s",
                    label=field.label.text,
                    limit=f"{limit:,}",
                    length=f"{length:,}",
                )
            )


def readable(form: FlaskForm, field: Field) -> None:
    """Validator: refuse text with U+FFFD, the mark left where invalid UTF-8 was sent.

    The request parser decodes broken bytes to U+FFFD for every form encoding;
    refusing them here keeps mojibake out of the database while the person's
    text comes back for them to correct.
    """
    if "\ufffd" in (field.data or ""):
        raise ValidationError(
            _l(
                "%(label)s contains characters we could not read (shown as �). "
                "Remove them and try again",
                label=field.label.text,
            )
        )
