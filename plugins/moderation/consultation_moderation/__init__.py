"""Moderation: held and flagged comments, decided fairly and in the open."""
