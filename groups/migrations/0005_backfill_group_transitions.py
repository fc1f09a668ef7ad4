"""Transition rows for the state changes recorded before the state machine existed.

The old code wrote only an audit event, summary "status: <from> -> <to>"; the timeline is
now drawn from transition rows, so each such event becomes one (same actor and time; the
operation is named from the move; the audit had no reason to copy). The audit stays as
it is: it is append-only.
"""

from django.db import migrations

# The moves as they were declared when this migration was written (not imported: a
# migration must not change when the code does).
OPERATIONS = {
    ("applied", "intake_planned"): "plan_intake",
    ("intake_planned", "intake_held"): "record_intake",
    ("intake_held", "approved"): "approve",
    ("approved", "in_training"): "start_training",
    ("in_training", "ready_for_matching"): "mark_ready",
    ("ready_for_matching", "matched"): "match",
    ("matched", "ready_for_matching"): "return_to_matching",
    ("matched", "active"): "arrive",
    ("active", "completed"): "complete",
}
PREFIX = "status: "


def _operation(source: str, target: str) -> str:
    if target in ("withdrawn", "rejected"):
        return "withdraw" if target == "withdrawn" else "reject"
    return OPERATIONS.get((source, target), "legacy")


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("sponsorship", "AuditEvent")
    Transition = apps.get_model("sponsorship", "Transition")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="groups", model="sponsorgroup"
    )
    events = AuditEvent.objects.filter(
        object_type="groups.sponsorgroup", action="transition", summary__startswith=PREFIX
    ).order_by("created_at", "id")
    rows = []
    for event in events.iterator():
        source, arrow, target = event.summary.removeprefix(PREFIX).partition(" -> ")
        if not arrow or not event.object_id.isdigit():
            continue
        rows.append(
            Transition(
                machine="group",
                content_type=content_type,
                object_id=int(event.object_id),
                from_state=source.strip()[:32],
                to_state=target.strip()[:32],
                operation=_operation(source.strip(), target.strip()),
                actor_id=event.actor_id,
                at=event.created_at,
            )
        )
    Transition.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("groups", "0004_constraint_messages"),
        ("sponsorship", "0006_transition"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
