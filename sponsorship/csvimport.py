"""CSV import with a dry-run preview and all-or-nothing commit, shared by every app.

An app subclasses ``CsvImporter``: ``row_form`` validates one row (a Django form whose
field names are the CSV columns) and ``save_row`` creates the objects. ``run`` validates
every row first; with no errors and ``dry_run=False`` it saves all rows in one
transaction, and any failure while saving rolls back every row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sponsorship import audit

MAX_ROWS = 5000


@dataclass
class RowReport:
    number: int  # 1-based data row, header excluded; spreadsheets show number + 1
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    action: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r.errors) for r in self.rows)


def read_csv(content: bytes | str) -> tuple[list[str], list[dict]]:
    """Decode (UTF-8, with or without BOM) and return header and rows.

    The separator is read from the header line alone (the one with most of ',', ';' or
    tab): values may legitimately contain the other separators ("nl:native; ar:basic"),
    which confuses a sniffer looking at the data rows.
    """
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    header_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max(",;\t", key=header_line.count)
    # newline="" lets csv see CR-only, LF and CRLF line ends alike (old Mac exports) and
    # keeps line breaks inside quoted values as they were.
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    rows = []
    for raw in reader:
        rows.append({(k or "").strip(): (v or "").strip() for k, v in raw.items()
                     if k is not None})
    return header, rows


class CsvImporter:
    row_form = None
    required_columns: tuple[str, ...] = ()
    object_label = "row"

    def __init__(self, user):
        self.user = user

    def form_kwargs(self) -> dict:
        return {}

    def describe(self, form) -> str:
        """What saving this row will do, shown in the preview."""
        return _("create")

    def save_row(self, form, row: RowReport):  # pragma: no cover - abstract
        raise NotImplementedError

    def validate(self, content) -> tuple[ImportReport, list]:
        report = ImportReport()
        try:
            header, rows = read_csv(content)
        except UnicodeDecodeError:
            report.file_errors.append(_("The file is not UTF-8 encoded text (save as CSV UTF-8)."))
            return report, []
        except csv.Error:
            # e.g. a value longer than csv.field_size_limit() (131,072 characters) or a
            # quote left open: not a CSV we can read, and not the server's fault.
            report.file_errors.append(_("The file cannot be read as CSV (for example, a value "
                                        "is longer than 100,000 characters); save it as CSV "
                                        "UTF-8."))
            return report, []
        missing = [c for c in self.required_columns if c not in header]
        if missing:
            report.file_errors.append(_("Missing columns: %(cols)s") % {"cols": ", ".join(missing)})
            return report, []
        if not rows:
            report.file_errors.append(_("The file has no data rows."))
        if len(rows) > MAX_ROWS:
            report.file_errors.append(_("At most %(n)d rows per import.") % {"n": MAX_ROWS})
            return report, []
        forms = []
        for number, values in enumerate(rows, start=1):
            row = RowReport(number=number, values=values)
            form = self.row_form(data=values, **self.form_kwargs())
            if form.is_valid():
                row.action = self.describe(form)
            else:
                for name, errors in form.errors.items():
                    column = name if name != "__all__" else ""
                    row.errors.extend((column, str(e)) for e in errors)
            report.rows.append(row)
            forms.append(form)
        self.check_rows(report, forms)
        return report, forms

    def check_rows(self, report: ImportReport, forms: list) -> None:
        """Cross-row checks (duplicates inside the file); add errors to report rows."""

    def run(self, content, *, dry_run: bool) -> ImportReport:
        report, forms = self.validate(content)
        if dry_run or not report.ok:
            return report
        try:
            with transaction.atomic():
                for form, row in zip(forms, report.rows, strict=True):
                    try:
                        with transaction.atomic():
                            self.save_row(form, row)
                    except (ValidationError, IntegrityError) as exc:
                        row.errors.append(("", _messages(exc)))
                        raise
                audit.record(audit.Action.IMPORT, actor=self.user,
                             object_type=self.object_label,
                             summary=f"CSV import of {len(report.rows)} rows")
        except (ValidationError, IntegrityError):
            return report
        report.committed = True
        return report


def _messages(exc) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return _("This row conflicts with existing data.")


# --- the shared view: upload -> dry-run preview -> confirm (all-or-nothing) -------------

def import_view(request, importer_class, *, title, template_columns, back_url,
                cache_prefix="csvimport"):
    """Handle the three steps of a CSV import for any importer.

    The uploaded bytes wait in the cache between preview and confirmation, keyed by a
    random token bound to the user, so the confirmed import is exactly what was previewed.
    """
    import secrets

    from django import forms as djforms
    from django.contrib import messages
    from django.core.cache import cache
    from django.shortcuts import redirect, render

    class UploadForm(djforms.Form):
        file = djforms.FileField(label=_("CSV file"))

    importer = importer_class(request.user)
    report = None
    token = ""
    form = UploadForm()
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.POST.get("token", "")
        key = f"{cache_prefix}:{request.user.pk}:{token}"
        content = cache.get(key)
        if content is None:
            messages.error(request, _("The preview expired; upload the file again."))
            return redirect(request.path)
        report = importer.run(content, dry_run=False)
        if report.committed:
            cache.delete(key)
            messages.success(request, _("Imported %(n)d rows.") % {"n": len(report.rows)})
            return redirect(back_url)
        messages.error(request, _("Nothing was imported: a row failed while saving."))
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 5 * 1024 * 1024:
                form.add_error("file", _("The file is larger than 5 MB."))
            else:
                content = upload.read()
                report = importer.run(content, dry_run=True)
                # A file that cannot be read at all is the upload field's error.
                for error in report.file_errors:
                    form.add_error("file", error)
                if report.ok:
                    token = secrets.token_urlsafe(16)
                    cache.set(f"{cache_prefix}:{request.user.pk}:{token}", content, 3600)
    return render(request, "sponsorship/csv_import.html", {
        "title": title, "form": form, "report": report, "token": token,
        "template_columns": template_columns, "back_url": back_url,
    })
