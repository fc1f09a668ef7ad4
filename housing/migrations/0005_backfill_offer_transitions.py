"""Transition rows for the offer state changes recorded before the state machine.

The old code wrote only an audit event, summary "<from> -> <to>[: <reason>]"; the
offer's history is now drawn from transition rows, so each such event becomes one (same
actor and time; the reason goes to the transition row, where retention reaches it; the
operation named from the move as declared when this was written). The audit stays.
"""

from django.db import migrations

OPERATIONS = {
    ("prospect", "offered"): "publish",
    ("released", "offered"): "publish",
    ("offered", "reserved"): "reserve",
    ("reserved", "offered"): "cancel_reservation",
    ("offered", "allocated"): "allocate",
    ("reserved", "allocated"): "allocate",
    ("allocated", "offered"): "allocation_cancelled",
    ("allocated", "occupied"): "occupy",
    ("occupied", "released"): "release",
}
STATES = {"prospect", "offered", "reserved", "allocated", "occupied", "released", "withdrawn"}


def _operation(source: str, target: str, reason: str) -> str:
    if target == "withdrawn":
        return "withdraw"
    if (source, target) == ("allocated", "occupied") and reason == "moved in":
        return "move_in"
    return OPERATIONS.get((source, target), "legacy")


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("sponsorship", "AuditEvent")
    Transition = apps.get_model("sponsorship", "Transition")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="housing", model="housingoffer"
    )
    events = AuditEvent.objects.filter(
        object_type="housing.housingoffer", action="transition", summary__contains=" -> "
    ).order_by("created_at", "id")
    rows = []
    for event in events.iterator():
        source, _arrow, rest = event.summary.partition(" -> ")
        target, _colon, reason = rest.partition(": ")
        source, target, reason = source.strip(), target.strip(), reason.strip()
        if source not in STATES or target not in STATES or not event.object_id.isdigit():
            continue  # the new format ("offer.publish: ...") or something else
        rows.append(
            Transition(
                machine="offer",
                content_type=content_type,
                object_id=int(event.object_id),
                from_state=source,
                to_state=target,
                operation=_operation(source, target, reason),
                actor_id=event.actor_id,
                at=event.created_at,
                reason=reason,
            )
        )
    Transition.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("housing", "0004_constraint_messages"),
        ("sponsorship", "0006_transition"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
