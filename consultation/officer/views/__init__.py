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
from consultation.reports.views import bp as reports_bp

# The decision report's pages live under /officer/ too (endpoints "officer.reports.*").
bp.register_blueprint(reports_bp)

__all__ = ["bp"]
