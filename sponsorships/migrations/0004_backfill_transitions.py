"""Transition rows for the sponsorship and plan moves recorded before their machines.

The old code wrote only an audit event, summary "status: <from> -> <to> [detail]"
(object types relabelled to ``sponsorships.*`` by 0001); each becomes one transition row
(same actor and time, the operation named from the move, no reason: the audit had none
to copy). The audit stays as it is: it is append-only. Plan tasks' progress was audited on
the plan without its former state, so their history starts with the machine.
"""

from django.db import migrations

# The moves as declared when this migration was written (not imported: a migration must
# not change when the code does).
MACHINES = {
    "sponsorship": (
        "sponsorships.sponsorship",
        {
            ("pre_arrival", "active"): "arrive",
            ("active", "interim_done"): "interim_done",
            ("active", "transition"): "start_transition",
            ("interim_done", "transition"): "start_transition",
            ("transition", "completed"): "complete",
        },
    ),
    "resettlement_plan": (
        "sponsorships.resettlementplan",
        {
            ("draft", "submitted"): "submit",
            ("returned", "submitted"): "submit",
            ("submitted", "approved"): "approve",
            ("submitted", "returned"): "return",
        },
    ),
}
PREFIX = "status: "


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("sponsorship", "AuditEvent")
    Transition = apps.get_model("sponsorship", "Transition")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for machine, (object_type, operations) in MACHINES.items():
        app_label, model = object_type.split(".")
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        events = AuditEvent.objects.filter(
            object_type=object_type, action="transition", summary__startswith=PREFIX
        ).order_by("created_at", "id")
        rows = []
        for event in events.iterator():
            source, arrow, rest = event.summary.removeprefix(PREFIX).partition(" -> ")
            target = rest.split(" ", 1)[0].strip()
            if not arrow or not target or not event.object_id.isdigit():
                continue
            source = source.strip()
            operation = "end_early" if target == "ended_early" else None
            rows.append(
                Transition(
                    machine=machine,
                    content_type=content_type,
                    object_id=int(event.object_id),
                    from_state=source[:32],
                    to_state=target[:32],
                    operation=operation or operations.get((source, target), "legacy"),
                    actor_id=event.actor_id,
                    at=event.created_at,
                )
            )
        Transition.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("sponsorship", "0008_invitation_token_hash"),
        ("sponsorships", "0003_sponsorship_proposal_fk"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
