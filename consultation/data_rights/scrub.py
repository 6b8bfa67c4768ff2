"""Finding and replacing a person's email address and name in stored text."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import Text, cast, func, or_
from sqlalchemy.sql.elements import ColumnElement

#: What a person's name becomes wherever it is scrubbed (the thread page says the same).
NAME_REPLACEMENT = "Former participant"
#: What a person's email address becomes.
EMAIL_REPLACEMENT = "[email address removed]"


class Scrubber:
    """Replaces one person's email address and display name in text and JSON values.

    The name is matched as a whole word, case-insensitively, so "Sam" does
    not change "Samuel"; the address anywhere.
    """

    def __init__(self, email: str, name: str) -> None:
        self.needles = [n for n in (email, name) if n]
        self._email = re.compile(re.escape(email), re.IGNORECASE) if email else None
        self._name = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE) if name else None

    def text(self, value: str | None) -> str | None:
        """`value` with the address and name replaced."""
        if not value:
            return value
        if self._email is not None:
            value = self._email.sub(EMAIL_REPLACEMENT, value)
        if self._name is not None:
            value = self._name.sub(NAME_REPLACEMENT, value)
        return value

    def value(self, value: Any) -> Any:
        """A JSON value (dict, list, text …) with every string in it scrubbed, keys included."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {self.text(key): self.value(item) for key, item in value.items()}
        return value

    def matches(self, *columns: Any, json_columns: tuple[Any, ...] = ()) -> ColumnElement[bool]:
        """SQL: any of `columns` (text) or `json_columns` may hold the address or name.

        A candidate filter only (the Python replacement decides); JSON is
        compared as stored text, where non-ASCII letters may be \\u-escaped.
        """
        terms = []
        for needle in self.needles:
            forms = {needle.lower(), json.dumps(needle.lower())[1:-1]}
            for column in columns:
                terms.extend(func.lower(column).contains(form, autoescape=True) for form in forms)
            for column in json_columns:
                terms.extend(
                    func.lower(cast(column, Text)).contains(form, autoescape=True) for form in forms
                )
        return or_(*terms)
