"""The one function every exported spreadsheet cell goes through, in CSV and XLSX alike.

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
    if isinstance(value, int | float | Decimal):
        return str(value)
    # Joined first, neutralised after: the joined text is what the spreadsheet reads.
    return neutralise(_as_text(value))


def _as_text(value) -> str:
    """A cell's text before neutralising: lists joined (sets in a stable order)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return LIST_SEPARATOR.join("" if v is None else str(v) for v in items)
    return str(value)


def neutralise(text: str) -> str:
    """Prefix a formula-like text with an apostrophe, which spreadsheets show as text."""
    # Leading blanks do not protect: some programs trim them before parsing " =1+1".
    stripped = text.lstrip(" \x0b\x0c")
    if text.startswith(FORMULA_STARTS) or stripped.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def restore(text: str) -> str:
    """Undo ``neutralise`` on an imported cell, so the portal's own export imports back.

    Only an apostrophe that ``neutralise`` would have added goes: "'=1+1" becomes "=1+1"
    (stored as text, never evaluated), while "'s-Hertogenbosch" keeps its apostrophe.
    """
    if text.startswith("'") and neutralise(text[1:]) != text[1:]:
        return text[1:]
    return text


# --- XLSX -------------------------------------------------------------------------------
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# openpyxl turns any string starting with "=" into a formula cell. So every text cell is
# forced to the string type, and text that safe_cell neutralises gets Excel's own
# "quote prefix" (what typing a leading apostrophe does) instead of a visible apostrophe:
# the cell stays text when a user edits it, and the value carries no stray "'".


def xlsx_cell(sheet, value):
    """A write-only openpyxl cell for ``value``: a number, or text that stays text."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    text = _as_text(value)
    quoted = neutralise(text) != text
    # XML 1.0 cannot hold most control characters; openpyxl would refuse the whole file.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    if quoted:
        cell.quotePrefix = True
    return cell


def xlsx_bytes(sheets) -> bytes:
    """A workbook from ``[(title, rows)]``; every cell through ``xlsx_cell``."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for number, row in enumerate(rows):
            cells = [xlsx_cell(sheet, value) for value in row]
            if number == 0:
                for cell in cells:
                    cell.font = Font(bold=True)
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
