"""Test support shipped with the core: fixtures, factories, helpers.

Installed as a pytest plugin (entry point `pytest11`), so the core's tests,
the bundled plugins' tests and third-party plugins' tests share them.
"""
