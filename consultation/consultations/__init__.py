"""consultations feature package."""
