"""Enrolling in sessions, the waiting list and promotion from it.

No overbooking: every function that changes who holds a place locks the session row
(``select_for_update``) first and counts the seated enrolments inside that transaction,
so concurrent enrolments into the last place are serialised on the lock and the second
one sees the first one's row. Waiting-list order is (created_at, pk), both assigned under
that lock.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import GroupMember, SponsorGroup
from sponsorship import audit
from sponsorship import statemachine as sm
from training.machines import ENROLMENT
from training.models import Enrolment, TrainingSession

Status = Enrolment.Status
# Groups whose members train: from approval until the sponsorship year ends.
TRAINING_GROUP_STATES = SponsorGroup.APPROVED_STATES - {SponsorGroup.Status.COMPLETED}


def _lock(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().select_related("module").get(pk=session.pk)


def seated_count(session: TrainingSession) -> int:
    return session.enrolments.filter(status__in=Enrolment.SEATED).count()


def enrolment_problems(session: TrainingSession, member: GroupMember) -> list[str]:
    """Why ``member`` cannot enrol in ``session`` (empty when they can)."""
    problems = []
    if session.starts_at <= timezone.now():
        problems.append(_("This session has already started."))
    if session.module.is_e_learning:
        problems.append(_("E-learning modules have no sessions to enrol in."))
    if not member.active or member.group.status not in TRAINING_GROUP_STATES:
        problems.append(_("Only members of an approved, open group can enrol."))
    if member.group.programme_id != session.module.programme_id:
        problems.append(_("This session belongs to another programme."))
    return problems


def _created(enrolment: Enrolment, actor) -> None:
    """The enrolment's first transition row (enrolled, or on the waiting list), audited."""
    sm.record(ENROLMENT, enrolment, "", enrolment.status, operation="enrol", actor=actor)


@transaction.atomic
def enrol(session: TrainingSession, member: GroupMember, actor) -> Enrolment:
    """Give ``member`` a place, or a place on the waiting list when the session is full."""
    session = _lock(session)
    member = GroupMember.objects.select_related("group").get(pk=member.pk)
    problems = enrolment_problems(session, member)
    if problems:
        raise ValidationError(problems)
    if session.enrolments.active().filter(member=member).exists():
        raise ValidationError(
            _("%(name)s is already enrolled in this session.") % {"name": member.name}
        )
    full = seated_count(session) >= session.capacity
    enrolment = Enrolment.objects.create(
        session=session,
        member=member,
        enrolled_by=actor,
        status=Status.WAITLISTED if full else Status.ENROLLED,
    )
    _created(enrolment, actor)
    return enrolment


@transaction.atomic
def enrol_many(session: TrainingSession, members, actor) -> list[Enrolment]:
    """Give every one of ``members`` a place, or nobody: one lock, one capacity check.

    A group that trains together wants all its places or none; a partial enrolment
    (some seated, some on the waiting list) is left to one-by-one enrolment.
    """
    session = _lock(session)
    members = list(
        GroupMember.objects.select_related("group")
        .filter(pk__in=[m.pk for m in members])
        .order_by("name", "pk")
    )
    if not members:
        raise ValidationError(_("Choose at least one member."))
    problems = []
    for member in members:
        problems += [f"{member.name}: {p}" for p in enrolment_problems(session, member)]
    taken = set(
        session.enrolments.active().filter(member__in=members).values_list("member_id", flat=True)
    )
    problems += [
        _("%(name)s is already enrolled in this session.") % {"name": m.name}
        for m in members
        if m.pk in taken
    ]
    free = session.capacity - seated_count(session)
    if len(members) > free:
        problems.append(
            _("%(free)d places are left for %(n)d members.")
            % {"free": max(free, 0), "n": len(members)}
        )
    if problems:
        raise ValidationError(problems)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(session=session, member=m, enrolled_by=actor, status=Status.ENROLLED)
        for m in members
    )
    for enrolment in enrolments:
        _created(enrolment, actor)
    return enrolments


def _promote(session: TrainingSession, actor) -> list[Enrolment]:
    """Fill free places from the head of the waiting list; the session must be locked."""
    free = session.capacity - seated_count(session)
    if free <= 0 or session.starts_at <= timezone.now():
        return []
    promoted = list(
        session.enrolments.filter(status=Status.WAITLISTED)
        .order_by("created_at", "pk")
        .select_for_update()[:free]
    )
    for enrolment in promoted:
        sm.apply(ENROLMENT, enrolment, "promote", actor=actor, locked=True)
    return promoted


@transaction.atomic
def cancel(enrolment: Enrolment, actor) -> list[Enrolment]:
    """Cancel an enrolment before the session; returns who was promoted into the place."""
    session = _lock(enrolment.session)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if ENROLMENT.find(enrolment.status, "cancel") is None:
        raise ValidationError(_("This enrolment can no longer be cancelled."))
    if session.starts_at <= timezone.now():
        raise ValidationError(
            _("The session has already started; ask the coordinator to register you as absent.")
        )
    sm.apply(ENROLMENT, enrolment, "cancel", actor=actor, locked=True)
    return _promote(session, actor)


def capacity_problem(session: TrainingSession, capacity: int) -> str | None:
    """Why ``session`` cannot have ``capacity`` places (None when it can)."""
    seated = seated_count(session)
    if capacity < max(seated, 1):
        return _("%(n)d people already hold a place; cancel enrolments first.") % {"n": seated}
    return None


@transaction.atomic
def change_capacity(session: TrainingSession, actor, capacity: int) -> list[Enrolment]:
    """Set the number of places; more places promote from the waiting list."""
    session = _lock(session)
    problem = capacity_problem(session, capacity)
    if problem:
        raise ValidationError({"capacity": problem})
    session.capacity = capacity
    session.save(update_fields=["capacity"])
    audit.record(audit.Action.UPDATE, actor=actor, obj=session, fields=["capacity"])
    return _promote(session, actor)


@transaction.atomic
def update_session(session: TrainingSession, actor, fields: list[str]) -> list[Enrolment]:
    """Save the edited ``fields`` of ``session`` (changed in memory), all or nothing.

    The capacity is checked under the session lock before anything is written, so a
    refused capacity leaves every other field as it was; more places promote from the
    waiting list. Returns who was promoted.
    """
    locked = _lock(session)
    if "capacity" in fields:
        problem = capacity_problem(locked, session.capacity)
        if problem:
            raise ValidationError({"capacity": problem})
    if not fields:
        return []
    session.save(update_fields=fields)
    audit.record(audit.Action.UPDATE, actor=actor, obj=session, fields=fields)
    return _promote(session, actor) if "capacity" in fields else []


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1-based place on the waiting list (None when not waitlisted)."""
    if enrolment.status != Status.WAITLISTED:
        return None
    ahead = (
        enrolment.session.enrolments.filter(status=Status.WAITLISTED)
        .filter(created_at__lte=enrolment.created_at)
        .exclude(created_at=enrolment.created_at, pk__gt=enrolment.pk)
    )
    return ahead.count()
