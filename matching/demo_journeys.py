"""Demo journeys: the households and groups of the other demos that reach the states after
a match, walked there through the real services, so ``seed_demo`` passes
``check_integrity`` (docs/integrity.md).

newcomers/demo.py leaves the households that reach approved, in sponsorship or completed
at "intake held"; groups/demo.py leaves the groups that reach matched, active or completed
at "ready for matching". Here they are paired per town (an approved household with a
matched group, in sponsorship with active, completed with completed) on a home made for
them: a coordinator proposes the match, the municipality approves it (the home is
allocated), both sides confirm (the sponsorship starts with its draft plan). A household
that has arrived lived first in an intermediate home and moved on to a permanent one, so
each town shows an allocated, an occupied and a released home. The sponsorship demo then
registers their arrival and closes the completed year.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from groups.models import SponsorGroup
from housing import services as housing
from housing.models import HousingOffer, HousingProvider
from matching import services
from newcomers.models import Household
from sponsorship.demo import DEMO_PASSWORD
from sponsorship.models import Role, User

H, G = Household.Status, SponsorGroup.Status
K = HousingOffer.Kind
# The household's state and the state of the group that sponsors it.
PAIRS = ((H.APPROVED, G.MATCHED), (H.IN_SPONSORSHIP, G.ACTIVE), (H.COMPLETED, G.COMPLETED))
# Days before today the household arrived, and days after arrival it moved on.
ARRIVAL = {H.IN_SPONSORSHIP: (100, 40), H.COMPLETED: (400, 150)}


def seed(ctx) -> None:
    households, groups = ctx.extra.get("households", {}), ctx.extra.get("groups", {})
    for household_state, group_state in PAIRS:
        free = list(groups.get(group_state, []))
        for n, household in enumerate(households.get(household_state, [])):
            group = next((g for g in free if g.municipality_id == household.municipality_id), None)
            if group is None:
                continue
            free.remove(group)
            days = ARRIVAL.get(household_state)
            if days is None:
                _match(ctx, household, group)
                continue
            arrival = ctx.today - timedelta(days=days[0] + 30 * n)
            _arrived(ctx, household, group, arrival, arrival + timedelta(days=days[1]))


def _match(ctx, household, group, *, kind=K.PERMANENT, available_from=None):
    """Propose, send, approve and confirm: returns the confirmed proposal."""
    coordinator = ctx.users["coordinator"]
    town = household.municipality
    _fit(group, household)
    home = _home(ctx, town, kind, available_from or ctx.today - timedelta(days=10))
    proposal = services.create_manual(
        coordinator, household=household, group=group, offer=home, note="Demo match."
    )
    services.send(proposal, coordinator)
    services.approve(proposal, _officer(ctx, town))
    services.confirm_for_group(proposal, _contact_account(group))
    services.confirm_for_household(proposal, coordinator)
    return proposal


def _arrived(ctx, household, group, arrival, moved_on) -> None:
    """Matched for an intermediate home from ``arrival``; moved in, then on to a permanent
    home on ``moved_on``. The sponsorship demo registers the arrival itself."""
    Household.objects.filter(pk=household.pk).update(expected_arrival=arrival)
    household.refresh_from_db()
    start = arrival - timedelta(days=14)
    proposal = _match(ctx, household, group, kind=K.INTERMEDIATE, available_from=start)
    # The household moves in only after its arrival (the occupy guard): the sponsorship
    # demo registers the arrival and then calls ``move_in`` below.
    permanent = _home(ctx, household.municipality, K.PERMANENT, moved_on - timedelta(days=7))
    ctx.extra.setdefault("moves_on", {})[household.pk] = (
        _officer(ctx, household.municipality),
        proposal.allocation,
        permanent,
        moved_on,
    )


def move_in(ctx, household) -> None:
    """After the arrival: into the intermediate home, later on to the permanent one."""
    planned = ctx.extra.get("moves_on", {}).get(household.pk)
    if planned is None:
        return
    officer, allocation, permanent, moved_on = planned
    housing.mark_occupied(officer, allocation.offer)
    housing.move_household(officer, household, allocation, permanent, moved_on)


def _fit(group, household) -> None:
    """The demo group takes this household: its size and needs are within the group's."""
    group.refresh_from_db()
    group.max_household_size = max(group.max_household_size, household.members.count())
    group.supported_vulnerabilities = sorted(
        set(group.supported_vulnerabilities) | set(household.vulnerabilities)
    )
    group.save(update_fields=["max_household_size", "supported_vulnerabilities", "updated_at"])


def _home(ctx, town, kind, available_from) -> HousingOffer:
    provider = HousingProvider.objects.filter(
        municipality=town, kind=HousingProvider.Kind.HOUSING_CORPORATION
    ).first()
    temporary = kind != K.PERMANENT
    offer = housing.create_offer(
        None,
        municipality=town,
        provider=provider,
        kind=kind,
        neighbourhood="Centrum",
        address=f"Stationsstraat {ctx.rng.randint(1, 120)}, {town.name}",
        bedrooms=3,
        max_occupants=6,
        step_free=True,
        ground_floor=True,
        rent=Decimal(ctx.rng.randrange(500, 850, 5)),
        service_costs=Decimal(40),
        available_from=available_from,
        available_until=available_from + timedelta(days=365) if temporary else None,
    )
    return housing.publish_offer(None, offer)


def _officer(ctx, town) -> User:
    """Municipal staff of ``town``: the demo account for Utrecht, a plain one elsewhere."""
    if ctx.users["gemeente"].municipality_id == town.pk:
        return ctx.users["gemeente"]
    email = f"gemeente.{town.name.lower()}@demo.samenhier.nl"
    officer = User.objects.filter(email=email).first()
    return officer or User.objects.create_user(
        email,
        DEMO_PASSWORD,
        role=Role.MUNICIPAL_STAFF,
        municipality=town,
        first_name="Medewerker",
        last_name=f"gemeente {town.name}",
    )


def _contact_account(group) -> User:
    """The contact member confirms for the group, so it needs an account."""
    contact = group.members.get(is_contact=True, active=True)
    if contact.user is None:
        contact.user = User.objects.create_user(
            contact.email, DEMO_PASSWORD, role=Role.GROUP_MEMBER, first_name=contact.name
        )
        contact.save(update_fields=["user"])
    return contact.user
