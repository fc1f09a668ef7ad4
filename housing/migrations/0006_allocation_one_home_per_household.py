"""A household holds at most one active allocation for any day (an exclusion constraint).

Before the constraint is added, existing violations are resolved, deterministically:

- per household, the active allocations are taken newest first (created_at, then id);
  the newest is kept, and so is every older one that overlaps none kept so far;
- every other active allocation is *ended*: status ``ended`` and its period closed on the
  start of the newest kept allocation it overlapped (or one day after its own start when
  it began on or after that day, since a period cannot be empty);
- a home left with no active allocation follows: occupied becomes released, allocated
  becomes offered (the moves housing.services would make);
- each change is written to the audit log, with the reason in the summary
  ("ended by migration housing.0005: the household held a newer active allocation").

Reversing the migration drops the constraint; ended allocations stay ended.
"""

from datetime import timedelta

import django.contrib.postgres.constraints
from django.db import migrations, models
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

WHY = "ended by migration housing.0005: the household held a newer active allocation"


def _overlap(a, b) -> bool:
    a_end, b_end = a.period.upper, b.period.upper
    return (a_end is None or b.period.lower < a_end) and (b_end is None or a.period.lower < b_end)


def _audit(AuditEvent, object_type, object_id, fields, summary):
    AuditEvent.objects.create(
        action="transition",
        object_type=object_type,
        object_id=str(object_id),
        fields=sorted(fields),
        summary=summary[:300],
    )


def end_overlapping_allocations(apps, schema_editor):
    Allocation = apps.get_model("housing", "Allocation")
    HousingOffer = apps.get_model("housing", "HousingOffer")
    AuditEvent = apps.get_model("sponsorship", "AuditEvent")
    active = Allocation.objects.filter(status="active").order_by(
        "household_id", "-created_at", "-pk"
    )
    by_household = {}
    for allocation in active:
        by_household.setdefault(allocation.household_id, []).append(allocation)
    touched_offers = set()
    for allocations in by_household.values():
        kept = []
        for allocation in allocations:
            overlapped = [k for k in kept if _overlap(allocation, k)]
            if not overlapped:
                kept.append(allocation)
                continue
            start = allocation.period.lower
            cut = min(k.period.lower for k in overlapped)
            end = cut if cut > start else start + timedelta(days=1)
            allocation.status = "ended"
            allocation.period = DateRange(start, end, "[)")
            allocation.save(update_fields=["status", "period", "updated_at"])
            newest = max(overlapped, key=lambda k: (k.created_at, k.pk))
            _audit(
                AuditEvent,
                "housing.allocation",
                allocation.pk,
                ["status", "period"],
                f"active -> ended on {end}: {WHY} (#{newest.pk})",
            )
            touched_offers.add(allocation.offer_id)
    follow = {"occupied": "released", "allocated": "offered"}
    for offer in HousingOffer.objects.filter(pk__in=touched_offers, status__in=list(follow)):
        if Allocation.objects.filter(offer_id=offer.pk, status="active").exists():
            continue
        source, offer.status = offer.status, follow[offer.status]
        offer.status_changed_at = timezone.now()
        offer.save(update_fields=["status", "status_changed_at", "updated_at"])
        _audit(
            AuditEvent,
            "housing.housingoffer",
            offer.pk,
            ["status"],
            f"{source} -> {offer.status}: its allocation was {WHY}",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("housing", "0005_backfill_offer_transitions"),
        ("newcomers", "0005_household_intake_record_and_constraint_messages"),
        ("sponsorship", "0005_constraint_messages"),
    ]

    operations = [
        migrations.RunPython(end_overlapping_allocations, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="allocation",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("status", "active")),
                expressions=[("household", "="), ("period", "&&")],
                name="allocation_one_home_per_household",
                violation_error_code="household_has_home",
                violation_error_message=(
                    "This household already has a home for (part of) these dates. End that "
                    "allocation first, or move the household to its new home."
                ),
            ),
        ),
    ]
