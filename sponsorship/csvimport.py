"""CSV/XLSX import with a dry-run preview and all-or-nothing commit, shared by every app.

An app subclasses ``CsvImporter``: ``row_form`` validates one row (a Django form whose
field names are the columns), ``save_row`` creates the objects, ``columns`` and
``code_lists()`` make the downloadable template. ``run`` validates every row first; with
no errors and ``dry_run=False`` it saves all rows in one transaction, and any failure
while saving rolls back every row. Reading the file (row numbers, XLSX) is in
importfiles.py; codes given as names are resolved by importcodes.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sponsorship import audit
from sponsorship.importfiles import MAX_ROWS, UnreadableFile, read_table

__all__ = ["MAX_ROWS", "CsvImporter", "ImportReport", "RowReport", "import_view", "read_csv"]


@dataclass
class RowReport:
    number: int  # the spreadsheet's row number: the header is row 1, data starts at 2
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
    """Header and row values of a CSV or XLSX upload, without the row numbers."""
    header, rows = read_table(content)
    return header, [values for _number, values in rows]


class CsvImporter:
    row_form = None
    columns: tuple[str, ...] = ()  # the template's header, in order
    required_columns: tuple[str, ...] = ()
    object_label = "row"
    template_filename = "import-template"

    def __init__(self, user):
        self.user = user

    def code_lists(self) -> list:
        """The ``importcodes.CodeList``s of this import, for the template and the page."""
        return []

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
            header, rows = read_table(content)
        except UnreadableFile as exc:
            report.file_errors.append(str(exc))
            return report, []
        missing = [c for c in self.required_columns if c not in header]
        if missing:
            report.file_errors.append(_("Missing columns: %(cols)s") % {"cols": ", ".join(missing)})
            return report, []
        if not rows:
            report.file_errors.append(_("The file has no data rows."))
        forms = []
        for number, values in rows:
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
                audit.record(
                    audit.Action.IMPORT,
                    actor=self.user,
                    object_type=self.object_label,
                    summary=f"CSV import of {len(report.rows)} rows",
                )
        except (ValidationError, IntegrityError):
            return report
        report.committed = True
        return report


def _messages(exc) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return _("This row conflicts with existing data.")


# --- the shared view: upload -> dry-run preview -> confirm (all-or-nothing) -------------


def import_view(
    request, importer_class, *, title, back_url, template_columns=None, cache_prefix="csvimport"
):
    """Handle the three steps of an import for any importer, and its template download.

    The uploaded bytes wait in the cache between preview and confirmation, keyed by a
    random token bound to the user, so the confirmed import is exactly what was previewed.
    """
    import secrets

    from django import forms as djforms
    from django.contrib import messages
    from django.core.cache import cache
    from django.shortcuts import redirect, render

    class UploadForm(djforms.Form):
        file = djforms.FileField(
            label=_("CSV or Excel file"),
            help_text=_(
                "CSV (UTF-8, comma or semicolon separated) or .xlsx; at most 5 MB and %(n)d rows."
            )
            % {"n": MAX_ROWS},
            widget=djforms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
        )

    importer = importer_class(request.user)
    columns = list(template_columns or importer.columns)
    if request.method == "GET" and request.GET.get("template") in ("csv", "xlsx"):
        return _template_response(importer, columns, request.GET["template"])
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
    return render(
        request,
        "sponsorship/csv_import.html",
        {
            "title": title,
            "form": form,
            "report": report,
            "token": token,
            "template_columns": columns,
            "required_columns": importer.required_columns,
            "code_lists": importer.code_lists(),
            "back_url": back_url,
        },
    )


def _template_response(importer, columns, kind):
    """The empty template with the code lists the user may use (their towns only)."""
    from django.http import HttpResponse

    from sponsorship.importfiles import template_csv, template_xlsx
    from sponsorship.spreadsheet import XLSX_TYPE

    code_lists = importer.code_lists()
    if kind == "xlsx":
        response = HttpResponse(template_xlsx(columns, code_lists), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(
            template_csv(columns, code_lists), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{importer.template_filename}.{kind}"'
    return response
