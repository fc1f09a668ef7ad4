"""The move out of groups loses nothing: a database at the schema before the move (groups
0006, no sponsorships app) migrates forward with every row, value, id and reference kept.

The rows the move does not touch (group, household, proposal, user) are made with the
factories first; the 13 moved models are then written at the old schema through the
historical models, exactly as a database of today holds them.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sponsorship.models import AuditEvent
from sponsorship.statemachine import Transition
from sponsorships import models as moved
from sponsorships.migrations._move import MODELS
from tests.groups.factories import SponsorGroupFactory
from tests.matching.test_matching_support import home, proposal
from tests.newcomers.factories import HouseholdFactory

BEFORE = [("groups", "0006_application_draft_token_hash"), ("sponsorships", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _seed_old(old, *, group, household, match, user):
    G = lambda name: old.get_model("groups", name)  # noqa: E731
    template = G("PlanTemplate").objects.create(programme_id=group.programme_id)
    G("PlanTemplateTask").objects.create(
        template=template, domain="housing", title="Find a GP", responsible="group"
    )
    kept = G("Sponsorship").objects.create(
        group_id=group.pk,
        household_id=household.pk,
        proposal_id=match.pk,
        status="active",
        expected_arrival=date(2027, 3, 15),
        arrival_date=date(2027, 3, 16),
    )
    other_group = SponsorGroupFactory(
        municipality_id=group.municipality_id, programme_id=group.programme_id, members=3
    )
    other_household = HouseholdFactory(
        programme_id=group.programme_id, municipality_id=group.municipality_id
    )
    dangling = G("Sponsorship").objects.create(
        group_id=other_group.pk, household_id=other_household.pk, proposal_id=987654
    )
    plan = G("ResettlementPlan").objects.create(sponsorship=kept, status="submitted")
    section = G("PlanSection").objects.create(plan=plan, domain="housing", notes="Two rooms")
    G("PlanTask").objects.create(section=section, title="Register", responsible="household")
    version = G("PlanVersion").objects.create(
        plan=plan, number=1, snapshot={"sections": []}, submitted_by_id=user.pk
    )
    G("SectionComment").objects.create(
        version=version, domain="housing", body="Fine", author_id=user.pk
    )
    G("ChecklistTick").objects.create(sponsorship=kept, item="keys", ticked_by_id=user.pk)
    checkin = G("CheckIn").objects.create(
        sponsorship=kept,
        held_on=date(2027, 3, 20),
        author_id=user.pk,
        household_wellbeing="good",
        group_wellbeing="good",
        tasks_progress="On track",
    )
    G("Signal").objects.create(
        sponsorship=kept, checkin=checkin, category="health", severity="urgent", description="x"
    )
    G("Evaluation").objects.create(
        sponsorship=kept,
        kind="interim",
        held_on=date(2027, 6, 1),
        participants="all",
        author_id=user.pk,
    )
    G("FeedbackLink").objects.create(sponsorship=kept, token="t" * 40, created_by_id=user.pk)
    old_ct = old.get_model("contenttypes", "ContentType")
    ct = old_ct.objects.get_or_create(app_label="groups", model="sponsorship")[0]
    old.get_model("sponsorship", "Transition").objects.create(
        machine="sponsorship",
        content_type_id=ct.pk,
        object_id=kept.pk,
        operation="arrive",
        from_state="pre_arrival",
        to_state="active",
    )
    old.get_model("sponsorship", "AuditEvent").objects.create(
        action="transition", object_type="groups.sponsorship", object_id=str(kept.pk)
    )
    counts = {m: G(m).objects.count() for m in (n.lower() for n in moved.__all__)}
    return kept, dangling, ct.pk, counts


@pytest.mark.django_db(transaction=True)
def test_a_database_of_today_migrates_forward_without_loss(town, programme, coordinator):
    group = SponsorGroupFactory(municipality=town, programme=programme, members=3)
    household = HouseholdFactory(programme=programme, municipality=town)
    match = proposal(household, group, home(town), status="confirmed")
    latest = _latest()
    try:
        old = _migrate(BEFORE)
        assert "groups_sponsorship" in connection.introspection.table_names()
        kept, dangling, ct_pk, counts = _seed_old(
            old, group=group, household=household, match=match, user=coordinator
        )
        assert set(counts) == set(MODELS) and all(counts.values())
        _migrate(latest)
    finally:
        _migrate(_latest())

    tables = connection.introspection.table_names()
    assert not {f"groups_{m}" for m in MODELS} & set(tables)
    for name in moved.__all__:
        model = getattr(moved, name)
        assert model._meta.db_table in tables
        assert model.objects.count() == counts[name.lower()], name
    s = moved.Sponsorship.objects.get(pk=kept.pk)
    assert s.proposal == match and s.group_id == group.pk and s.household_id == household.pk
    assert (s.status, s.arrival_date) == ("active", date(2027, 3, 16))
    # Named no proposal that exists: cleared by sponsorships 0002 before the key.
    assert moved.Sponsorship.objects.get(pk=dangling.pk).proposal_id is None
    plan = s.plan
    assert plan.status == "submitted"
    assert plan.sections.get().notes == "Two rooms"
    assert plan.versions.get().comments.get().body == "Fine"
    assert s.checkins.get().signals.get().severity == "urgent"
    assert s.feedback_links.get().token == "t" * 40
    # The content type kept its id under the new label: the transition still finds it.
    ct = ContentType.objects.get_for_model(moved.Sponsorship)
    assert ct.pk == ct_pk and ct.app_label == "sponsorships"
    assert not ContentType.objects.filter(app_label="groups", model__in=MODELS).exists()
    assert Transition.objects.get(content_type=ct, object_id=s.pk).to_state == "active"
    assert AuditEvent.objects.filter(object_type="sponsorships.sponsorship").count() == 1
    assert not AuditEvent.objects.filter(object_type__startswith="groups.sponsorship").exists()
    # New rows continue the moved sequence and the frozen-version trigger still holds.
    seeded = moved.PlanTemplateTask.objects.get()
    added = moved.PlanTemplateTask.objects.create(
        template=seeded.template, domain="work", title="x", responsible="group"
    )
    assert added.pk > seeded.pk
    with pytest.raises(Exception, match="Cannot update or delete"):
        moved.PlanVersion.objects.filter(plan=plan).update(number=2)
