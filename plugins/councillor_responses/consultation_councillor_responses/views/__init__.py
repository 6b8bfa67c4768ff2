"""The plugin's pages: the councillor's dashboard, officers' pages, the public councillor page."""

from __future__ import annotations

from consultation_councillor_responses.blueprint import bp
from consultation_councillor_responses.views import dashboard, officer, people, public

__all__ = ["bp", "dashboard", "officer", "people", "public"]
