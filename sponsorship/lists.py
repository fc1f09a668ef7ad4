"""Every list filters, sorts, paginates and exports the same way: ``FilteredListView``.

Subclasses set ``filterset_class``, ``orderings`` (public name -> ORM ordering), a
``default_ordering`` and, for CSV export, ``csv_columns`` (header -> callable(obj)).
The queryset always starts from ``visible_to(request.user)``. ``bulk_actions`` (see
sponsorship/bulk.py) lets the user tick rows and act on them or export only those.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from sponsorship import audit, bulk
from sponsorship.spreadsheet import XLSX_TYPE, safe_cell, xlsx_bytes


class _Echo:
    def write(self, value):
        return value


class FilteredListView(ListView):
    filterset_class = None
    orderings: dict[str, str] = {}
    default_ordering: str = ""
    paginate_by = 25
    csv_columns: dict | None = None
    csv_filename = "export"
    export_permission: str | None = None
    # The results fragment an htmx request with ?partial=1 swaps in; a list without one
    # answers its full page.
    partial_template_name: str | None = None
    # Rows can be ticked: key -> sponsorship.bulk.BulkAction, and with bulk_export (and
    # csv_columns) "export the selected rows". Neither: no checkboxes, POST is refused.
    bulk_actions: dict = {}
    bulk_export = False
    # Set while exporting only the ticked rows.
    selected: list[int] | None = None

    def base_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_ordering_key(self) -> str:
        key = self.request.GET.get("sort", self.default_ordering)
        if key.lstrip("-") not in self.orderings:
            key = self.default_ordering
        return key

    def get_queryset(self):
        qs = self.base_queryset()
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=qs, request=self.request
        )
        qs = self.filterset.qs if self.filterset.is_bound else qs
        key = self.get_ordering_key()
        if key:
            field = self.orderings[key.lstrip("-")]
            descending = key.startswith("-")
            fields = field if isinstance(field, tuple | list) else (field,)
            order = [f"-{f}" if descending else f for f in fields]
            qs = qs.order_by(*order, "pk")
        if self.selected is not None:
            qs = qs.filter(pk__in=self.selected)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context["filter"] = self.filterset
        context["sort"] = self.get_ordering_key()
        context["query_string"] = params.urlencode()
        params.pop("sort", None)
        context["query_without_sort"] = params.urlencode()
        context["can_export"] = self.csv_columns is not None and self.may_export()
        context["bulk_actions"] = self.allowed_bulk_actions()
        context["bulk_export"] = self.bulk_export and context["can_export"]
        context["bulk"] = context["bulk_export"] or bool(context["bulk_actions"])
        return context

    def allowed_bulk_actions(self) -> dict:
        return {k: a for k, a in self.bulk_actions.items() if a.allowed(self.request.user)}

    def post(self, request, *args, **kwargs):
        """A bulk action on the ticked rows (the list page's bar posts here)."""
        key = request.POST.get("action", "")
        can_export = self.bulk_export and self.csv_columns is not None and self.may_export()
        if not (self.bulk_export or self.bulk_actions):
            return self.http_method_not_allowed(request, *args, **kwargs)
        ids = bulk.selected_ids(request)
        if key != bulk.EXPORT and key not in self.allowed_bulk_actions():
            if key in self.bulk_actions:
                raise PermissionDenied
            messages.error(request, _("Choose an action."))
            return redirect(request.get_full_path())
        if not ids:
            messages.error(request, _("Select at least one row."))
            return redirect(request.get_full_path())
        if key == bulk.EXPORT:
            if not can_export:
                raise PermissionDenied
            self.selected = ids
            return self.export_csv()
        return bulk.run(self, key, ids)

    def may_export(self) -> bool:
        return self.export_permission is None or self.request.user.has_perm(self.export_permission)

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format")
        if export in ("csv", "xlsx") and self.csv_columns is not None:
            if not self.may_export():
                raise PermissionDenied
            return self.export_csv() if export == "csv" else self.export_xlsx()
        return super().get(request, *args, **kwargs)

    def get_csv_columns(self) -> dict:
        return self.csv_columns

    def export_csv(self):
        columns = self.get_csv_columns()
        rows = self.get_queryset()
        self.audit_export(columns, "CSV")
        writer = csv.writer(_Echo())

        def stream():
            yield writer.writerow([safe_cell(str(h)) for h in columns])
            for record in self.export_records(columns, rows):
                yield writer.writerow([safe_cell(value) for value in record])

        return self.attachment(
            StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8"), "csv"
        )

    def audit_export(self, columns, kind: str) -> None:
        """One audit event per export; a list with sensitive columns adds its own."""
        summary = f"{kind} export, filters: {self.request.GET.urlencode()}"
        if self.selected:
            summary = f"{summary}, {len(self.selected)} selected rows"
        audit.record(
            audit.Action.EXPORT,
            actor=self.request.user,
            object_type=self.model._meta.label_lower,
            fields=list(columns),
            summary=summary[:300],
        )

    def export_rows(self, obj) -> list:
        """The rows one object exports as (a group: one per member, as its import reads)."""
        return [obj]

    def export_records(self, columns, rows):
        """Each exported row's raw values; the writer passes every one through safe_cell."""
        for obj in rows.iterator(chunk_size=500) if not rows._prefetch_related_lookups else rows:
            for row in self.export_rows(obj):
                yield [fn(row) for fn in columns.values()]

    def export_xlsx(self):
        """The same export as a workbook: text cells typed as text, never formulas."""
        columns = self.get_csv_columns()
        rows = self.get_queryset()
        self.audit_export(columns, "XLSX")
        content = xlsx_bytes(
            [(self.csv_filename, [[str(h) for h in columns], *self.export_records(columns, rows)])]
        )
        return self.attachment(HttpResponse(content, content_type=XLSX_TYPE), "xlsx")

    def attachment(self, response, extension: str):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.csv_filename}-{stamp}.{extension}"'
        )
        return response

    def get_template_names(self):
        if (
            self.partial_template_name
            and getattr(self.request, "htmx", False)
            and self.request.GET.get("partial")
        ):
            return [self.partial_template_name]
        return super().get_template_names()
