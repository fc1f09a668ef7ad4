"""Demo households: one or more in every state, run through the real services so the
timeline, consent history and audit trail look as they would in production.

``ctx.extra["households"]`` maps each status to the demo households that reach it. The
states after the intake follow from other records (a match approved by the municipality,
an arrival registered in a sponsorship), so those households stop at "intake held" here:
matching/demo.py matches them and the sponsorship demo registers the arrival. Matched and
arrived last only inside those operations, so no demo household stays in them.
"""

from __future__ import annotations

from datetime import timedelta

from newcomers import caseaccess, services
from newcomers.choices import REQUIRED_TOPICS
from newcomers.models import Household, HouseholdIdentity, HouseholdMember
from newcomers.references import next_reference

S = Household.Status

# pseudonym, town, country of stay, nationality, identity (family, given, native script),
# languages, members, interests, work sector, vulnerabilities, target status
PEOPLE = [
    (
        "Household Cedar",
        "Utrecht",
        "LB",
        "SY",
        ("Haddad", "Rami", "رامي حداد"),
        {"ar": "native", "en": "basic"},
        [("principal", "30-49"), ("partner", "30-49"), ("child", "5-11"), ("child", "0-4")],
        ["cooking", "football"],
        "construction",
        ["medical"],
        S.IDENTIFIED,
    ),
    (
        "Household Olive",
        "Amersfoort",
        "TR",
        "SY",
        ("Al-Hassan", "Ahmad", "أحمد الحسن"),
        {"ar": "native", "tr": "conversational"},
        [("principal", "50-64"), ("partner", "50-64")],
        ["gardening"],
        "retail",
        ["elderly"],
        S.PRE_SELECTED,
    ),
    (
        "Household Juniper",
        "Zeist",
        "PK",
        "AF",
        ("Rahimi", "Zahra", "زهرا رحیمی"),
        {"prs": "native", "ur": "basic"},
        [("principal", "30-49"), ("child", "12-17"), ("child", "5-11")],
        ["crafts", "children"],
        "crafts",
        ["single_parent"],
        S.INFORMED,
    ),
    (
        "Household Acacia",
        "Utrecht",
        "ET",
        "ER",
        ("Tesfay", "Senait", "ሰናይት ተስፋይ"),
        {"ti": "native", "am": "fluent", "en": "basic"},
        [("principal", "18-29")],
        ["music", "reading"],
        "care",
        ["survivor_of_violence"],
        S.CONSENTED,
    ),
    (
        "Household Linden",
        "Utrecht",
        "UA",
        "UA",
        ("Shevchenko", "Olena", "Олена Шевченко"),
        {"uk": "native", "ru": "fluent", "en": "conversational"},
        [("principal", "30-49"), ("child", "12-17"), ("parent", "65+")],
        ["technology", "cycling"],
        "it",
        ["elderly"],
        S.INTAKE_HELD,
    ),
    (
        "Household Willow",
        "Amersfoort",
        "LB",
        "SY",
        ("Khoury", "Maya", "مايا خوري"),
        {"ar": "native", "fr": "conversational"},
        [("principal", "30-49"), ("partner", "30-49"), ("child", "5-11")],
        ["cooking", "art"],
        "education",
        [],
        S.APPROVED,
    ),
    (
        "Household Birch",
        "Utrecht",
        "IR",
        "AF",
        ("Ahmadzai", "Farid", "فرید احمدزی"),
        {"ps": "native", "fa": "fluent"},
        [("principal", "18-29"), ("sibling", "18-29")],
        ["football", "sports"],
        "logistics",
        [],
        S.APPROVED,
    ),
    (
        "Household Maple",
        "Zeist",
        "KE",
        "SO",
        ("Abdi", "Hodan", "Hodan Cabdi"),
        {"so": "native", "sw": "conversational", "en": "basic"},
        [("principal", "30-49"), ("child", "5-11"), ("child", "5-11"), ("child", "0-4")],
        ["children", "cooking"],
        "hospitality",
        ["single_parent", "large_family"],
        S.IN_SPONSORSHIP,
    ),
    (
        "Household Laurel",
        "Zeist",
        "TR",
        "IQ",
        ("Yousef", "Layla", "ليلى يوسف"),
        {"ar": "native", "ku": "conversational"},
        [("principal", "30-49"), ("child", "5-11")],
        ["crafts", "cooking"],
        "crafts",
        [],
        S.APPROVED,
    ),
    (
        "Household Rowan",
        "Utrecht",
        "JO",
        "SY",
        ("Darwish", "Nour", "نور درويش"),
        {"ar": "native", "en": "fluent"},
        [("principal", "30-49"), ("partner", "30-49")],
        ["music", "nature"],
        "healthcare",
        ["mental_health"],
        S.IN_SPONSORSHIP,
    ),
    (
        "Household Alder",
        "Amersfoort",
        "EG",
        "SD",
        ("Osman", "Khalid", "خالد عثمان"),
        {"ar": "native"},
        [("principal", "30-49"), ("partner", "18-29"), ("child", "0-4")],
        ["football"],
        "agriculture",
        [],
        S.COMPLETED,
    ),
    (
        "Household Hazel",
        "Utrecht",
        "LB",
        "SY",
        ("Mansour", "Rana", "رنا منصور"),
        {"ar": "native"},
        [("principal", "30-49"), ("child", "12-17")],
        ["reading"],
        "administration",
        ["lgbtqi"],
        S.WITHDRAWN,
    ),
]
# What this demo walks; later states come from the matching and sponsorship demos.
ORDER = [S.PRE_SELECTED, S.INFORMED, S.CONSENTED, S.INTAKE_HELD]


def seed(ctx) -> None:
    actor = ctx.users["coordinator"]
    programme = ctx.programmes["nl"]
    ctx.extra["households"] = {status: [] for status in S.values}
    for person in PEOPLE:
        household = _create(ctx, actor, programme, person)
        _advance(ctx, household, actor, person[-1])
        ctx.extra["households"][person[-1]].append(household)


def _create(ctx, actor, programme, person) -> Household:
    (
        pseudonym,
        town,
        stay,
        nationality,
        (family, given, native),
        languages,
        members,
        interests,
        sector,
        vulnerabilities,
        _target,
    ) = person
    household = Household.objects.create(
        reference=next_reference(),
        pseudonym=pseudonym,
        programme=programme,
        municipality=ctx.towns[town],
        country_of_stay=stay,
        nationality=nationality,
        expected_arrival=ctx.today + timedelta(days=ctx.rng.randint(30, 240)),
        languages=list(languages),
        language_levels=languages,
        interests=interests,
        work_sector=sector,
        vulnerabilities=vulnerabilities,
        needs_ground_floor="elderly" in vulnerabilities or ctx.rng.random() < 0.2,
        priorities="Wil graag snel Nederlands leren en werk vinden.",
        created_by=actor,
    )
    household.acceptable_municipalities.set([ctx.towns[town], ctx.towns["Utrecht"]])
    HouseholdMember.objects.bulk_create(
        HouseholdMember(household=household, relation=rel, age_band=band) for rel, band in members
    )
    HouseholdIdentity.objects.create(
        household=household,
        family_name=family,
        given_names=given,
        name_native_script=native,
        phone=f"+000 {ctx.rng.randint(1000000, 9999999)}",
        unhcr_case_number=f"{stay}-{ctx.rng.randint(10, 99)}C{ctx.rng.randint(10000, 99999)}",
    )
    caseaccess.grant_to_creator(household, actor)
    services.register(household, actor=actor)
    return household


def _advance(ctx, household, actor, target) -> None:
    if target == S.IDENTIFIED:
        return
    stop = target if target in ORDER else S.CONSENTED if target == S.WITHDRAWN else S.INTAKE_HELD
    day = ctx.today - timedelta(days=120)
    for status in ORDER[: ORDER.index(stop) + 1]:
        if status == S.INFORMED:
            session = services.record_information(
                household,
                actor=actor,
                informed_by="UNHCR (demo)",
                informed_on=day,
                language=next(iter(household.languages)),
                topics=sorted(REQUIRED_TOPICS),
            )
        elif status == S.CONSENTED:
            services.record_consent(
                household,
                actor=actor,
                information=session,
                participate=True,
                processing=True,
                share_profile=True,
                given_on=day + timedelta(days=3),
            )
            services.publish_profile(household, actor=actor)
        elif status == S.INTAKE_HELD:
            services.record_intake(
                household, actor=actor, held_on=day, interviewer=actor, notes="Demo intake."
            )
        else:
            services.pre_select(household, actor=actor)
        day += timedelta(days=7)
    if target == S.WITHDRAWN:
        services.withdraw(
            household,
            actor=actor,
            withdrawn_on=day,
            reason="Wil dichter bij familie in een andere stad wonen.",
        )
