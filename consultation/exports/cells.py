"""The one place spreadsheet formula injection is neutralised (OWASP "CSV Injection").

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (and, in
some programs, a tab, carriage return or line feed before one, or the
full-width forms such as `＝`) as a formula, which can run commands or send
neighbouring cells to another site. Every text cell written to a CSV file
passes through `neutralise`, which puts an apostrophe in front of such a
cell: the spreadsheet shows it as text.

A cell that already starts with an apostrophe gets one more, so the rule
reads back without guessing: **every text cell of our CSV that starts with
an apostrophe had exactly one added; `restore` takes it off** and gives the
text as it was stored (a resident who typed `'=1+2` gets `'=1+2` back).
Numbers we produce ourselves (ids, counts) are written as numbers and never
start with an apostrophe. JSON exports carry the text unchanged.
"""

from __future__ import annotations

from typing import Any

#: First characters that make a cell a formula in Excel, LibreOffice or Google
#: Sheets; the full-width forms because some input methods turn them into formulas;
#: the apostrophe itself so the escape can always be undone.
TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20'")


def neutralise(value: Any) -> Any:
    """The cell as written to CSV: text that a spreadsheet would run gets a leading apostrophe.

    None becomes an empty cell; numbers and booleans are left as they are.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if value and value[0] in TRIGGERS:
            return "'" + value
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def restore(cell: str) -> str:
    """The stored text of a CSV text cell `neutralise` wrote (one leading apostrophe removed)."""
    return cell[1:] if cell.startswith("'") else cell
