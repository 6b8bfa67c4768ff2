"""Email notifications: the outbox, preferences, digests, verification and password reset.

Every message is a row in the outbox, written in the same transaction as the
event that caused it; `flask notifications send` (run by cron) delivers the
rows through SMTP. See docs/notifications.md.
"""
