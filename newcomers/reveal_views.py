"""Sensitive values on demand: the household page masks them, a reveal asks why and audits.

A GET of the household page names no sensitive field in the audit; each reveal (one field,
or the whole section) is one POST and exactly one view_sensitive event naming only the
non-empty fields it showed, with the purpose code.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from newcomers.display import section_context, sensitive_items
from newcomers.sensitivity import Purpose, can_see_sensitive, reveal
from newcomers.views import get_household, household_detail
from sponsorship import audit
from sponsorship.access import role_required
from sponsorship.models import Role

ALL = "all"


@require_POST
@role_required(Role.COORDINATOR, Role.ADMINISTRATOR)
def household_reveal(request, pk):
    household = get_household(request.user, pk)  # 404 (audited) outside the user's scope
    if not can_see_sensitive(request.user, household):
        audit.record(
            audit.Action.PERMISSION_DENIED,
            actor=request.user,
            obj=household,
            summary="reveal without case access",
        )
        raise PermissionDenied
    items = sensitive_items(household)
    filled = [i["name"] for i in items if i["filled"]]
    wanted = request.POST.get("field", "")
    purpose = request.POST.get("purpose", "")
    names = filled if wanted == ALL else [n for n in filled if n == wanted]
    error = ""
    if purpose not in Purpose.values:
        error = _("Choose why you need to see this.")
    elif not names:
        error = _("There is nothing to show for this field.")
    revealed = [] if error else reveal(request.user, household, names, purpose=purpose)
    # Without htmx the whole page comes back, with the revealed values in place.
    if not request.headers.get("HX-Request"):
        return household_detail(request, pk, revealed=revealed, purpose=purpose, error=error)
    context = section_context(household, items, revealed=revealed, purpose=purpose, error=error)
    return render(request, "newcomers/fragments/sensitive_section.html", context)
