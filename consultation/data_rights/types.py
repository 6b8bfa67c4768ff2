"""What a plugin hands back when staff search for a person's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PersonalDataHit:
    """One record a plugin holds about someone a subject-access search names.

    `reference` is unique within the plugin (e.g. "response-12"): staff
    download `data` for it from the search page. `label` is what the record
    is ("Offline respondent"), `name` and `summary` what staff see in the
    results; `data` is everything held, JSON-serialisable.
    """

    reference: str
    label: str
    name: str
    summary: str
    data: dict[str, Any] = field(default_factory=dict)
