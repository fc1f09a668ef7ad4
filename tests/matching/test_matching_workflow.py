"""The review workflow: transitions and refusals, atomic approval, confirmation, decline."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.backends.postgresql.psycopg_any import DateRange

from groups.models import SponsorGroup
from housing.models import Allocation, HousingOffer
from matching import services
from matching.models import DeclinedPairing, MatchProposal
from matching.snapshot import build_snapshot
from newcomers.models import Household
from sponsorship import statemachine as sm
from sponsorship.models import AuditEvent
from tests.factories import MunicipalStaffFactory
from tests.matching.test_matching_support import (
    cleared_household,
    home,
    proposal,
    ready_group,
)

pytestmark = pytest.mark.django_db
S = MatchProposal.Status


@pytest.fixture
def group(town, programme, group_member):
    return ready_group(town, programme, contact_user=group_member)


@pytest.fixture
def household(town, programme):
    return cleared_household(town, programme)


@pytest.fixture
def offer(town):
    return home(town)


@pytest.fixture
def proposed(household, group, offer):
    return proposal(household, group, offer)


@pytest.fixture
def sent(proposed, coordinator):
    services.accept(proposed, coordinator)
    return services.send(proposed, coordinator)


@pytest.fixture
def approved(sent, municipal_officer):
    return services.approve(sent, municipal_officer)


def test_accept_then_send(proposed, coordinator):
    services.accept(proposed, coordinator)
    assert proposed.status == S.ACCEPTED
    services.send(proposed, coordinator)
    assert proposed.status == S.SENT and proposed.sent_at
    summaries = AuditEvent.objects.filter(
        object_type="matching.matchproposal", object_id=str(proposed.pk)
    ).values_list("summary", flat=True)
    assert {"proposal.accept: proposed -> accepted", "proposal.send: accepted -> sent"} <= set(
        summaries
    )
    assert [(r.operation, r.actor) for r in sm.history(proposed)] == [
        ("accept", coordinator),
        ("send", coordinator),
    ]


def test_a_wrong_state_move_is_refused_with_a_readable_reason(proposed, municipal_officer):
    with pytest.raises(ValidationError) as exc:
        services.approve(proposed, municipal_officer)
    assert exc.value.messages == [
        "Something that is “Proposed” cannot become “Approved by the municipality” this way."
    ]
    assert not sm.history(proposed).exists()


def test_reasons_go_to_the_transition_row_never_to_the_audit(sent, municipal_officer):
    services.reject(sent, municipal_officer, reason="The home is promised to another family.")
    row = sm.history(sent).get(operation="reject")
    assert row.reason == "The home is promised to another family."
    summaries = AuditEvent.objects.filter(object_id=str(sent.pk)).values_list("summary", flat=True)
    assert "proposal.reject: sent -> rejected" in summaries
    assert not any("promised" in summary for summary in summaries)


def test_approval_moves_group_and_household_by_their_owning_operations(approved, household, group):
    assert [r.operation for r in sm.history(household)][-2:] == ["match", "approve"]
    assert [r.operation for r in sm.history(group)][-1:] == ["match"]


def test_decline_returns_household_and_group_to_the_pool(approved, coordinator, household, group):
    services.decline(approved, coordinator, side="household", reason="Too far from family.")
    household.refresh_from_db()
    group.refresh_from_db()
    assert household.status == Household.Status.INTAKE_HELD
    assert group.status == SponsorGroup.Status.READY_FOR_MATCHING
    assert sm.history(household).last().operation == "return_to_pool"
    assert sm.history(approved).last().reason == "Too far from family."


def test_proposal_history_is_drawn_from_transition_rows(client_for, sent, coordinator):
    from django.urls import reverse

    response = client_for(coordinator).get(reverse("matching:proposal_detail", args=[sent.pk]))
    states = [e.text for e in response.context["history"] if e.is_transition]
    assert states == [
        "Accepted by coordinator → Sent to the municipality",
        "Proposed → Accepted by coordinator",
    ]


@pytest.mark.parametrize("step", ["send", "approve", "confirm"])
def test_steps_out_of_order_are_refused(proposed, coordinator, municipal_officer, step):
    call = {
        "send": lambda: services.send(proposed, coordinator),
        "approve": lambda: services.approve(proposed, municipal_officer),
        "confirm": lambda: services.confirm_for_household(proposed, coordinator),
    }[step]
    with pytest.raises(ValidationError):
        call()
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED


def test_accept_rechecks_the_hard_constraints(proposed, coordinator, offer):
    HousingOffer.objects.filter(pk=offer.pk).update(max_occupants=2)
    with pytest.raises(ValidationError, match="does not suit"):
        services.accept(proposed, coordinator)


def test_approval_allocates_and_moves_everyone_on(
    approved, household, group, offer, municipal_officer
):
    assert approved.status == S.APPROVED and approved.decided_by == municipal_officer
    allocation = approved.allocation
    assert allocation.offer == offer and allocation.household == household
    assert allocation.start == household.expected_arrival
    offer.refresh_from_db()
    group.refresh_from_db()
    household.refresh_from_db()
    assert offer.status == HousingOffer.Status.ALLOCATED
    assert group.status == SponsorGroup.Status.MATCHED
    assert household.status == Household.Status.APPROVED


def test_approval_is_all_or_nothing(sent, household, group, offer, municipal_officer):
    """Someone allocated the home for the arrival date just before: nothing may change."""
    other = cleared_household(offer.municipality, household.programme)
    Allocation.objects.create(
        offer=offer, household=other, period=DateRange(date(2027, 1, 1), None)
    )
    with pytest.raises(ValidationError, match="already allocated"):
        services.approve(sent, municipal_officer)
    sent.refresh_from_db()
    offer.refresh_from_db()
    group.refresh_from_db()
    household.refresh_from_db()
    assert sent.status == S.SENT and sent.allocation is None
    assert offer.status == HousingOffer.Status.OFFERED and offer.reserved_at is None
    assert group.status == SponsorGroup.Status.READY_FOR_MATCHING
    assert household.status == Household.Status.INTAKE_HELD


def test_only_the_homes_municipality_decides(sent, other_municipal_officer, coordinator):
    for actor in (other_municipal_officer, coordinator):
        with pytest.raises(ValidationError, match="municipality"):
            services.approve(sent, actor)


def test_rejection_needs_a_reason_and_keeps_the_pairing_out(
    sent, municipal_officer, household, group, programme, town
):
    with pytest.raises(ValidationError):
        services.reject(sent, municipal_officer, reason="  ")
    services.reject(sent, municipal_officer, reason="The home is promised to another family.")
    assert sent.status == S.REJECTED
    assert DeclinedPairing.objects.filter(household=household, group=group).exists()
    snapshot = build_snapshot(programme, [town])
    assert (household.pk, group.pk) in snapshot.declined_groups


def test_both_sides_confirm_and_the_sponsorship_starts(
    approved, coordinator, group_member, household, group
):
    from sponsorships.sponsorship_models import Sponsorship

    services.confirm_for_group(approved, group_member)
    assert approved.status == S.APPROVED and approved.group_confirmed_at
    with pytest.raises(ValidationError, match="already"):
        services.confirm_for_group(approved, group_member)
    services.confirm_for_household(approved, coordinator)
    assert approved.status == S.CONFIRMED
    sponsorship = Sponsorship.objects.get(household=household)
    assert sponsorship.group == group and sponsorship.proposal_id == approved.pk


def test_only_the_contact_member_confirms_for_the_group(approved, group, town):
    from tests.factories import UserFactory
    from tests.matching.test_matching_support import add_member

    ordinary = UserFactory()
    add_member(group, ordinary)
    with pytest.raises(ValidationError, match="contact member"):
        services.confirm_for_group(approved, ordinary)
    with pytest.raises(ValidationError, match="coordinator"):
        services.confirm_for_household(approved, ordinary)


@pytest.mark.parametrize("side", ["group", "household"])
def test_declining_frees_both_without_consequence(
    approved, side, coordinator, group_member, household, group, offer, programme, town
):
    actor = group_member if side == "group" else coordinator
    services.decline(approved, actor, side=side, reason="Not the right fit.")
    assert approved.status == S.DECLINED and approved.declined_by == side
    approved.allocation.refresh_from_db()
    offer.refresh_from_db()
    group.refresh_from_db()
    household.refresh_from_db()
    assert approved.allocation.status == Allocation.Status.CANCELLED
    assert offer.status == HousingOffer.Status.OFFERED
    assert group.status == SponsorGroup.Status.READY_FOR_MATCHING
    assert household.status == Household.Status.INTAKE_HELD
    snapshot = build_snapshot(programme, [town])
    assert household.pk in {h.id for h in snapshot.households}
    assert (household.pk, group.pk) in snapshot.declined_groups


def test_edit_warns_for_every_criterion_that_got_worse(proposed, coordinator, town):
    from matching import checks

    _score, _named, proposed.criteria = checks.explanation(
        checks.pairing(proposed.household, proposed.group, proposed.offer)
    )
    proposed.save(update_fields=["criteria"])
    # Same neighbourhood, so only the size of the home differs.
    bigger = home(town, max_occupants=8, neighbourhood=proposed.offer.neighbourhood)
    services.edit(proposed, coordinator, offer=bigger)
    assert proposed.status == S.ACCEPTED and proposed.offer == bigger
    assert [w["criterion"] for w in proposed.warnings] == ["housing_fit"]


def test_edit_to_a_pairing_that_breaks_a_constraint_is_refused(proposed, coordinator, town):
    upstairs = home(town, ground_floor=False)
    with pytest.raises(ValidationError, match="does not suit"):
        services.edit(proposed, coordinator, offer=upstairs)
    proposed.refresh_from_db()
    assert proposed.status == S.PROPOSED


def test_manual_proposal_is_checked_like_the_engines(
    coordinator, household, group, offer, town, programme
):
    made = services.create_manual(coordinator, household=household, group=group, offer=offer)
    assert made.status == S.ACCEPTED and made.is_manual and made.criteria
    with pytest.raises(ValidationError, match="already has an open proposal"):
        services.create_manual(coordinator, household=household, group=group, offer=home(town))
    picky = ready_group(town, programme, supported_vulnerabilities=[])
    other = cleared_household(town, programme)
    with pytest.raises(ValidationError, match="cannot take"):
        services.create_manual(coordinator, household=other, group=picky, offer=home(town))


def test_withdraw_needs_a_reason(proposed, coordinator):
    with pytest.raises(ValidationError):
        services.withdraw(proposed, coordinator, reason="")
    services.withdraw(proposed, coordinator, reason="Household asked for more time.")
    assert proposed.status == S.WITHDRAWN


def test_meeting_with_interpreter_needs_a_language(approved, coordinator):
    from django.utils import timezone

    with pytest.raises(ValidationError):
        services.plan_meeting(
            approved,
            coordinator,
            planned_at=timezone.now(),
            mode="online",
            interpreter_needed=True,
            interpreter_language="",
        )
    meeting = services.plan_meeting(
        approved,
        coordinator,
        planned_at=timezone.now(),
        mode="online",
        moderator="Community Builder",
        interpreter_needed=True,
        interpreter_language="ar",
    )
    services.record_meeting(meeting, coordinator, outcome="went_well", notes="Warm start.")
    meeting.refresh_from_db()
    assert meeting.outcome == "went_well"


def test_municipal_staff_see_only_sent_proposals_for_their_municipality(
    town, other_town, programme, group, municipal_officer, other_municipal_officer
):
    here = proposal(cleared_household(town, programme), group, home(town), status=S.SENT)
    proposal(cleared_household(town, programme), group, home(town))  # not sent
    there = proposal(
        cleared_household(other_town, programme), group, home(other_town), status=S.SENT
    )
    assert list(MatchProposal.objects.visible_to(municipal_officer)) == [here]
    assert list(MatchProposal.objects.visible_to(other_municipal_officer)) == [there]
    staff = MunicipalStaffFactory(municipality=town)
    assert set(MatchProposal.objects.visible_to(staff)) == {here}


def test_group_members_see_their_match_once_approved(approved, group_member, proposed):
    assert list(MatchProposal.objects.visible_to(group_member)) == [approved]
