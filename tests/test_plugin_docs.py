"""The plugin contract is documented and tested, hook by hook, and the guide's code is real."""

import inspect
import re
from pathlib import Path

import pytest

from consultation.plugin_system import hookspecs
from consultation.plugin_system.slots import SLOTS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "plugins.md").read_text()
HOOKS = sorted(
    name
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(function, "consultation_spec")
)
PLUGIN_TESTS = "\n".join(p.read_text() for p in sorted((ROOT / "tests").glob("test_plugin_*.py")))


def test_the_hook_list_is_the_contract_in_the_design():
    assert (
        sorted(
            [
                "cli_commands",
                "comment_channels",
                "comment_pre_publish",
                "anonymise_consultation",
                "erase_personal_data",
                "find_personal_data",
                "personal_data",
                "comment_published",
                "comment_slots",
                "comment_status_changed",
                "consultation_closed",
                "consultation_opened",
                "export_columns",
                "navigation_items",
                "outcome_published",
                "register_permissions",
                "register_roles",
                "report_sections",
                "settings_form",
                "template_slot",
            ]
        )
        == HOOKS
    )


def _guide_section(hook):
    match = re.search(rf"^### `{hook}`\n(.*?)(?=^#)", GUIDE, re.S | re.M)
    return match.group(1) if match else ""


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_docstring_with_its_error_policy(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert "Error policy:" in doc, f"{hook}: the hookspec's docstring must state its error policy"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_section_in_the_guide(hook):
    section = _guide_section(hook)
    assert section, f"docs/plugins.md needs a section '### `{hook}`'"
    assert "Error policy:" in section, f"the guide's section on {hook} must state its error policy"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook):
    assert re.search(rf"^def test_hook_{hook}(_\w+)?\(", PLUGIN_TESTS, re.M), (
        f"add a test named test_hook_{hook}… to tests/test_plugin_*.py"
    )


def test_every_template_slot_is_in_the_guide():
    section = _guide_section("template_slot")
    for slot in SLOTS:
        assert f"| `{slot}` |" in section, f"document the slot {slot} in docs/plugins.md"


def test_the_guides_code_is_the_example_plugins_code():
    blocks = re.findall(r"<!-- file: (\S+) -->\n```[a-z]*\n(.*?)```", GUIDE, re.S)
    shown = {path for path, _code in blocks}
    plugin_files = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests" / "plugins" / "faq").rglob("*")
        if p.is_file()
        and p.suffix in {".py", ".html", ".cfg", ".toml"}
        and "__pycache__" not in p.parts
    }
    plugin_files.discard("tests/plugins/faq/consultation_faq/__init__.py")
    assert plugin_files <= shown, f"the guide does not show {sorted(plugin_files - shown)}"
    for path, code in blocks:
        assert (ROOT / path).read_text() == code, f"docs/plugins.md shows an old {path}"


def _python_files(*folders):
    for folder in folders:
        yield from (p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def test_the_core_imports_no_plugin():
    offending = [
        str(path.relative_to(ROOT))
        for path in _python_files("consultation")
        if re.search(r"^\s*(from|import)\s+consultation_\w+", path.read_text(), re.M)
    ]
    assert offending == []


def test_plugins_import_only_the_plugin_api_from_the_core():
    packages = [p for p in (ROOT / "plugins").glob("*/consultation_*") if p.is_dir()]
    packages += [p for p in (ROOT / "tests" / "plugins").glob("*/consultation_*") if p.is_dir()]
    assert packages, "no plugin packages found"
    offending = []
    for package in packages:
        for path in _python_files(package.relative_to(ROOT)):
            for match in re.finditer(
                r"^\s*(?:from|import)\s+(consultation[\w.]*)", path.read_text(), re.M
            ):
                module = match.group(1)
                own = module.split(".")[0] == package.name
                if not own and module != "consultation.plugin_api":
                    offending.append(f"{path.relative_to(ROOT)}: {module}")
    assert offending == []
