"""Sensitive newcomer data: declared once on the model fields, and who may see it.

A model field becomes sensitive by wrapping it in ``sensitive(...)`` in models.py. That
one marker drives forms (sensitive fields dropped without case access), detail pages
(hidden, or shown and audited), CSV exports (columns blank, viewing audited), the admin,
and the anonymous profile (which never reads a sensitive field).

Seeing sensitive data needs *case access*: an explicit, audited ``CaseAccess`` grant to a
coordinator or administrator for one household, still within the user's scope.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from sponsorship import audit


class Purpose(models.TextChoices):
    """Why someone reveals sensitive values: a choice, so no free text reaches the audit."""

    MATCHING = "matching", _("Matching")
    CARE = "care", _("Support and care")
    REQUEST = "request", _("The household's request")
    CORRECTION = "correction", _("Correcting the record")


def sensitive(field: models.Field) -> models.Field:
    """Mark a model field as sensitive (hidden without case access, every view audited)."""
    field.sensitive = True
    return field


def is_sensitive(field) -> bool:
    return getattr(field, "sensitive", False)


def sensitive_field_names(model) -> tuple[str, ...]:
    """The names of the sensitive concrete fields of ``model``, in declaration order."""
    return tuple(f.name for f in model._meta.concrete_fields if is_sensitive(f))


def qualified(model, name: str) -> str:
    """A field name as written in the audit: bare for Household, ``model.field`` otherwise."""
    if model._meta.model_name == "household":
        return name
    return f"{model._meta.model_name}.{name}"


def case_household_ids(user) -> frozenset[int]:
    """Ids of households the user holds active case access to and still has in scope.

    Cached on the user object for the request: one query, however many rows a page shows.
    """
    cached = getattr(user, "_case_household_ids", None)
    if cached is not None:
        return cached
    from newcomers.models import CaseAccess, Household

    ids: frozenset[int] = frozenset()
    if user.is_authenticated and (user.is_coordinator or user.is_administrator):
        ids = frozenset(
            CaseAccess.objects.active()
            .filter(
                user=user,
                household__in=Household.objects.visible_to(user),
            )
            .values_list("household_id", flat=True)
        )
    user._case_household_ids = ids
    return ids


def forget_case_access(user) -> None:
    """Drop the cached case-access ids (after a grant or revocation for this user)."""
    user.__dict__.pop("_case_household_ids", None)


def can_see_sensitive(user, household) -> bool:
    """True if ``user`` may see the sensitive fields of ``household``."""
    return household.pk is not None and household.pk in case_household_ids(user)


def is_filled(value) -> bool:
    """An empty sensitive value shows nothing, so it is never named in the audit."""
    return value not in (None, "", [], ())


def reveal(
    user, household, fields: Iterable[str], *, summary: str = "", purpose: str = ""
) -> list[str]:
    """The sensitive ``fields`` the user may see; records one view_sensitive event naming them.

    Call once per page view (or per reveal) with every sensitive field name shown, so one
    view is exactly one audit event. Returns [] (and records nothing) without case access.
    ``purpose`` is a ``Purpose`` code; it goes into the summary, never free text.
    """
    names = sorted(set(fields))
    if not names or not can_see_sensitive(user, household):
        return []
    if purpose:
        summary = f"{summary or 'revealed'} (purpose: {Purpose(purpose).value})"
    audit.record(
        audit.Action.VIEW_SENSITIVE,
        actor=user,
        obj=household,
        fields=names,
        summary=summary or "viewed sensitive fields",
    )
    return names


def record_export(user, households: Iterable, fields: Iterable[str]) -> int:
    """One view_sensitive event per exported household whose sensitive cells were filled."""
    names = sorted(set(fields))
    count = 0
    for household in households:
        audit.record(
            audit.Action.VIEW_SENSITIVE,
            actor=user,
            obj=household,
            fields=names,
            summary="included in a CSV export",
        )
        count += 1
    return count
