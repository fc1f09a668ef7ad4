"""Demo training: a curriculum per programme, past and upcoming sessions, and groups at every
stage of training. Runs after groups/demo.py (uses ``ctx.extra["groups"]``).

Stages: the approved groups have not started (the demo member is enrolled in an upcoming
start training); "Onthaalgroep Kessel-Lo" is half-way, with an expired completion and an
e-learning report waiting for confirmation; "Koor De Brug" has met the requirement but
is still "in training" (the coordinator can move it on); groups from "ready for matching"
onwards really pass the gate. Completions are made by the real services.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from groups.models import SponsorGroup
from training import completions, enrolment
from training.models import Enrolment, TrainingModule, TrainingSession
from training.readiness import group_readiness

Status = SponsorGroup.Status
Kind, Scope = TrainingModule.Kind, TrainingModule.Scope

# code, name nl, name en, kind, required, scope, n, validity months, description en
CURRICULUM = [
    (
        "start",
        "Starttraining",
        "Start training",
        Kind.SESSION,
        True,
        Scope.EVERY_MEMBER,
        None,
        None,
        "Expectation management, equality and intercultural sensitivity.",
    ),
    (
        "intercultural",
        "Interculturele sensitiviteit",
        "Intercultural sensitivity",
        Kind.SESSION,
        True,
        Scope.EVERY_MEMBER,
        None,
        24,
        "Working across cultures, in practice.",
    ),
    (
        "network",
        "E-learning Impact met je netwerk",
        "E-learning: impact with your network",
        Kind.E_LEARNING,
        True,
        Scope.EVERY_MEMBER,
        None,
        None,
        "How your social and professional network helps a newcomer.",
    ),
    (
        "reception-info",
        "Informatiebijeenkomst hervestiging",
        "Information session on resettlement",
        Kind.SESSION,
        True,
        Scope.AT_LEAST_N,
        2,
        None,
        "The reception agency explains the resettlement practice.",
    ),
    (
        "trauma",
        "Traumasensitiviteit",
        "Trauma sensitivity",
        Kind.SESSION,
        False,
        Scope.EVERY_MEMBER,
        None,
        36,
        "Recognising trauma and where to refer.",
    ),
]
FULLY_TRAINED = [Status.READY_FOR_MATCHING, Status.MATCHED, Status.ACTIVE, Status.COMPLETED]


def _curriculum(programme) -> dict[str, TrainingModule]:
    modules = {}
    for order, (code, nl, en, kind, required, scope, n, months, text) in enumerate(CURRICULUM):
        modules[code] = TrainingModule.objects.create(
            programme=programme,
            code=code,
            name_nl=nl,
            name_en=en,
            kind=kind,
            required=required,
            scope=scope,
            min_members=n,
            validity_months=months,
            order=order,
            description_en=text,
            description_nl=text,
        )
    return modules


def _at(ctx, days: int, hour: int = 19):
    # Upcoming sessions must lie in the real future, or nobody could enrol in them, even
    # when seed_demo --today pretends an earlier date.
    base = ctx.today if days <= 0 else max(ctx.today, timezone.localdate())
    return timezone.make_aware(datetime.combine(base + timedelta(days=days), time(hour)))


def _session(ctx, module, town, days: int, **extra) -> TrainingSession:
    starts = _at(ctx, days, extra.pop("hour", 19))
    defaults = {
        "place": f"Wijkcentrum {town.name}" if town else "",
        "online_url": "" if town else "https://meet.example.org/samenhier-training",
        "trainer": ctx.rng.choice(["Ingrid Hoekstra", "Karim Benali", "Lieve Claes"]),
        "language": "nl",
        "capacity": 16,
    }
    return TrainingSession.objects.create(
        module=module,
        municipality=town,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2, minutes=30),
        **{**defaults, **extra},
    )


def _attended(ctx, module, town, days_ago: int, members, coordinator) -> None:
    """A past session the members attended, registered through the attendance service."""
    session = _session(ctx, module, town, -days_ago)
    rows = [
        Enrolment.objects.create(
            session=session, member=m, status="enrolled", enrolled_by=coordinator
        )
        for m in members
    ]
    completions.register_attendance(session, coordinator, {e.pk for e in rows})


def _e_learning(ctx, module, members, coordinator, days_ago: int, confirm=True) -> None:
    for member in members:
        report = completions.report_e_learning(
            member, module, member.user or coordinator, ctx.today - timedelta(days=days_ago)
        )
        if confirm:
            completions.confirm_report(report, coordinator)


def _train_fully(ctx, group, modules, coordinator, days_ago: int) -> None:
    members = list(group.members.filter(active=True))
    town = group.municipality
    _attended(ctx, modules["start"], town, days_ago, members, coordinator)
    _attended(ctx, modules["intercultural"], town, days_ago - 14, members, coordinator)
    _attended(ctx, modules["reception-info"], None, days_ago - 21, members[:2], coordinator)
    _e_learning(ctx, modules["network"], members, coordinator, days_ago - 7)


def _half_way(ctx, group, modules, coordinator) -> None:
    """Start training done; one intercultural completion expired; one report to confirm."""
    members = list(group.members.filter(active=True))
    _attended(ctx, modules["start"], group.municipality, 40, members, coordinator)
    _attended(ctx, modules["intercultural"], group.municipality, 30, members[1:], coordinator)
    _attended(ctx, modules["intercultural"], group.municipality, 800, members[:1], coordinator)
    _e_learning(ctx, modules["network"], members[:1], coordinator, 10, confirm=False)


def _upcoming(ctx, modules_by_programme, groups) -> None:
    nl, towns = modules_by_programme["nl"], ctx.towns
    start = _session(ctx, nl["start"], towns["Utrecht"], 9)
    _session(ctx, nl["intercultural"], towns["Amersfoort"], 16, capacity=12)
    _session(ctx, nl["reception-info"], None, 23, hour=20, language="en")
    _session(ctx, nl["trauma"], towns["Zeist"], 30, capacity=10)
    _session(ctx, modules_by_programme["nl-status"]["trauma"], towns["Utrecht"], 12)
    _session(ctx, modules_by_programme["be"]["intercultural"], towns["Leuven"], 14)
    # A nearly full start training and a full one with a waiting list.
    small = _session(ctx, nl["start"], towns["Utrecht"], 37, capacity=3, hour=10)
    lid_group = groups[Status.APPROVED][0]
    lid_member = lid_group.members.get(user=ctx.users["lid"])
    enrolment.enrol(start, lid_member, ctx.users["lid"])
    for member in lid_group.members.exclude(pk=lid_member.pk)[:5]:
        enrolment.enrol(small, member, ctx.users["coordinator"])


def seed(ctx) -> None:
    groups = ctx.extra["groups"]
    coordinator, national = ctx.users["coordinator"], ctx.users["national"]
    modules = {key: _curriculum(programme) for key, programme in ctx.programmes.items()}
    for index, status in enumerate(FULLY_TRAINED):
        for group in groups.get(status, []):
            _train_fully(ctx, group, modules[_key(ctx, group)], national, 120 + 40 * index)
    for group in groups.get(Status.IN_TRAINING, []):
        key = _key(ctx, group)
        if group.municipality.name == "Utrecht":
            _train_fully(ctx, group, modules[key], coordinator, 60)
        else:
            _half_way(ctx, group, modules[key], national)
    _upcoming(ctx, modules, groups)
    for status in FULLY_TRAINED:
        for group in groups.get(status, []):
            assert group_readiness(group).ready, f"demo group {group} must pass the gate"
    ctx.extra["training_modules"] = modules


def _key(ctx, group) -> str:
    return next(k for k, p in ctx.programmes.items() if p.pk == group.programme_id)
