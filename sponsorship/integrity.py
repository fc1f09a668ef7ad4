"""Invariants as code: rules between records that no single constraint can hold.

Each app declares its rules in ``<app>/integrity.py`` (or ``<app>/integrity_<topic>.py``
when one app holds more than one domain) as a list ``INVARIANTS`` of
``Invariant(code, description, check)``. ``check()`` returns the records that break the
rule: a queryset (each row is reported with its status) or an iterable of ``Offence``.
``manage.py check_integrity`` runs them all; docs/integrity.md explains each rule, why it
holds and which operation keeps it.

The shared package knows no app: the modules are found by name, in INSTALLED_APPS order.
An offence carries the model label, the primary key and a short detail made of codes and
counts only, never personal data, so the output may go into a log or a ticket.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models

MODULE = "integrity"


@dataclass(frozen=True)
class Offence:
    label: str  # "newcomers.Household"
    pk: int
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.label} #{self.pk}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class Invariant:
    code: str
    description: str
    check: Callable[[], Iterable]

    def offences(self) -> list[Offence]:
        return sorted(_offences(self.check()), key=lambda o: (o.label, o.pk, o.detail))


def offence(obj: models.Model, detail: str = "") -> Offence:
    return Offence(obj._meta.label, obj.pk, detail)


def _offences(found) -> Iterable[Offence]:
    if isinstance(found, models.QuerySet):
        has_status = any(f.name == "status" for f in found.model._meta.get_fields())
        label = found.model._meta.label
        if has_status:
            for pk, status in found.values_list("pk", "status"):
                yield Offence(label, pk, f"status={status}")
        else:
            for pk in found.values_list("pk", flat=True):
                yield Offence(label, pk)
        return
    for item in found:
        yield item if isinstance(item, Offence) else offence(item)


def _module_names(config) -> list[str]:
    paths = getattr(config.module, "__path__", None)
    if not paths:
        return []
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(paths)
        if info.name == MODULE or info.name.startswith(f"{MODULE}_")
    )
    return [f"{config.name}.{name}" for name in names]


def invariants() -> list[Invariant]:
    """Every app's invariants, in INSTALLED_APPS order; a code may be declared once."""
    found: list[Invariant] = []
    for config in apps.get_app_configs():
        for name in _module_names(config):
            module = importlib.import_module(name)
            found.extend(getattr(module, "INVARIANTS", ()))
    codes = [i.code for i in found]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"invariant codes declared twice: {', '.join(duplicates)}")
    return found


def run(codes: Iterable[str] | None = None) -> list[tuple[Invariant, list[Offence]]]:
    """Check the invariants (all, or those with ``codes``): each with its offences."""
    selected = invariants()
    if codes is not None:
        wanted = set(codes)
        unknown = wanted - {i.code for i in selected}
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        selected = [i for i in selected if i.code in wanted]
    return [(invariant, invariant.offences()) for invariant in selected]
