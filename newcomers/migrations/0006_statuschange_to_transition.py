"""The household's StatusChange rows become sponsorship.Transition rows (machine
"household"), then StatusChange goes: the timeline is drawn from transition rows.

Same actor, time and reason; the operation is named from the move (as declared in
newcomers/machines.py when this was written; a migration must not follow later code).
"""

from django.db import migrations

OPERATIONS = {
    ("identified", "pre_selected"): "pre_select",
    ("informed", "consented"): "record_consent",
    ("consented", "intake_held"): "record_intake",
    ("intake_held", "matched"): "match",
    ("matched", "approved"): "approve",
    ("matched", "intake_held"): "return_to_pool",
    ("approved", "intake_held"): "return_to_pool",
    ("approved", "arrived"): "arrive",
    ("arrived", "in_sponsorship"): "start_sponsorship",
    ("in_sponsorship", "completed"): "complete",
}


def _operation(source: str, target: str) -> str:
    if not source:
        return "register"
    if target == "informed":
        return "record_information"
    if target == "withdrawn":
        return "withdraw"
    return OPERATIONS.get((source, target), "legacy")


def copy_rows(apps, schema_editor):
    StatusChange = apps.get_model("newcomers", "StatusChange")
    Transition = apps.get_model("sponsorship", "Transition")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="newcomers", model="household"
    )
    rows = [
        Transition(
            machine="household",
            content_type=content_type,
            object_id=change.household_id,
            from_state=change.from_status,
            to_state=change.to_status,
            operation=_operation(change.from_status, change.to_status),
            actor_id=change.actor_id,
            at=change.at,
            reason=change.reason,
        )
        for change in StatusChange.objects.order_by("at", "pk").iterator()
    ]
    Transition.objects.bulk_create(rows, batch_size=1000)


def copy_back(apps, schema_editor):
    """Going back: the household rows return to StatusChange (and leave Transition).

    Raw SQL: the model's auto_now_add would replace every ``at`` with now.
    """
    Transition = apps.get_model("sponsorship", "Transition")
    rows = Transition.objects.filter(machine="household").order_by("at", "pk")
    with schema_editor.connection.cursor() as cursor:
        for row in rows.iterator():
            cursor.execute(
                "INSERT INTO newcomers_statuschange "
                "(household_id, from_status, to_status, actor_id, at, reason) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    row.object_id,
                    row.from_state,
                    row.to_state,
                    row.actor_id,
                    row.at,
                    row.reason[:300],
                ],
            )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("newcomers", "0005_household_intake_record_and_constraint_messages"),
        ("sponsorship", "0006_transition"),
    ]

    operations = [
        migrations.RunPython(copy_rows, copy_back),
        migrations.DeleteModel(name="StatusChange"),
    ]
