"""Demo sponsor groups in every state; ``ctx.extra["groups"]`` maps status -> [groups].

The demo member (ctx.users["lid"]) is an active member of the approved Utrecht group.

Matched, active and completed are states that follow from a match and a sponsorship, so
those groups are made ready for matching here and keyed by the state they will reach:
the matching demo matches them with a household through the real services, and the
sponsorship demo registers the arrival (and completes the year).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from groups.machines import GROUP
from groups.models import GroupMember, Intake, SponsorGroup
from groups.services import refresh_languages
from sponsorship import statemachine as sm
from sponsorship.vocab import LanguageLevel, Vulnerability

Status = SponsorGroup.Status
# The path a group walks; a group in one state has passed every earlier one.
PATH = [
    Status.APPLIED,
    Status.INTAKE_PLANNED,
    Status.INTAKE_HELD,
    Status.APPROVED,
    Status.IN_TRAINING,
    Status.READY_FOR_MATCHING,
    Status.MATCHED,
    Status.ACTIVE,
    Status.COMPLETED,
]

# name, town, programme key, status, neighbourhood
GROUPS = [
    ("Buren van Lombok", "Utrecht", "nl", Status.APPLIED, "Lombok"),
    ("Zeister Welkom", "Zeist", "nl", Status.APPLIED, "Centrum"),
    ("Vrienden van Hoograven", "Utrecht", "nl", Status.INTAKE_PLANNED, "Hoograven"),
    ("Amersfoort Samen", "Amersfoort", "nl", Status.INTAKE_HELD, "Soesterkwartier"),
    ("Welkom in Wittevrouwen", "Utrecht", "nl", Status.APPROVED, "Wittevrouwen"),
    ("Koor De Brug", "Utrecht", "nl-status", Status.IN_TRAINING, "Overvecht"),
    ("Leidse Buren", "Leiden", "nl", Status.READY_FOR_MATCHING, "3513"),
    # One sponsorship each (matching/demo.py pairs them with a household of their town).
    ("Amersfoort Verwelkomt", "Amersfoort", "nl", Status.MATCHED, "Vathorst"),
    ("Zuilen Verwelkomt", "Utrecht", "nl", Status.MATCHED, "Zuilen"),
    ("Den Dolder Helpt", "Zeist", "nl", Status.MATCHED, "Den Dolder"),
    ("Zeist Thuis", "Zeist", "nl", Status.ACTIVE, "Kerckebosch"),
    ("Tuindorp Thuis", "Utrecht", "nl", Status.ACTIVE, "Tuindorp"),
    ("Schothorst Samen", "Amersfoort", "nl", Status.COMPLETED, "Schothorst"),
    ("Onthaalgroep Kessel-Lo", "Leuven", "be", Status.IN_TRAINING, "Kessel-Lo"),
    ("Gentse Vrienden", "Gent", "be", Status.WITHDRAWN, "Ledeberg"),
    ("Zwolle Samen", "Zwolle", "nl", Status.REJECTED, "Assendorp"),
]
FIRST = [
    "Anna",
    "Bram",
    "Charlotte",
    "Daan",
    "Eva",
    "Farid",
    "Gerrit",
    "Hanna",
    "Imane",
    "Joost",
    "Kim",
    "Lotte",
    "Mehmet",
    "Noor",
    "Olga",
    "Pim",
    "Rania",
    "Sven",
    "Tess",
]
LAST = [
    "de Jong",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "el Amrani",
    "Mulder",
    "de Boer",
    "Yilmaz",
    "Dekker",
    "Peeters",
    "Haddad",
    "Vos",
]
SECTORS = [
    "healthcare",
    "education",
    "IT",
    "construction",
    "retail",
    "law",
    "finance",
    "hospitality",
    "public sector",
    "retired",
]
INTERESTS = [
    "cooking",
    "football",
    "music",
    "gardening",
    "cycling",
    "languages",
    "hiking",
    "board games",
    "crafts",
    "reading",
]
LANGS = ["en", "fr", "de", "ar", "fa", "tr", "es", "ti", "uk"]


def _rank(status: str) -> int:
    return PATH.index(status)


def _member(ctx, group, index: int, *, approved: bool) -> GroupMember:
    rng = ctx.rng
    first, last = rng.choice(FIRST), rng.choice(LAST)
    languages = {"nl": LanguageLevel.NATIVE.value}
    for code in rng.sample(LANGS, rng.randint(1, 2)):
        languages[code] = rng.choice(LanguageLevel.values[:3])
    signed = (
        ctx.today - timedelta(days=rng.randint(20, 90)) if approved or rng.random() < 0.4 else None
    )
    issued = ctx.today - timedelta(days=rng.randint(60, 120)) if approved else None
    slug = f"{first}.{last}".lower().replace(" ", "")
    return GroupMember.objects.create(
        group=group,
        name=f"{first} {last}",
        email=f"{slug}.{group.pk}.{index}@demo.example",
        phone=f"06 {rng.randint(10000000, 99999999)}",
        languages=languages,
        professional_sector=rng.choice(SECTORS),
        network=rng.choice(
            ["", "Neighbourhood association", "Colleagues in a hospital", "Football club"]
        ),
        experience_vulnerable_groups=rng.choice(["", "Volunteered at a language café"]),
        cultural_familiarity=rng.choice(["", "Lived in Morocco for two years"]),
        daytime_flexibility=rng.choice(GroupMember.Flexibility.values),
        is_contact=index == 0,
        declaration_signed_on=signed,
        vog_issued_on=issued,
        vog_received_on=issued + timedelta(days=5) if issued else None,
    )


def _history(group, status, actor) -> None:
    """Transition rows for the path to ``status`` so the timeline shows it (the demo
    creates the group in its state; walking it through the services would need every
    other app's records first)."""
    closed = {
        Status.WITHDRAWN: [Status.APPLIED, Status.WITHDRAWN],
        Status.REJECTED: [*PATH[:3], Status.REJECTED],
    }
    path = closed.get(status) or PATH[: PATH.index(status) + 1]
    for old, new in zip(path, path[1:], strict=False):
        operation = next(op for op, target in GROUP.targets(old) if target == new)
        reason = group.closing_reason if new in (Status.WITHDRAWN, Status.REJECTED) else ""
        sm.record(GROUP, group, old, new, operation=operation, actor=actor, reason=reason)


def _intake(ctx, group, status, interviewer) -> None:
    if status in (Status.APPLIED, Status.WITHDRAWN):
        return
    held = status != Status.INTAKE_PLANNED
    day = ctx.today + timedelta(days=7) if not held else ctx.today - timedelta(days=30)
    Intake.objects.create(
        group=group,
        interviewer=interviewer,
        location="Wijkcentrum",
        planned_at=timezone.make_aware(datetime.combine(day, time(19, 30))),
        held_on=day if held else None,
        outcome=(Intake.Outcome.NEGATIVE if status == Status.REJECTED else Intake.Outcome.POSITIVE)
        if held
        else "",
        notes_motivation="Strong shared motivation." if held else "",
    )


def seed(ctx) -> None:
    coordinator = ctx.users["coordinator"]
    by_status: dict[str, list[SponsorGroup]] = {}
    for name, town, programme, target, neighbourhood in GROUPS:
        status = min(target, Status.READY_FOR_MATCHING, key=_rank) if target in PATH else target
        group = SponsorGroup.objects.create(
            programme=ctx.programmes[programme],
            municipality=ctx.towns[town],
            name=name,
            neighbourhood=neighbourhood,
            status=status,
            interests=ctx.rng.sample(INTERESTS, 3),
            motivation="We want to help someone feel at home in our neighbourhood.",
            max_household_size=ctx.rng.randint(2, 7),
            supported_vulnerabilities=ctx.rng.sample(Vulnerability.values, 2),
            accepts_financial_duties=ctx.programmes[programme].groups_have_financial_duties,
            consent_given_at=timezone.now(),
            privacy_notice_version="2026-01",
            closing_reason={
                Status.WITHDRAWN: "Two members moved away.",
                Status.REJECTED: "The intake showed too little shared time.",
            }.get(status, ""),
        )
        approved = status in SponsorGroup.APPROVED_STATES
        size = max(ctx.programmes[programme].min_group_size, ctx.rng.randint(4, 7))
        for index in range(size):
            _member(ctx, group, index, approved=approved)
        refresh_languages(group)
        _intake(
            ctx,
            group,
            status,
            ctx.users["national"]
            if town not in ("Utrecht", "Amersfoort", "Zeist")
            else coordinator,
        )
        _history(group, status, coordinator)
        by_status.setdefault(target, []).append(group)
    _make_lid_a_member(ctx, by_status[Status.APPROVED][0])
    ctx.extra["groups"] = by_status


def _make_lid_a_member(ctx, group) -> None:
    """The demo member is the contact of the approved Utrecht group (programme "nl")."""
    lid = ctx.users["lid"]
    contact = group.members.get(is_contact=True)
    contact.user, contact.name, contact.email = lid, lid.get_full_name(), lid.email
    contact.save(update_fields=["user", "name", "email"])
