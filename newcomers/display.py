"""Turning a record into labelled rows for pages, split by the sensitivity declaration."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from newcomers.models import Household, HouseholdIdentity
from newcomers.sensitivity import Purpose, is_filled, is_sensitive, qualified

# The order of the household page; which of these are sensitive is declared on the model.
HOUSEHOLD_FIELDS = [
    "reference",
    "pseudonym",
    "status",
    "programme",
    "municipality",
    "municipality_assigned",
    "acceptable_municipalities",
    "country_of_stay",
    "nationality",
    "expected_arrival",
    "arrival_date",
    "intake_held_on",
    "intake_interviewer",
    "intake_notes",
    "languages",
    "interests",
    "study_goal",
    "work_sector",
    "priorities",
    "needs_step_free",
    "needs_ground_floor",
    "accessibility_notes",
    "vulnerabilities",
    "vulnerability_notes",
    "background_consent",
    "religion",
    "cultural_background",
    "needs_alternative_support",
]
IDENTITY_FIELDS = [
    "family_name",
    "given_names",
    "name_native_script",
    "other_members",
    "phone",
    "email",
    "address",
    "unhcr_case_number",
]


def display_value(obj, field) -> str:
    value = getattr(obj, field.name)
    if field.many_to_many:
        return ", ".join(str(v) for v in value.all())
    if isinstance(field, ArrayField):
        labels = dict(field.base_field.choices or [])
        return ", ".join(str(labels.get(v, v)) for v in value)
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateField) and value:
        return date_format(value, "DATE_FORMAT")
    return "" if value is None else str(value)


def languages_text(household: Household) -> str:
    from sponsorship.vocab import LanguageLevel, language_name

    levels = dict(LanguageLevel.choices)
    return ", ".join(
        f"{language_name(code)} ({levels.get(level, '—')})"
        for code, level in household.language_items()
    )


def rows(obj, names, *, sensitive: bool) -> list[tuple[str, str, str]]:
    """(qualified name, label, value) for the fields of ``names`` of the given sensitivity."""
    out = []
    for name in names:
        field = obj._meta.get_field(name)
        if is_sensitive(field) != sensitive:
            continue
        value = languages_text(obj) if name == "languages" else display_value(obj, field)
        out.append((qualified(type(obj), name), capfirst(field.verbose_name), value))
    return out


def household_rows(household, *, sensitive: bool):
    return rows(household, HOUSEHOLD_FIELDS, sensitive=sensitive)


def identity_rows(identity: HouseholdIdentity | None):
    return rows(identity, IDENTITY_FIELDS, sensitive=True) if identity else []


# The sensitive section of the household page, masked until revealed (reveal_views.py).


def sensitive_items(household, withdrawals=None) -> list[dict]:
    """Every sensitive value of the household's page, as (name, label, value) dicts."""
    identity = HouseholdIdentity.objects.filter(household=household).first()
    found = household_rows(household, sensitive=True) + identity_rows(identity)
    if withdrawals is None:
        withdrawals = list(household.withdrawals.all())
    if withdrawals:  # a household that never withdrew has no reason row at all
        reasons = "; ".join(w.reason for w in withdrawals if w.reason)
        found.append(("withdrawal.reason", _("Reason for withdrawal"), reasons))
    return [
        {"name": name, "label": label, "value": value, "filled": is_filled(value)}
        for name, label, value in found
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
