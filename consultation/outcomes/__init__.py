"""outcomes feature package."""
