"""Residents' data rights: download what is held, erase an account, subject access, retention.

The core collects and erases its own tables; plugins answer for theirs
through the `personal_data`, `erase_personal_data`, `find_personal_data` and
`anonymise_consultation` hooks (see docs/plugins.md and docs/data-rights.md).
"""
