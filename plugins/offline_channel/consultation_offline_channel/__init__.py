"""Offline channel: paper, phone and event responses, entered by staff, counted like online ones."""
