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

from collections.abc import Iterable
from typing import Any

#: First characters that make a cell a formula in Excel, LibreOffice or Google
#: Sheets; the full-width forms because some input methods turn them into formulas;
#: the apostrophe itself so the escape can always be undone.
TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20'")


def neutralise(value: Any) -> Any:
    """The cell as written to CSV: text that a spreadsheet would run gets a leading apostrophe.

    None becomes an empty cell; numbers are left as they are; booleans are
    written `true` or `false`.
    """
    return neutralise_row((value,))[0]


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    """`neutralise` for every cell of a row (one loop: exports call it for every row)."""
    cells = []
    for value in values:
        if value.__class__ is str:
            if value and value[0] in TRIGGERS:
                value = "'" + value
        elif value is None:
            value = ""
        elif value is True:
            value = "true"
        elif value is False:
            value = "false"
        elif isinstance(value, str):  # a str subclass (lazy text, Markup): as text
            value = "'" + value if value and value[0] in TRIGGERS else str(value)
        cells.append(value)
    return cells


def restore(cell: str) -> str:
    """The stored text of a CSV text cell `neutralise` wrote (one leading apostrophe removed)."""
    return cell[1:] if cell.startswith("'") else cell
