"""The database half of moving the sponsorship models from groups (sponsorships 0001).

Not a migration (the loader skips modules starting with "_"): the steps 0001 runs, kept
apart so the migration test can name the same tables.

Renamed, not kept under ``db_table``: a fresh database and a migrated one end up with the
same names, and nothing says "groups" about a table groups no longer owns. Names that
Django generates with a hash (foreign keys, their indexes) keep their hash and only change
prefix: Django finds those by column when it alters them, never by name. The names the
migration state holds (the ``*_len`` checks, the check-in index) are renamed exactly.
"""

from __future__ import annotations

import pgtrigger.compiler

MODELS = (
    "sponsorship",
    "plantemplate",
    "plantemplatetask",
    "resettlementplan",
    "plansection",
    "plantask",
    "planversion",
    "sectioncomment",
    "checklisttick",
    "checkin",
    "signal",
    "evaluation",
    "feedbacklink",
)
OLD, NEW = "groups", "sponsorships"
# Names in the migration state that do not follow from the prefix (Django's hashed index
# name takes the first 11 characters of the table name).
STATE_NAMES = {"groups_chec_sponsor_b69816_idx": "sponsorship_sponsor_9468e1_idx"}
MAX_NAME = 63  # PostgreSQL's identifier length

# The plan version trigger as groups 0002 installed it: its name hashes the app label.
OLD_TRIGGER = pgtrigger.compiler.Trigger(
    name="plan_version_frozen",
    sql=pgtrigger.compiler.UpsertTriggerSql(
        func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', "
        "TG_TABLE_NAME;",
        hash="8f273c31709b8d0d97a76c74367db46dd888fdf9",
        operation="UPDATE OR DELETE",
        pgid="pgtrigger_plan_version_frozen_2072e",
        table="groups_planversion",
        when="BEFORE",
    ),
)
AUDIT_TRIGGER = "pgtrigger_audit_append_only_f7d56"


def _names_on(cursor, table: str) -> tuple[list[str], list[str]]:
    """(constraints, indexes that back no constraint) of ``table``."""
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass ORDER BY conname",
        [table],
    )
    constraints = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = %s ORDER BY indexname",
        [table],
    )
    indexes = [row[0] for row in cursor.fetchall() if row[0] not in constraints]
    return constraints, indexes


def _renamed(name: str, old: str, new: str, exact: dict[str, str]) -> str | None:
    if name in exact:
        return exact[name]
    if name.startswith(f"{old}_") and len(name) - len(old) + len(new) <= MAX_NAME:
        return new + name[len(old) :]
    return None


def _move_tables(schema_editor, old: str, new: str, exact: dict[str, str]) -> None:
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for model in MODELS:
            before, after = f"{old}_{model}", f"{new}_{model}"
            schema_editor.execute(f"ALTER TABLE {quote(before)} RENAME TO {quote(after)}")
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [after])
            sequence = cursor.fetchone()[0]
            if sequence and sequence.split(".")[-1].strip('"') == f"{before}_id_seq":
                schema_editor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {quote(after + '_id_seq')}")
            constraints, indexes = _names_on(cursor, after)
            for name in constraints:
                if target := _renamed(name, old, new, exact):
                    schema_editor.execute(
                        f"ALTER TABLE {quote(after)} RENAME CONSTRAINT {quote(name)} "
                        f"TO {quote(target)}"
                    )
            for name in indexes:
                if target := _renamed(name, old, new, exact):
                    schema_editor.execute(f"ALTER INDEX {quote(name)} RENAME TO {quote(target)}")


def take_over_tables(apps, schema_editor) -> None:
    _move_tables(schema_editor, OLD, NEW, STATE_NAMES)
    # The trigger follows its table but keeps its old name; AddTrigger installs the new one.
    schema_editor.execute(
        f"DROP TRIGGER IF EXISTS {OLD_TRIGGER.sql.pgid} ON {NEW}_planversion; "
        f"DROP FUNCTION IF EXISTS {OLD_TRIGGER.sql.pgid}();"
    )


def give_back_tables(apps, schema_editor) -> None:
    _move_tables(schema_editor, NEW, OLD, {v: k for k, v in STATE_NAMES.items()})
    # Without parameters, so the trigger's "%" reaches PostgreSQL as it is.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(OLD_TRIGGER.install_sql)


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    """Content types keep their ids (transitions and permissions point at them); audit rows
    name their object by label, so they follow too (the append-only trigger is lifted
    for this one statement, in this transaction)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label=new, model__in=MODELS).values_list("model", flat=True)
    )
    # A type created for the new label before (post_migrate of an earlier attempt) has no
    # rows pointing at it yet: the old one, which has, wins.
    ContentType.objects.filter(app_label=new, model__in=taken).delete()
    ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)
    labels = {f"{old}.{model}": f"{new}.{model}" for model in MODELS}
    schema_editor.execute(f"ALTER TABLE sponsorship_auditevent DISABLE TRIGGER {AUDIT_TRIGGER}")
    with schema_editor.connection.cursor() as cursor:
        for before, after in labels.items():
            cursor.execute(
                "UPDATE sponsorship_auditevent SET object_type = %s WHERE object_type = %s",
                [after, before],
            )
    schema_editor.execute(f"ALTER TABLE sponsorship_auditevent ENABLE TRIGGER {AUDIT_TRIGGER}")


def relabel(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, OLD, NEW)


def relabel_back(apps, schema_editor) -> None:
    _relabel(apps, schema_editor, NEW, OLD)
