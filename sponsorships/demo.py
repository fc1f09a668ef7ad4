"""Demo sponsorships: plans in every state and active sponsorships with check-ins.

Runs after every other app's ``seed`` (sponsorships is the last installed app): it
needs the sponsorships the matching demo started (matching/demo_journeys.py): the matched groups'
wait for arrival, the active and completed groups' arrive (and the completed close).
"""

from __future__ import annotations

from datetime import timedelta

from groups.models import SponsorGroup
from matching.demo_journeys import move_in
from sponsorships import plans
from sponsorships import services as sponsorships
from sponsorships.arrival_checklist import TICKED, set_tick
from sponsorships.monitoring_models import CheckIn, Signal
from sponsorships.sponsorship_models import Sponsorship

# Most instructive first: the matching demo usually starts one more (a draft).
PLAN_STATES = ["returned", "submitted", "approved", "draft"]
EQUALITY = (
    "We ask before we act, and the family decides: where to shop, which school, "
    "how to furnish. We help them find the way themselves instead of doing it for "
    "them, and we talk openly when help starts to feel like dependency."
)


def _sponsorships_of(ctx, status):
    """The sponsorships of the demo groups that reach ``status`` (see groups/demo.py)."""
    groups = [g.pk for g in ctx.extra.get("groups", {}).get(status, [])]
    return list(Sponsorship.objects.filter(group_id__in=groups).order_by("group__name"))


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
    for state, sponsorship in zip(
        PLAN_STATES, _sponsorships_of(ctx, SponsorGroup.Status.MATCHED), strict=False
    ):
        # Demo members without an account yet: the coordinator stands in as the author.
        group = sponsorship.group
        _bring_plan_to(sponsorship.plan, state, _member_user(group) or coordinator, coordinator)


def _active(ctx, coordinator) -> None:
    completed = _sponsorships_of(ctx, SponsorGroup.Status.COMPLETED)
    for sponsorship in _sponsorships_of(ctx, SponsorGroup.Status.ACTIVE) + completed:
        group = sponsorship.group
        # The plan goes through the real review, so its versions exist like any other.
        _bring_plan_to(
            sponsorship.plan, "approved", _member_user(group) or coordinator, coordinator
        )
        for item in TICKED:
            set_tick(coordinator, sponsorship, item, done=True)
        arrival = sponsorship.expected_arrival
        sponsorships.register_arrival(
            coordinator, sponsorship, arrival, override_reason="Demo: arrival before the check."
        )
        move_in(ctx, sponsorship.household)
        _checkins(ctx, sponsorship, arrival)
        if sponsorship in completed:
            sponsorships.mark_interim_done(coordinator, sponsorship)
            sponsorships.start_transition(coordinator, sponsorship)
            sponsorships.complete(coordinator, sponsorship)


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
