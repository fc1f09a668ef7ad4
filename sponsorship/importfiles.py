"""Reading an uploaded table (CSV or XLSX) and writing the import templates.

Rows carry the number the spreadsheet shows: the header is row 1, so the first data row
is row 2; blank rows are skipped but still counted, so an error names the row a person
sees. A row whose first cell starts with ``##`` ends the data: the CSV template lists its
code lists below such a row.

XLSX is read with openpyxl in read-only mode (streamed, bounded in rows and columns, its
zip's unpacked size checked before parsing) with ``data_only=True``: a formula cell is taken as the
value the spreadsheet program last saved for it, and the portal never evaluates one; a
formula saved without a result (some generated files) reads as empty.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

from django.utils.translation import gettext as _

from sponsorship.spreadsheet import restore, safe_cell, xlsx_bytes

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_BLANK_RUN = 1000  # this many empty rows in a row end the data
# A 5 MB upload may unpack to far more; refuse before parsing (zip bombs).
MAX_XLSX_UNPACKED = 80 * 1024 * 1024
END_MARKER = "##"
XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The upload is not a table we can read; the message is for the person uploading."""


def read_table(content: bytes | str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and ``(spreadsheet row number, {column: text})`` for each non-blank row."""
    if isinstance(content, bytes) and content.startswith(XLSX_MAGIC):
        records = _xlsx_records(content)
    else:
        records = _csv_records(content)
    header = [_header_name(h) for h in next(records, [])[:MAX_COLUMNS]]
    rows, blank_run = [], 0
    for number, record in enumerate(records, start=2):
        values = [restore(str(v).strip()) for v in record[:MAX_COLUMNS]]
        if values and values[0].startswith(END_MARKER):
            break
        if not any(values):
            # Formatted but empty rows can run to the sheet's end (a million of them).
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if len(rows) >= MAX_ROWS:
            raise UnreadableFile(_("At most %(n)d rows per import.") % {"n": MAX_ROWS})
        rows.append((number, {h: v for h, v in zip(header, values, strict=False) if h}))
    return header, rows


def _header_name(text) -> str:
    return str(text or "").strip().lstrip("\ufeff'").strip().lower()


def _csv_records(content):
    """CSV records; the separator is read from the header line alone.

    Values may legitimately contain the other separators ("nl:native; ar:basic"), which
    confuses a sniffer looking at the data rows.
    """
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    except UnicodeDecodeError:
        raise UnreadableFile(_("The file is not UTF-8 encoded text (save as CSV UTF-8).")) from None
    header_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max(",;\t", key=header_line.count)
    # newline="" lets csv see CR-only, LF and CRLF line ends alike (old Mac exports) and
    # keeps line breaks inside quoted values as they were.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error:
        # e.g. a value longer than csv.field_size_limit() (131,072 characters) or a quote
        # left open: not a CSV we can read, and not the server's fault.
        raise UnreadableFile(
            _(
                "The file cannot be read as CSV (for example, a value is "
                "longer than 100,000 characters); save it as CSV UTF-8."
            )
        ) from None


def _xlsx_records(content: bytes):
    from openpyxl import load_workbook

    unreadable = UnreadableFile(
        _(
            "The file cannot be read as an Excel workbook (.xlsx); "
            "save it again as .xlsx or as CSV UTF-8."
        )
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise UnreadableFile(_("The workbook is too large; split it or save it as CSV."))
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UnreadableFile:
        raise
    except Exception:  # openpyxl raises many kinds (KeyError, zip and XML errors)
        raise unreadable from None
    try:
        # The first sheet holds the data; the template's code lists are on the second.
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True):
            yield [_xlsx_text(v) for v in row]
    except UnreadableFile:
        raise
    except Exception:
        raise unreadable from None
    finally:
        book.close()


def _xlsx_text(value) -> str:
    """A cell as the text a CSV would hold: dates as ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return (
            value.date().isoformat()
            if value.time() == datetime.time()
            else value.isoformat(sep=" ")
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return str(value)


# --- templates ---------------------------------------------------------------------------


def template_xlsx(columns, code_lists) -> bytes:
    """Sheet 1: the header to fill in; sheet 2: every code list (column, code, name)."""
    codes = [(_("column"), _("code"), _("name"))]
    for code_list in code_lists:
        codes.extend((code_list.column, code, label) for code, label in code_list.rows())
    return xlsx_bytes([(_("import"), [list(columns)]), (_("codes"), codes)])


def template_csv(columns, code_lists) -> str:
    """The header, then below a ``##`` row (which ends the data) every code list."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([safe_cell(c) for c in columns])
    writer.writerow([])
    writer.writerow(
        [
            safe_cell(
                END_MARKER
                + " "
                + _(
                    "Code lists: the import reads no further than this row. Put your rows above it."
                )
            )
        ]
    )
    writer.writerow(
        [safe_cell(END_MARKER + " " + _("column")), safe_cell(_("code")), safe_cell(_("name"))]
    )
    for code_list in code_lists:
        for code, label in code_list.rows():
            writer.writerow(
                [safe_cell(END_MARKER + " " + code_list.column), safe_cell(code), safe_cell(label)]
            )
    # The BOM tells Excel the file is UTF-8 (town names such as Súdwest-Fryslân).
    return "\ufeff" + out.getvalue()
