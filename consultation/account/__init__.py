"""account feature package."""
