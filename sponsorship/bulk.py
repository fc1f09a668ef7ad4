"""Actions on the rows a user ticked on a list (``FilteredListView.bulk_actions``).

A list declares ``bulk_actions = {"key": BulkAction(...)}``; the list page then shows a
checkbox per row, "select all on this page" and a bar with one button per action the user
may take (plus "export the selected rows" when the list exports). Every action runs the
app's own service once per row, all rows in one transaction: either every row succeeds or
nothing is changed, and the message names the row that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sponsorship import audit
from sponsorship.input_guard import parse_int

EXPORT = "export"
# A page shows at most a few hundred rows; more ids than that were not ticked by a person.
MAX_SELECTED = 500


@dataclass(frozen=True)
class BulkAction:
    label: str
    # The service call for one row: run(obj, actor). Raises ValidationError to refuse.
    run: Callable
    confirm: str = ""
    permission: str | None = None
    done: str = gettext_lazy("Done for %(n)d selected rows.")
    # How a refused row is named in the message.
    row_label: Callable = str

    def allowed(self, user) -> bool:
        return self.permission is None or user.has_perm(self.permission)


def selected_ids(request) -> list[int]:
    """The ticked row ids (malformed values are ignored; at most MAX_SELECTED)."""
    ids = [parse_int(v) for v in request.POST.getlist("selected")[:MAX_SELECTED]]
    return sorted({i for i in ids if i})


def run(view, key: str, ids: list[int]):
    """Apply action ``key`` of ``view`` to the visible rows ``ids``; answer a redirect."""
    request = view.request
    back = redirect(request.get_full_path())
    action = view.bulk_actions[key]
    rows = list(view.base_queryset().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(ids):
        # A row outside the user's scope (or gone): refuse all, like a 404 would.
        audit.record(
            audit.Action.PERMISSION_DENIED,
            actor=request.user,
            object_type=view.model._meta.label_lower,
            summary=f"bulk {key}: rows outside the user's scope",
        )
        messages.error(
            request, _("Some selected rows are not available to you; nothing was changed.")
        )
        return back
    try:
        with transaction.atomic():
            for obj in rows:
                try:
                    action.run(obj, request.user)
                except ValidationError as exc:
                    raise _RowRefused(obj, exc) from exc
            audit.record(
                audit.Action.UPDATE,
                actor=request.user,
                object_type=view.model._meta.label_lower,
                summary=f"bulk {key} on {len(rows)} rows: {','.join(str(r.pk) for r in rows)}"[
                    :300
                ],
            )
    except _RowRefused as refused:
        messages.error(
            request,
            _("Nothing was changed. %(row)s: %(reason)s")
            % {"row": action.row_label(refused.obj), "reason": " ".join(refused.error.messages)},
        )
        return back
    messages.success(request, action.done % {"n": len(rows)})
    return back


class _RowRefused(Exception):
    def __init__(self, obj, error: ValidationError):
        super().__init__(str(obj))
        self.obj, self.error = obj, error
