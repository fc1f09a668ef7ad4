"""Demo sponsorships: plans in every state and active sponsorships with check-ins.

Runs after every app's ``seed`` (as ``groups.demo.seed_late``), because it needs the
newcomers' households and whatever sponsorships the matching demo already started.
"""

from __future__ import annotations

from datetime import timedelta

from groups import plans
from groups.models import SponsorGroup
from groups.monitoring_models import CheckIn, Signal
from groups.sponsorship_models import Sponsorship
from groups.sponsorships import _end_of_year, start_sponsorship
from newcomers.models import Household

# Most instructive first: the matching demo usually starts one more (a draft).
PLAN_STATES = ["returned", "submitted", "approved", "draft"]
EQUALITY = (
    "We ask before we act, and the family decides: where to shop, which school, "
    "how to furnish. We help them find the way themselves instead of doing it for "
    "them, and we talk openly when help starts to feel like dependency."
)


def _free_households(statuses):
    taken = Sponsorship.objects.exclude(status__in=Sponsorship.CLOSED).values("household_id")
    return list(
        Household.objects.filter(status__in=statuses).exclude(pk__in=taken).order_by("reference")
    )


def _member_user(group):
    member = group.members.active().filter(user__isnull=False).order_by("-is_contact").first()
    return member.user if member else None


def _bring_plan_to(plan, state, member, coordinator) -> None:
    section = plan.sections.get(domain="equality")
    section.notes = EQUALITY
    section.save(update_fields=["notes"])
    if state == "draft":
        return
    plans.submit(member, plan)
    if state in ("returned", "approved"):
        plans.return_for_changes(
            coordinator,
            plan,
            {"income": "Add who explains the advance payment while benefits are pending."},
        )
    if state == "approved":
        plans.save_section(
            member,
            plan.sections.get(domain="income"),
            "The group explains the advance; social counselling applies.",
        )
        plans.submit(member, plan)
        plans.approve(coordinator, plan)


def _pre_arrival(ctx, coordinator) -> None:
    groups = list(
        SponsorGroup.objects.filter(status=SponsorGroup.Status.MATCHED)
        .exclude(sponsorships__isnull=False)
        .order_by("name")
    )
    households = _free_households([Household.Status.APPROVED, Household.Status.MATCHED])
    for state, group, household in zip(PLAN_STATES, groups, households, strict=False):
        if household.expected_arrival is None:
            household.expected_arrival = ctx.today + timedelta(weeks=ctx.rng.randint(2, 8))
            household.save(update_fields=["expected_arrival"])
        sponsorship = start_sponsorship(coordinator, group=group, household=household)
        # Demo members without an account yet: the coordinator stands in as the author.
        _bring_plan_to(sponsorship.plan, state, _member_user(group) or coordinator, coordinator)


def _active(ctx, coordinator) -> None:
    groups = list(
        SponsorGroup.objects.filter(status=SponsorGroup.Status.ACTIVE)
        .exclude(sponsorships__isnull=False)
        .order_by("name")
    )
    households = _free_households([Household.Status.IN_SPONSORSHIP, Household.Status.ARRIVED])
    for index, (group, household) in enumerate(zip(groups, households, strict=False)):
        # Group and household are already active in their own demos: record the
        # sponsorship as it stands rather than replaying the arrival.
        arrival = household.arrival_date or ctx.today - timedelta(days=30 + 45 * index)
        sponsorship = start_sponsorship(coordinator, group=group, household=household)
        # The plan goes through the real review, so its versions exist like any other.
        _bring_plan_to(
            sponsorship.plan, "approved", _member_user(group) or coordinator, coordinator
        )
        sponsorship.status, sponsorship.arrival_date = Sponsorship.Status.ACTIVE, arrival
        sponsorship.ends_on = _end_of_year(sponsorship, arrival)
        sponsorship.save(update_fields=["status", "arrival_date", "ends_on"])
        _checkins(ctx, sponsorship, arrival)


def _checkins(ctx, sponsorship, arrival) -> None:
    day = arrival + timedelta(days=7)
    while day < ctx.today - timedelta(days=3):
        checkin = CheckIn.objects.create(
            sponsorship=sponsorship,
            held_on=day,
            by=ctx.rng.choice(["member", "community_builder"]),
            household_wellbeing=ctx.rng.choice(["good", "good", "okay", "difficult"]),
            group_wellbeing=ctx.rng.choice(["good", "okay"]),
            tasks_progress="Bank account open; GP registration pending.",
        )
        if checkin.household_wellbeing == "difficult":
            Signal.objects.create(
                sponsorship=sponsorship,
                checkin=checkin,
                category=ctx.rng.choice(["income", "housing", "health"]),
                severity="medium",
                raised_by_household=ctx.rng.random() < 0.5,
                description="Benefits have not started yet; advance used up.",
            )
        day += timedelta(days=7 if day < arrival + timedelta(days=90) else 30)


def seed(ctx) -> None:
    coordinator = ctx.users["coordinator"]
    _pre_arrival(ctx, coordinator)
    _active(ctx, coordinator)
