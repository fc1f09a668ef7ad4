"""Existing databases keep their timelines: the migrations turn the household's StatusChange
rows and the old audit summaries of groups, offers and proposals into Transition rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent
from tests.factories import CoordinatorFactory
from tests.newcomers.factories import HouseholdFactory

BEFORE = [
    ("groups", "0004_constraint_messages"),
    ("housing", "0004_constraint_messages"),
    ("matching", "0003_constraint_messages"),
    ("newcomers", "0005_household_intake_record_and_constraint_messages"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_old_history_becomes_transition_rows():
    actor = CoordinatorFactory()
    household = HouseholdFactory(status="pre_selected")
    old = _migrate(BEFORE)
    try:
        StatusChange = old.get_model("newcomers", "StatusChange")
        StatusChange.objects.create(
            household_id=household.pk, from_status="", to_status="identified", actor_id=actor.pk
        )
        StatusChange.objects.create(
            household_id=household.pk,
            from_status="identified",
            to_status="pre_selected",
            actor_id=actor.pk,
            reason="pre-selected on the list",
        )
        for object_type, object_id, summary in [
            ("groups.sponsorgroup", "41", "status: applied -> intake_planned"),
            ("groups.sponsorgroup", "41", "status: intake_planned -> withdrawn"),
            ("housing.housingoffer", "42", "offered -> withdrawn: sold by the owner"),
            ("housing.housingoffer", "42", "allocated -> occupied: moved in"),
            ("matching.matchproposal", "43", "sent -> rejected: the home is promised"),
            ("matching.matchproposal", "43", "proposed -> withdrawn: superseded by run #7"),
        ]:
            AuditEvent.objects.create(
                action="transition",
                actor=actor,
                object_type=object_type,
                object_id=object_id,
                summary=summary,
            )
    finally:
        _migrate(_latest())

    rows = list(sm.history(household))
    assert [(r.from_state, r.to_state, r.operation, r.actor) for r in rows] == [
        ("", "identified", "register", actor),
        ("identified", "pre_selected", "pre_select", actor),
    ]
    assert rows[1].reason == "pre-selected on the list"
    assert rows[0].at <= rows[1].at <= timezone.now() + timedelta(seconds=1)

    def rows_of(machine):
        return list(
            sm.Transition.objects.filter(machine=machine)
            .order_by("pk")
            .values_list("object_id", "from_state", "to_state", "operation", "reason")
        )

    assert rows_of("group") == [
        (41, "applied", "intake_planned", "plan_intake", ""),
        (41, "intake_planned", "withdrawn", "withdraw", ""),
    ]
    assert rows_of("offer") == [
        (42, "offered", "withdrawn", "withdraw", "sold by the owner"),
        (42, "allocated", "occupied", "move_in", "moved in"),
    ]
    assert rows_of("proposal") == [
        (43, "sent", "rejected", "reject", "the home is promised"),
        (43, "proposed", "withdrawn", "supersede", "superseded by run #7"),
    ]
    # The audit itself is untouched (append-only).
    assert AuditEvent.objects.filter(summary="status: applied -> intake_planned").count() == 1


@pytest.mark.django_db(transaction=True)
def test_old_sponsorship_and_plan_history_becomes_transition_rows():
    actor = CoordinatorFactory()
    _migrate([("sponsorships", "0003_sponsorship_proposal_fk")])
    try:
        for object_type, object_id, summary in [
            ("sponsorships.sponsorship", "51", "status: pre_arrival -> active "),
            ("sponsorships.sponsorship", "51", "status: active -> ended_early "),
            ("sponsorships.resettlementplan", "52", "status: draft -> submitted (version 1)"),
            ("sponsorships.resettlementplan", "52", "status: submitted -> returned (version 1)"),
            ("sponsorships.resettlementplan", "52", "status: returned -> submitted (version 2)"),
        ]:
            AuditEvent.objects.create(
                action="transition",
                actor=actor,
                object_type=object_type,
                object_id=object_id,
                summary=summary,
            )
    finally:
        _migrate(_latest())

    def rows_of(machine):
        return list(
            sm.Transition.objects.filter(machine=machine)
            .order_by("pk")
            .values_list("object_id", "from_state", "to_state", "operation", "actor")
        )

    assert rows_of("sponsorship") == [
        (51, "pre_arrival", "active", "arrive", actor.pk),
        (51, "active", "ended_early", "end_early", actor.pk),
    ]
    assert rows_of("resettlement_plan") == [
        (52, "draft", "submitted", "submit", actor.pk),
        (52, "submitted", "returned", "return", actor.pk),
        (52, "returned", "submitted", "submit", actor.pk),
    ]
