"""Officer console pages, one module per area; importing this registers every route."""

from consultation.officer.blueprint import bp
from consultation.officer.views import (  # noqa: F401  (each module adds its routes to bp)
    audit,
    consultations,
    dashboard,
    outcomes,
    people,
    threads,
)

__all__ = ["bp"]
