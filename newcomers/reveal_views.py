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

from newcomers import display
from newcomers.models import HouseholdIdentity
from newcomers.sensitivity import Purpose, can_see_sensitive, is_filled, reveal
from sponsorship import audit
from sponsorship.access import role_required
from sponsorship.models import Role

ALL = "all"


def sensitive_items(household, withdrawals=None) -> list[dict]:
    """Every sensitive value of the household's page, as (name, label, value) dicts."""
    identity = HouseholdIdentity.objects.filter(household=household).first()
    rows = display.household_rows(household, sensitive=True) + display.identity_rows(identity)
    if withdrawals is None:
        withdrawals = list(household.withdrawals.all())
    if withdrawals:  # a household that never withdrew has no reason row at all
        reasons = "; ".join(w.reason for w in withdrawals if w.reason)
        rows.append(("withdrawal.reason", _("Reason for withdrawal"), reasons))
    return [
        {"name": name, "label": label, "value": value, "filled": is_filled(value)}
        for name, label, value in rows
    ]


def section_context(household, items, *, revealed=(), purpose="", error="") -> dict:
    shown = set(revealed)
    for item in items:
        item["shown"] = item["name"] in shown
    return {
        "household": household,
        "sensitive_items": items,
        "purposes": Purpose.choices,
        "purpose": purpose,
        "reveal_error": error,
        "has_identity": any(i["name"].startswith("householdidentity.") for i in items),
        "any_hidden": any(i["filled"] and not i["shown"] for i in items),
    }


@require_POST
@role_required(Role.COORDINATOR, Role.ADMINISTRATOR)
def household_reveal(request, pk):
    from newcomers.views import get_household, household_detail

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
