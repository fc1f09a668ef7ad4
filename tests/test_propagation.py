"""Propagation (docs/architecture.md, "Propagation"): a withdrawal or an early end moves
every record that hangs on it, in one transaction, and check_integrity stays clean."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import services as groups
from groups.models import Intake, SponsorGroup
from housing import services as housing
from housing.models import Allocation, HousingOffer
from matching import services as matching
from matching.models import MatchProposal
from newcomers import services as newcomers
from newcomers.models import AnonymousProfile, Household, Withdrawal
from newcomers.signals import household_withdrawn
from sponsorship import integrity, reminders
from sponsorship.models import AuditEvent
from sponsorship.notifications import Notification
from sponsorships import services as sponsorships
from sponsorships.sponsorship_models import Sponsorship
from tests.groups.factories import IntakeFactory
from tests.matching.test_matching_support import cleared_household, home, ready_group
from tests.training.factories import TrainingModuleFactory, completion

pytestmark = pytest.mark.django_db

H, G = Household.Status, SponsorGroup.Status
P, SP = MatchProposal.Status, Sponsorship.Status
OF, A = HousingOffer.Status, Allocation.Status


def _broken() -> dict[str, list]:
    return {invariant.code: found for invariant, found in integrity.run() if found}


class World:
    """One group, one household and one home, walked through the real services."""

    def __init__(self, town, programme, coordinator, officer, member):
        self.coordinator, self.officer, self.member = coordinator, officer, member
        module = TrainingModuleFactory(programme=programme)
        self.group = ready_group(town, programme, contact_user=member)
        IntakeFactory(
            group=self.group,
            interviewer=coordinator,
            held_on=date(2026, 9, 1),
            outcome=Intake.Outcome.POSITIVE,
        )
        for person in self.group.members.all():
            completion(person, module)
        self.arrival = timezone.localdate() - timedelta(days=10)
        self.household = cleared_household(town, programme, expected_arrival=self.arrival)
        self.offer = home(town)
        self.proposal = None
        self.sponsorship = None

    def accepted(self):
        self.proposal = matching.create_manual(
            self.coordinator, household=self.household, group=self.group, offer=self.offer
        )
        return self

    def sent(self):
        self.accepted()
        matching.send(self.proposal, self.coordinator)
        return self

    def approved(self):
        self.sent()
        matching.approve(self.proposal, self.officer)
        return self

    def confirmed(self):
        self.approved()
        matching.confirm_for_group(self.proposal, self.member)
        matching.confirm_for_household(self.proposal, self.coordinator)
        self.sponsorship = self.household.sponsorships.get()
        return self

    def arrived(self, *, moved_in: bool = False):
        self.confirmed()
        sponsorships.register_arrival(
            self.coordinator, self.sponsorship, self.arrival, override_reason="Test."
        )
        if moved_in:
            housing.mark_occupied(self.coordinator, self.offer)
        return self

    def withdraw_household(self):
        return newcomers.withdraw(
            self.household, actor=self.coordinator, withdrawn_on=timezone.localdate()
        )

    def state(self) -> dict:
        for obj in (self.household, self.group, self.offer, self.proposal, self.sponsorship):
            if obj is not None:
                obj.refresh_from_db()
        return {
            "household": self.household.status,
            "group": self.group.status,
            "offer": self.offer.status,
            "proposal": self.proposal and self.proposal.status,
            "sponsorship": self.sponsorship and self.sponsorship.status,
            "allocations": sorted(
                Allocation.objects.filter(household=self.household).values_list("status", flat=True)
            ),
        }


@pytest.fixture
def world(town, programme, coordinator, municipal_officer, group_member):
    return World(town, programme, coordinator, municipal_officer, group_member)


def _reminder_keys(day) -> set[str]:
    reminders.autodiscover()
    keys = set()
    for rule in reminders.registered().values():
        keys.update(candidate.key for candidate in rule(day))
    return keys


def _kinds(user) -> set[str]:
    return set(Notification.objects.filter(user=user).values_list("kind", flat=True))


# --- a household withdraws ---------------------------------------------------------------


def _sponsorship_reminded(sponsorship, day) -> bool:
    prefixes = (f"checklist-open:{sponsorship.pk}:", f"checkin-overdue:{sponsorship.pk}:")
    return any(k.startswith(prefixes) for k in _reminder_keys(day))


def _review_reminded(proposal) -> bool:
    return any(
        k.startswith(f"match-review:{proposal.pk}:") for k in _reminder_keys(date(2030, 1, 1))
    )


def test_household_withdraws_with_a_sent_proposal(world):
    world.sent()
    assert _review_reminded(world.proposal)
    world.withdraw_household()
    assert world.state() == {
        "household": H.WITHDRAWN,
        "group": G.READY_FOR_MATCHING,
        "offer": OF.OFFERED,
        "proposal": P.WITHDRAWN,
        "sponsorship": None,
        "allocations": [],
    }
    assert _broken() == {}
    assert not _review_reminded(world.proposal)  # the municipal reminder stops with it


def test_household_withdraws_after_the_municipal_approval(world):
    world.approved()
    world.withdraw_household()
    assert world.state() == {
        "household": H.WITHDRAWN,
        "group": G.READY_FOR_MATCHING,
        "offer": OF.OFFERED,
        "proposal": P.WITHDRAWN,
        "sponsorship": None,
        "allocations": [A.CANCELLED],
    }
    assert _broken() == {}
    assert "group_back_in_pool" in _kinds(world.member)
    assert "group_back_in_pool" in _kinds(world.coordinator)


def test_household_withdraws_before_arrival(world, rf):
    from sponsorships.plan_models import ResettlementPlan
    from sponsorships.queue import plans_to_review

    world.confirmed()
    # Arranged directly: a plan waiting for review when the household stops.
    ResettlementPlan.objects.filter(sponsorship=world.sponsorship).update(
        status=ResettlementPlan.Status.SUBMITTED, submitted_at=timezone.now()
    )
    request = rf.get("/")
    request.user = world.coordinator
    assert plans_to_review(request) is not None
    later = world.arrival + timedelta(days=400)
    assert _sponsorship_reminded(world.sponsorship, later)
    world.withdraw_household()
    assert plans_to_review(request) is None
    assert world.state() == {
        "household": H.WITHDRAWN,
        "group": G.READY_FOR_MATCHING,
        "offer": OF.OFFERED,
        "proposal": P.CONFIRMED,  # the sponsorship carries the match from here
        "sponsorship": SP.ENDED_EARLY,
        "allocations": [A.CANCELLED],
    }
    assert world.sponsorship.closing_reason == "The household withdrew."
    assert _broken() == {}
    assert {"sponsorship_ended_early", "group_back_in_pool"} <= _kinds(world.member)
    assert not _sponsorship_reminded(world.sponsorship, later)


def test_household_withdraws_after_moving_in_and_the_home_is_released(world):
    world.arrived(moved_in=True)
    later = world.arrival + timedelta(days=400)
    assert _sponsorship_reminded(world.sponsorship, later)
    world.withdraw_household()
    assert world.state() == {
        "household": H.WITHDRAWN,
        "group": G.READY_FOR_MATCHING,
        "offer": OF.RELEASED,  # the municipality decides what happens to the home
        "proposal": P.CONFIRMED,
        "sponsorship": SP.ENDED_EARLY,
        "allocations": [A.ENDED],
    }
    allocation = Allocation.objects.get(household=world.household)
    assert allocation.end == timezone.localdate()
    assert _broken() == {}
    assert not _sponsorship_reminded(world.sponsorship, later)


def test_the_group_goes_back_to_training_when_its_readiness_lapsed(world):
    world.arrived()
    from training.models import Completion

    Completion.objects.filter(member__group=world.group).delete()
    world.withdraw_household()
    assert world.state()["group"] == G.IN_TRAINING
    assert _broken() == {}


def test_a_withdrawal_unpublishes_the_profile_and_audits_without_free_text(world):
    profile = AnonymousProfile.objects.create(household=world.household, code="P-ABC123")
    profile.published = True
    profile.save(update_fields=["published"])
    world.sent()
    newcomers.withdraw(
        world.household,
        actor=world.coordinator,
        withdrawn_on=timezone.localdate(),
        reason="Moved in with family in Utrecht.",
    )
    profile.refresh_from_db()
    assert not profile.published
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "party_withdrew" in summaries
    assert "Utrecht" not in summaries
    assert _broken() == {}


# --- a group withdraws -------------------------------------------------------------------


def test_group_withdraws_with_an_approved_match(world):
    world.approved()
    groups.withdraw(world.group, world.coordinator, reason="The group fell apart.")
    assert world.state() == {
        "household": H.INTAKE_HELD,
        "group": G.WITHDRAWN,
        "offer": OF.OFFERED,
        "proposal": P.WITHDRAWN,
        "sponsorship": None,
        "allocations": [A.CANCELLED],
    }
    assert _broken() == {}


def test_group_withdraws_before_arrival_and_the_household_returns_to_the_pool(world):
    world.confirmed()
    groups.withdraw(world.group, world.coordinator, reason="The group fell apart.")
    assert world.state() == {
        "household": H.INTAKE_HELD,
        "group": G.WITHDRAWN,
        "offer": OF.OFFERED,
        "proposal": P.CONFIRMED,
        "sponsorship": SP.ENDED_EARLY,
        "allocations": [A.CANCELLED],
    }
    assert world.sponsorship.closing_reason == "The group withdrew."
    assert _broken() == {}
    assert {"sponsorship_ended_early", "group_withdrew"} <= _kinds(world.coordinator)


def test_group_withdraws_after_arrival_and_the_household_stays_arrived(world):
    world.arrived(moved_in=True)
    groups.withdraw(world.group, world.coordinator, reason="The group fell apart.")
    assert world.state() == {
        "household": H.ARRIVED,
        "group": G.WITHDRAWN,
        "offer": OF.OCCUPIED,  # the household keeps its home
        "proposal": P.CONFIRMED,
        "sponsorship": SP.ENDED_EARLY,
        "allocations": [A.ACTIVE],
    }
    assert world.household.needs_alternative_support
    assert _broken() == {}


# --- a sponsorship ends early ------------------------------------------------------------


def test_ending_early_before_arrival_returns_both_parties(world):
    world.confirmed()
    sponsorships.end_early(world.coordinator, world.sponsorship, reason="Other plans.")
    assert world.state() == {
        "household": H.INTAKE_HELD,
        "group": G.READY_FOR_MATCHING,
        "offer": OF.OFFERED,
        "proposal": P.CONFIRMED,
        "sponsorship": SP.ENDED_EARLY,
        "allocations": [A.CANCELLED],
    }
    assert _broken() == {}


def test_ending_early_after_arrival(world):
    world.arrived(moved_in=True)
    sponsorships.end_early(world.coordinator, world.sponsorship, reason="Other plans.")
    assert world.state() == {
        "household": H.ARRIVED,
        "group": G.READY_FOR_MATCHING,
        "offer": OF.OCCUPIED,
        "proposal": P.CONFIRMED,
        "sponsorship": SP.ENDED_EARLY,
        "allocations": [A.ACTIVE],
    }
    assert world.household.needs_alternative_support
    assert _broken() == {}
    # A household without a group may still stop; its home then follows.
    world.withdraw_household()
    assert world.state()["offer"] == OF.RELEASED
    assert _broken() == {}


# --- a home is withdrawn -----------------------------------------------------------------


def test_withdrawing_a_home_flags_its_open_proposals(world, client_for):
    world.sent()
    assert _review_reminded(world.proposal)
    housing.withdraw_offer(world.coordinator, world.offer, reason="The owner sold it.")
    world.proposal.refresh_from_db()
    assert world.proposal.status == P.SENT
    assert world.proposal.home_withdrawn_at is not None
    assert "proposal_home_withdrawn" in _kinds(world.coordinator)
    assert _broken() == {}
    # The municipality is no longer reminded of a decision it cannot take.
    assert not _review_reminded(world.proposal)
    page = client_for(world.coordinator).get(
        reverse("matching:proposal_detail", args=[world.proposal.pk])
    )
    # Sent: only withdrawing is left (an edit is for proposals not yet sent).
    assert "while the municipality has the proposal" in page.content.decode()
    matching.withdraw(world.proposal, world.coordinator, reason="No home.")
    assert _broken() == {}


def test_an_edit_to_another_home_clears_the_flag(world, town, client_for):
    world.accepted()
    housing.withdraw_offer(world.coordinator, world.offer)
    other = home(town)
    page = client_for(world.coordinator).get(
        reverse("matching:proposal_detail", args=[world.proposal.pk])
    )
    assert "Choose another home, or withdraw the proposal." in page.content.decode()
    matching.edit(world.proposal, world.coordinator, offer=other)
    world.proposal.refresh_from_db()
    assert world.proposal.home_withdrawn_at is None and world.proposal.offer_id == other.pk
    assert _broken() == {}


def test_an_allocated_home_cannot_be_withdrawn(world):
    world.approved()
    with pytest.raises(Exception, match="cannot become"):
        housing.withdraw_offer(world.coordinator, world.offer)
    assert world.state()["offer"] == OF.ALLOCATED


# --- one transaction ---------------------------------------------------------------------


def test_a_failing_receiver_rolls_the_whole_withdrawal_back(world):
    world.confirmed()
    before = world.state()

    def broken(**kwargs):
        raise RuntimeError("receiver failed")

    household_withdrawn.connect(broken, dispatch_uid="test.broken", weak=False)
    try:
        with pytest.raises(RuntimeError):
            world.withdraw_household()
    finally:
        household_withdrawn.disconnect(dispatch_uid="test.broken")
    assert world.state() == before
    assert not Withdrawal.objects.filter(household=world.household).exists()
    assert _broken() == {}


def test_the_withdraw_button_propagates(world, client_for):
    world.arrived(moved_in=True)
    response = client_for(world.coordinator).post(
        reverse("newcomers:household_withdraw", args=[world.household.pk]),
        {"withdrawn_on": timezone.localdate().isoformat(), "reason": ""},
    )
    assert response.status_code == 302
    assert world.state()["sponsorship"] == SP.ENDED_EARLY
    assert world.state()["offer"] == OF.RELEASED
    assert _broken() == {}


def test_the_coordinator_queue_lists_proposals_whose_home_was_withdrawn(world, rf):
    from matching.queue import homes_withdrawn

    world.accepted()
    request = rf.get("/")
    request.user = world.coordinator
    assert homes_withdrawn(request) is None
    housing.withdraw_offer(world.coordinator, world.offer)
    item = homes_withdrawn(request)
    assert item.count == 1
    url = reverse("matching:proposal_detail", args=[world.proposal.pk])
    assert [e.url for e in item.entries] == [url]
