"""Demo matching: a finished run in Utrecht whose proposals were walked, through the real
services, into every state (proposed ... withdrawn). Runs last (INSTALLED_APPS order).

First the other demos' households and groups that reach the states after a match are
matched (matching/demo_journeys.py), so the run does not see them. Its own ready groups
(interviewed and trained, as the readiness gate wants), cleared households and homes keep
the other apps' demo objects in the states those apps documented;
``ctx.extra["match_proposals"]`` maps status -> proposal.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from groups.models import GroupMember, Intake, SponsorGroup
from housing import services as housing
from housing.models import HousingOffer
from matching import demo_journeys, runs, services
from matching.models import MatchProposal
from newcomers import caseaccess
from newcomers import services as newcomers
from newcomers.choices import REQUIRED_TOPICS
from newcomers.models import Household, HouseholdMember
from newcomers.references import next_reference
from sponsorship.demo import DEMO_PASSWORD
from sponsorship.models import Role, User
from sponsorship.vocab import Vulnerability

S = MatchProposal.Status
# pseudonym, languages, interests, work sector, members (relation, age band)
HOUSEHOLDS = [
    (
        "Household Oak",
        ["ar", "en"],
        ["cooking", "football"],
        "construction",
        [("principal", "30-49"), ("partner", "30-49"), ("child", "5-11")],
    ),
    ("Household Elm", ["ti", "en"], ["music"], "care", [("principal", "18-29")]),
    (
        "Household Ash",
        ["fa"],
        ["cycling", "nature"],
        "it",
        [("principal", "30-49"), ("child", "12-17")],
    ),
    (
        "Household Pine",
        ["ar"],
        ["gardening"],
        "agriculture",
        [("principal", "50-64"), ("partner", "50-64")],
    ),
    (
        "Household Yew",
        ["so", "en"],
        ["children", "cooking"],
        "hospitality",
        [("principal", "30-49"), ("child", "5-11"), ("child", "0-4")],
    ),
    (
        "Household Fir",
        ["uk", "en"],
        ["technology"],
        "it",
        [("principal", "30-49"), ("parent", "65+")],
    ),
    (
        "Household Lime",
        ["ps", "fa"],
        ["football", "sports"],
        "logistics",
        [("principal", "18-29"), ("sibling", "18-29")],
    ),
    (
        "Household Poplar",
        ["ar", "fr"],
        ["art", "reading"],
        "education",
        [("principal", "30-49"), ("partner", "30-49")],
    ),
]
GROUPS = [
    ("Utrecht Oost Verwelkomt", "Oost"),
    ("Buurtgroep Zuilen", "Zuilen"),
    ("Samen in Overvecht", "Overvecht"),
    ("Leidsche Rijn Helpt", "Leidsche Rijn"),
    ("Tuinwijk Thuis", "Tuinwijk"),
    ("Kanaleneiland Samen", "Kanaleneiland"),
    ("Lombok Welkom", "Lombok"),
    ("Hoograven Heet Welkom", "Hoograven"),
]
# The order in which the run's proposals are walked, one per state.
STATES = [
    S.PROPOSED,
    S.ACCEPTED,
    S.SENT,
    S.APPROVED,
    S.REJECTED,
    S.CONFIRMED,
    S.DECLINED,
    S.WITHDRAWN,
]


def _household(ctx, actor, programme, town, row) -> Household:
    pseudonym, languages, interests, sector, members = row
    household = Household.objects.create(
        reference=next_reference(),
        pseudonym=pseudonym,
        programme=programme,
        municipality=town,
        country_of_stay="LB",
        expected_arrival=ctx.today + timedelta(days=ctx.rng.randint(45, 120)),
        languages=languages,
        language_levels={c: "native" for c in languages[:1]},
        interests=interests,
        work_sector=sector,
        created_by=actor,
    )
    HouseholdMember.objects.bulk_create(
        HouseholdMember(household=household, relation=rel, age_band=band) for rel, band in members
    )
    caseaccess.grant_to_creator(household, actor)
    newcomers.register(household, actor=actor)
    day = ctx.today - timedelta(days=60)
    newcomers.pre_select(household, actor=actor)
    session = newcomers.record_information(
        household,
        actor=actor,
        informed_by="UNHCR (demo)",
        informed_on=day,
        language=languages[0],
        topics=sorted(REQUIRED_TOPICS),
    )
    newcomers.record_consent(
        household,
        actor=actor,
        information=session,
        participate=True,
        processing=True,
        share_profile=True,
        given_on=day + timedelta(days=2),
    )
    newcomers.record_intake(
        household, actor=actor, held_on=day + timedelta(days=10), interviewer=actor
    )
    return household


def _group(ctx, programme, town, name, neighbourhood, index) -> SponsorGroup:
    group = SponsorGroup.objects.create(
        programme=programme,
        municipality=town,
        name=name,
        neighbourhood=neighbourhood,
        status=SponsorGroup.Status.READY_FOR_MATCHING,
        interests=ctx.rng.sample(
            ["cooking", "football", "music", "gardening", "cycling", "reading"], 3
        ),
        motivation="We want to help a family feel at home.",
        max_household_size=6,
        supported_vulnerabilities=list(Vulnerability.values),
        languages=["nl", "en", "ar"],
        consent_given_at=timezone.now(),
        privacy_notice_version="2026-01",
    )
    # The contact member has an account, so the demo can show the group's side.
    slug = neighbourhood.lower().replace(" ", "")
    contact = User.objects.create_user(
        f"contact.{slug}@demo.samenhier.nl",
        DEMO_PASSWORD,
        role=Role.GROUP_MEMBER,
        first_name="Contact",
        last_name=name,
    )
    for i in range(5):
        GroupMember.objects.create(
            group=group,
            user=contact if i == 0 else None,
            is_contact=i == 0,
            name=contact.get_full_name() if i == 0 else f"Lid {i} {neighbourhood}",
            email=contact.email if i == 0 else f"lid{i}.{slug}@demo.example",
            phone="06 12345678",
            languages={"nl": "native", "en": "fluent"},
            professional_sector=["education", "healthcare", "it", "construction", "retail"][
                (index + i) % 5
            ],
            declaration_signed_on=ctx.today - timedelta(days=90),
            vog_issued_on=ctx.today - timedelta(days=100),
            vog_received_on=ctx.today - timedelta(days=95),
        )
    _interviewed_and_trained(ctx, group)
    return group


def _interviewed_and_trained(ctx, group) -> None:
    """The steps before "ready for matching": a positive intake and the training."""
    from training import demo as training_demo

    coordinator = ctx.users["coordinator"]
    Intake.objects.create(
        group=group,
        interviewer=coordinator,
        location="Wijkcentrum",
        planned_at=timezone.now() - timedelta(days=120),
        held_on=ctx.today - timedelta(days=120),
        outcome=Intake.Outcome.POSITIVE,
        notes_motivation="Strong shared motivation.",
    )
    modules = ctx.extra.get("training_modules", {}).get("nl")
    if modules:
        training_demo._train_fully(ctx, group, modules, coordinator, 90)


def _offer(ctx, town, neighbourhood) -> HousingOffer:
    offer = housing.create_offer(
        None,
        municipality=town,
        kind=HousingOffer.Kind.PERMANENT,
        neighbourhood=neighbourhood,
        address=f"{neighbourhood}straat {ctx.rng.randint(1, 150)}, Utrecht",
        bedrooms=3,
        max_occupants=6,
        step_free=True,
        ground_floor=True,
        rent=Decimal(ctx.rng.randrange(550, 850, 5)),
        service_costs=Decimal(45),
        available_from=ctx.today - timedelta(days=10),
    )
    return housing.publish_offer(None, offer)


def _walk(ctx, proposal, target) -> None:
    """Move one proposal to ``target`` through the services, as people would."""
    coordinator, municipal = ctx.users["coordinator"], ctx.users["gemeente"]
    if target == S.PROPOSED:
        return
    if target == S.WITHDRAWN:
        services.withdraw(proposal, coordinator, reason="The household asked for more time.")
        return
    services.accept(proposal, coordinator)
    if target == S.ACCEPTED:
        return
    services.send(proposal, coordinator)
    if target == S.SENT:
        return
    if target == S.REJECTED:
        services.reject(proposal, municipal, reason="The home is needed for a larger family.")
        return
    services.approve(proposal, municipal)
    services.plan_meeting(
        proposal,
        coordinator,
        planned_at=timezone.now() + timedelta(days=7),
        mode="online",
        moderator="Community Builder Utrecht",
        interpreter_needed=True,
        interpreter_language="ar",
    )
    if target == S.CONFIRMED:
        contact = proposal.group.members.get(is_contact=True).user
        services.confirm_for_group(proposal, contact)
        services.confirm_for_household(proposal, coordinator)
    elif target == S.DECLINED:
        services.decline(
            proposal,
            coordinator,
            side=MatchProposal.Side.HOUSEHOLD,
            reason="Prefers to live closer to relatives.",
        )


def seed(ctx) -> None:
    demo_journeys.seed(ctx)
    coordinator, programme = ctx.users["coordinator"], ctx.programmes["nl"]
    town = ctx.towns["Utrecht"]
    for row in HOUSEHOLDS:
        _household(ctx, coordinator, programme, town, row)
    for index, (name, neighbourhood) in enumerate(GROUPS):
        _group(ctx, programme, town, name, neighbourhood, index)
        _offer(ctx, town, neighbourhood)
    run = runs.run_now(coordinator, programme, [town])
    proposals = list(run.proposals.order_by("household_id"))
    by_status = {}
    for proposal, target in zip(proposals, STATES, strict=False):
        _walk(ctx, proposal, target)
        by_status[target] = proposal
    ctx.extra["matching_run"] = run
    ctx.extra["match_proposals"] = by_status
