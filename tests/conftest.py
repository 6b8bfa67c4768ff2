"""Core test configuration; fixtures come from consultation.testing (a pytest plugin)."""
