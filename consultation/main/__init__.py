"""main feature package."""
