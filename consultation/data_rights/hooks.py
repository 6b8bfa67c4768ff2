"""Calling the data-rights hooks: every loaded plugin, switched on or not.

A plugin switched off still holds what it stored while it ran, so a
download, an erasure, a search or a retention run asks every plugin the app
loaded, not only the enabled ones. (A plugin left out of
`CONSULTATION_PLUGINS` is not loaded and cannot be asked: see
docs/data-rights.md.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from consultation.data_rights.types import PersonalDataHit
from consultation.plugin_system.calling import call, describe
from consultation.plugin_system.registry import LoadedPlugin, registry

log = logging.getLogger("consultation.plugins")


class PluginDataError(RuntimeError):
    """A plugin failed while answering for the personal data it holds."""

    def __init__(self, plugin: str, hook: str, error: BaseException) -> None:
        super().__init__(f"plugin {plugin} failed in {hook}: {describe(error)}")
        self.plugin = plugin
        self.hook = hook
        self.error = error


def _impls(hook: str) -> Iterator[tuple[LoadedPlugin, Any]]:
    """(plugin, hookimpl) for every loaded plugin implementing `hook`, by priority."""
    reg = registry()
    impls = getattr(reg.pm.hook, hook).get_hookimpls()
    for impl in sorted(impls, key=lambda i: (reg.plugins[i.plugin_name].priority, i.plugin_name)):
        yield reg.plugins[impl.plugin_name], impl


def _fail(loaded: LoadedPlugin, hook: str, exc: BaseException) -> PluginDataError:
    log.error("plugin %s failed in %s", loaded.name, hook, exc_info=exc)
    return PluginDataError(loaded.name, hook, exc)


def plugin_personal_data(user: Any) -> dict[str, Any]:
    """Each plugin's section of `user`'s download, by plugin name (empty sections left out).

    Raises PluginDataError when a plugin fails: an incomplete download must
    never look complete.
    """
    sections: dict[str, Any] = {}
    for loaded, impl in _impls("personal_data"):
        try:
            section = call(impl, {"user": user})
        except Exception as exc:
            raise _fail(loaded, "personal_data", exc) from exc
        if section:
            sections[loaded.name] = section
    return sections


def plugin_erase(user: Any) -> None:
    """Ask every plugin to erase what it holds about `user`, in the caller's transaction.

    Raises PluginDataError when a plugin fails; the caller rolls everything back.
    """
    for loaded, impl in _impls("erase_personal_data"):
        try:
            call(impl, {"user": user})
        except Exception as exc:
            raise _fail(loaded, "erase_personal_data", exc) from exc


def plugin_find(query: str) -> tuple[dict[str, list[PersonalDataHit]], list[str]]:
    """Hits for `query` by plugin name, and the names of plugins that failed to search."""
    found: dict[str, list[PersonalDataHit]] = {}
    failed: list[str] = []
    for loaded, impl in _impls("find_personal_data"):
        try:
            hits = list(call(impl, {"query": query}) or ())
        except Exception as exc:
            _fail(loaded, "find_personal_data", exc)
            failed.append(loaded.name)
            continue
        if any(not isinstance(hit, PersonalDataHit) for hit in hits):
            log.error("plugin %s returned something other than PersonalDataHit", loaded.name)
            failed.append(loaded.name)
            continue
        if hits:
            found[loaded.name] = hits
    return found, failed


def plugin_anonymise(consultation: Any) -> dict[str, int]:
    """Records each plugin anonymised for `consultation`, by plugin name (zeros left out).

    Raises PluginDataError when a plugin fails; the caller rolls the
    consultation's changes back.
    """
    counts: dict[str, int] = {}
    for loaded, impl in _impls("anonymise_consultation"):
        try:
            changed = int(call(impl, {"consultation": consultation}) or 0)
        except Exception as exc:
            raise _fail(loaded, "anonymise_consultation", exc) from exc
        if changed:
            counts[loaded.name] = changed
    return counts


def keep_error(error: PluginDataError) -> None:
    """Keep a plugin's failure as its last error (after the caller rolled its work back)."""
    from sqlalchemy.exc import SQLAlchemyError

    from consultation.extensions import db
    from consultation.plugin_system.calling import store_error

    try:
        db.session.rollback()
        store_error(error.plugin, error.hook, error.error)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("could not keep the error of plugin %s", error.plugin, exc_info=True)
