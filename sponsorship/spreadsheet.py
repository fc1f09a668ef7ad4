"""The one function every exported spreadsheet cell goes through (CSV now, XLSX later).

A spreadsheet program opening an export runs any cell that starts like a formula
(OWASP "CSV injection"): ``=HYPERLINK(...)`` typed into the public application form would
become a live link or command in a coordinator's Excel. So every cell, whatever it was
built from (text, a joined list, a number), is made inert here and nowhere else.
"""

from __future__ import annotations

from decimal import Decimal

# What spreadsheet programs read as the start of a formula or of a cell boundary
# (OWASP CSV injection guidance, plus LF which LibreOffice also strips before parsing).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
LIST_SEPARATOR = "; "


def safe_cell(value) -> str:
    """The text to write for ``value``: lists joined, then neutralised, never a formula.

    Numbers the code computed (int, float, Decimal) stay numbers: a Python number cannot
    carry a formula, so -3 is written as -3. Text that merely looks like a number
    ("-3", "+31 6 1234 5678" typed by a user) is neutralised like any other text; telling
    a genuine number from "-1+cmd|' /C calc'!A0" by parsing text is what attacks exploit.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        # Joined first, neutralised after: the joined text is what the spreadsheet reads.
        value = LIST_SEPARATOR.join("" if v is None else str(v) for v in items)
    return neutralise(str(value))


def neutralise(text: str) -> str:
    """Prefix a formula-like text with an apostrophe, which spreadsheets show as text."""
    # Leading blanks do not protect: some programs trim them before parsing " =1+1".
    stripped = text.lstrip(" \x0b\x0c")
    if text.startswith(FORMULA_STARTS) or stripped.startswith(FORMULA_STARTS):
        return "'" + text
    return text
