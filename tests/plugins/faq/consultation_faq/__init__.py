"""Consultation FAQ: questions and answers beside a consultation."""
