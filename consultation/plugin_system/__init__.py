"""The plugin system: hook specifications, manager, state, slots, CLI and pages."""
