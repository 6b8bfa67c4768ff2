"""Exports of a consultation's responses (officers) and its open data (everyone, once closed)."""
