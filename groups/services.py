"""The sponsor group lifecycle: every status change goes through a function here.

Each one applies a move of ``groups.machines.GROUP`` (``sponsorship.statemachine``: row
lock, source state and guard checked, ``update_fields``, a transition row and an audit
event); an illegal move raises ``ValidationError`` with a reason the user can read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups import vog

# The guards stay importable from here: callers ask the service why a move is refused.
from groups.machines import GROUP, approval_problems, readiness_problems  # noqa: F401
from groups.models import GroupMember, Intake, SponsorGroup
from sponsorship import audit
from sponsorship import statemachine as sm

Status = SponsorGroup.Status


def _apply(group: SponsorGroup, actor, operation: str, **kwargs) -> SponsorGroup:
    # The machine locks the row: two coordinators clicking at once cannot both approve,
    # or approve a group that was just withdrawn.
    return sm.apply(GROUP, group, operation, actor=actor, **kwargs)


# --- intake ------------------------------------------------------------------------------


@transaction.atomic
def plan_intake(
    group: SponsorGroup, actor, *, planned_at, interviewer, location: str = ""
) -> Intake:
    """Plan (or re-plan) the intake; the first plan moves the group to "intake planned"."""
    locked = SponsorGroup.objects.select_for_update().get(pk=group.pk)
    if locked.status not in (Status.APPLIED, Status.INTAKE_PLANNED):
        raise ValidationError(_("The intake can only be planned before it was held."))
    if not interviewer.is_coordinator:
        raise ValidationError({"interviewer": _("The interviewer must be a coordinator.")})
    intake, created = Intake.objects.update_or_create(
        group=locked,
        defaults={"planned_at": planned_at, "interviewer": interviewer, "location": location},
    )
    if locked.status == Status.APPLIED:
        _apply(locked, actor, "plan_intake", locked=True)
    else:
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            obj=intake,
            fields=["planned_at", "interviewer", "location"],
            summary="intake re-planned",
        )
    group.refresh_from_db()
    return intake


@transaction.atomic
def record_intake(
    group: SponsorGroup, actor, *, held_on: date, outcome: str, notes: dict[str, str]
) -> Intake:
    """Record that the intake was held, with its notes and outcome."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("An intake cannot be held in the future.")})
    if outcome not in Intake.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    intake = Intake.objects.select_for_update().filter(group=group).first()
    if intake is None:
        raise ValidationError(_("Plan the intake before recording it."))
    intake.held_on, intake.outcome = held_on, outcome
    for name in Intake.NOTE_FIELDS:
        setattr(intake, name, notes.get(name, ""))
    _apply(group, actor, "record_intake")
    intake.save(update_fields=["held_on", "outcome", *Intake.NOTE_FIELDS])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=intake,
        fields=["held_on", "outcome", *Intake.NOTE_FIELDS],
        summary="intake recorded",
    )
    return intake


# --- approval and later steps ---------------------------------------------------------


def approve(group: SponsorGroup, actor) -> SponsorGroup:
    """Approve the group and invite every member without an account (after commit)."""
    from groups.invitations import invite_members

    with transaction.atomic():
        _apply(group, actor, "approve")
        invite_members(group, actor)
    return group


def start_training(group: SponsorGroup, actor) -> SponsorGroup:
    return _apply(group, actor, "start_training")


def mark_ready_for_matching(group: SponsorGroup, actor) -> SponsorGroup:
    """The readiness gate (training's group page): refused while the requirement is unmet."""
    return _apply(group, actor, "mark_ready")


def mark_matched(group: SponsorGroup, actor) -> SponsorGroup:
    """Called by the matching app once a match is approved."""
    return _apply(group, actor, "match")


def return_to_matching(group: SponsorGroup, actor) -> SponsorGroup:
    """A match was declined after approval: the group is free for a later run (agency:
    declining has no consequence)."""
    return _apply(group, actor, "return_to_matching")


def mark_active(group: SponsorGroup, actor) -> SponsorGroup:
    """The newcomer arrived (the sponsorship's arrival registration): the year starts."""
    return _apply(group, actor, "arrive")


def complete(group: SponsorGroup, actor) -> SponsorGroup:
    """The sponsorship ended (completed, or ended early after the arrival)."""
    return _apply(group, actor, "complete")


def _close(group, actor, operation: str, reason: str) -> SponsorGroup:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    return _apply(group, actor, operation, reason=reason, fields={"closing_reason": reason})


@transaction.atomic
def withdraw(group: SponsorGroup, actor, *, reason: str) -> SponsorGroup:
    """The group stops at any stage; its open proposals and sponsorship follow in the same
    transaction (``signals.group_withdrawn``; docs/architecture.md, "Propagation")."""
    from groups import notices, signals

    signals.group_withdrawing.send(sender=SponsorGroup, group_id=group.pk)
    _close(group, actor, "withdraw", reason)
    signals.group_withdrawn.send(sender=SponsorGroup, group=group, actor=actor)
    notices.group_withdrew(group)
    return group


def back_to_pool(group: SponsorGroup, actor) -> SponsorGroup:
    """Its match or sponsorship ended without the group's doing: ready for matching when
    the readiness gate still holds, otherwise back in training (call inside atomic)."""
    locked = SponsorGroup.objects.select_for_update().get(pk=group.pk)
    target = Status.IN_TRAINING if readiness_problems(locked) else Status.READY_FOR_MATCHING
    sm.apply(GROUP, locked, "back_to_pool", actor=actor, target=target, locked=True)
    group.status, group.status_changed_at = locked.status, locked.status_changed_at
    return group


def reject(group: SponsorGroup, actor, *, reason: str) -> SponsorGroup:
    return _close(group, actor, "reject", reason)


# The forward steps a coordinator takes by hand on the group page: url key -> (function,
# target). The other forward moves belong to the operation that owns them (WAITING_FOR).
MANUAL_STEPS = {
    "approve": (approve, Status.APPROVED),
    "start_training": (start_training, Status.IN_TRAINING),
}
NEXT_STEP = {Status.INTAKE_HELD: "approve", Status.APPROVED: "start_training"}
WAITING_FOR = {
    Status.APPLIED: gettext_lazy("Plan and hold the intake."),
    Status.INTAKE_PLANNED: gettext_lazy("Record the intake once it was held."),
    Status.IN_TRAINING: gettext_lazy(
        "The group becomes ready for matching on its training page, once the training "
        "requirement is met."
    ),
    Status.READY_FOR_MATCHING: gettext_lazy(
        "The group is matched when the municipality approves a match proposal."
    ),
    Status.MATCHED: gettext_lazy(
        "The group becomes active when the arrival is registered on the sponsorship."
    ),
    Status.ACTIVE: gettext_lazy("The group completes with its sponsorship."),
}


def next_step(group: SponsorGroup) -> tuple[str | None, list[str]]:
    """The key of the next manual step (or None) and what still blocks it, or what the
    group waits for when its next state follows from another record."""
    key = NEXT_STEP.get(group.status)
    if key is None:
        waiting = WAITING_FOR.get(group.status)
        return None, [str(waiting)] if waiting else []
    return key, GROUP.refusals(group, key)


# --- members -----------------------------------------------------------------------------


def refresh_languages(group: SponsorGroup) -> None:
    """Recompute the group's language codes from its active members."""
    codes = set()
    for languages in group.members.active().values_list("languages", flat=True):
        codes.update(languages or {})
    group.languages = sorted(codes)
    group.save(update_fields=["languages", "updated_at"])


@transaction.atomic
def record_documents(
    member: GroupMember, actor, *, declaration_signed_on, vog_issued_on, vog_received_on
) -> GroupMember:
    """Record the declaration and VOG dates (status and dates only, never documents)."""
    today = timezone.localdate()
    errors = vog.dates_problems(vog_issued_on, vog_received_on, today)
    if declaration_signed_on and declaration_signed_on > today:
        errors["declaration_signed_on"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    member.declaration_signed_on = declaration_signed_on
    member.vog_issued_on, member.vog_received_on = vog_issued_on, vog_received_on
    fields = ["declaration_signed_on", "vog_issued_on", "vog_received_on"]
    member.save(update_fields=fields)
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=member,
        fields=fields,
        summary="declaration/VOG status",
    )
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=member.group,
        fields=fields,
        summary=f"documents of member {member.pk}",
    )
    return member


def email_in_active_group(email: str, *, exclude_group_id: int | None = None) -> bool:
    """True when ``email`` belongs to an active member of an open group."""
    qs = GroupMember.objects.filter(
        email__iexact=email.strip(), active=True, group__status__in=SponsorGroup.OPEN_STATES
    )
    if exclude_group_id:
        qs = qs.exclude(group_id=exclude_group_id)
    return qs.exists()


def lock_emails(emails: Iterable[str]) -> None:
    """Serialise concurrent writes for these e-mail addresses until the transaction ends.

    The "one open group per e-mail" rule spans two tables (member e-mail, group status), so
    no constraint can hold it; a transaction-level advisory lock per address makes the
    check-then-insert safe against two applications submitted at the same moment.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        for email in sorted({e.strip().lower() for e in emails}):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"groupmail:{email}"])
