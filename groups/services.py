"""The sponsor group lifecycle: every status change goes through a function here.

Each transition locks the group row (``select_for_update``), checks the source state and
its preconditions, saves with ``update_fields`` and writes one audit event; an illegal
move raises ``ValidationError`` with a reason the user can read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import vog
from groups.models import GroupMember, Intake, SponsorGroup
from sponsorship import audit
from training.readiness import group_readiness

Status = SponsorGroup.Status


def transition_summary(old: str, new: str) -> str:
    """The audit summary of a status change; timeline.py parses it back."""
    return f"status: {old} -> {new}"


def _transition(
    group: SponsorGroup,
    actor,
    target: str,
    *,
    allowed_from: Iterable[str],
    check: Callable[[SponsorGroup], list[str]] | None = None,
    extra_fields: dict | None = None,
) -> SponsorGroup:
    """Move ``group`` to ``target`` if it is in ``allowed_from`` and ``check`` finds nothing."""
    with transaction.atomic():
        # The lock makes the state check and the write one step: two coordinators clicking
        # at once cannot both approve, or approve a group that was just withdrawn.
        locked = SponsorGroup.objects.select_for_update().get(pk=group.pk)
        if locked.status not in allowed_from:
            raise ValidationError(
                _("A group that is “%(status)s” cannot become “%(target)s”.")
                % {"status": locked.get_status_display(), "target": Status(target).label}
            )
        problems = check(locked) if check else []
        if problems:
            raise ValidationError(problems)
        old = locked.status
        locked.status = target
        locked.status_changed_at = timezone.now()
        fields = ["status", "status_changed_at", "updated_at"]
        for name, value in (extra_fields or {}).items():
            setattr(locked, name, value)
            fields.append(name)
        locked.save(update_fields=fields)
        audit.record(
            audit.Action.TRANSITION,
            actor=actor,
            obj=locked,
            fields=[f for f in fields if f != "updated_at"],
            summary=transition_summary(old, target),
        )
    group.refresh_from_db()
    return group


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
        _transition(locked, actor, Status.INTAKE_PLANNED, allowed_from=[Status.APPLIED])
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
    _transition(group, actor, Status.INTAKE_HELD, allowed_from=[Status.INTAKE_PLANNED])
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


def approval_problems(group: SponsorGroup) -> list[str]:
    """Why ``group`` cannot be approved yet (empty when it can)."""
    problems = []
    intake = Intake.objects.filter(group=group).first()
    if intake is None or intake.held_on is None:
        problems.append(_("The intake has not been held."))
    elif intake.outcome == Intake.Outcome.NEGATIVE:
        problems.append(_("The intake outcome was negative; reject the group instead."))
    members = list(group.members.active())
    if len(members) < group.programme.min_group_size:
        problems.append(
            _("The programme needs at least %(n)d active members.")
            % {"n": group.programme.min_group_size}
        )
    today = timezone.localdate()
    for member in members:
        if not member.has_declaration:
            problems.append(
                _("%(name)s has not signed the participant declaration.") % {"name": member.name}
            )
        if not member.has_vog:
            problems.append(
                _("No certificate of conduct (VOG, with its date) received for %(name)s.")
                % {"name": member.name}
            )
        elif reason := vog.problem(member.vog_issued_on, member.vog_received_on, today):
            problems.append(f"{member.name}: {reason}")
    return problems


def approve(group: SponsorGroup, actor) -> SponsorGroup:
    """Approve the group and invite every member without an account (after commit)."""
    from groups.invitations import invite_members

    with transaction.atomic():
        _transition(
            group,
            actor,
            Status.APPROVED,
            allowed_from=[Status.INTAKE_HELD],
            check=approval_problems,
        )
        invite_members(group, actor)
    return group


def start_training(group: SponsorGroup, actor) -> SponsorGroup:
    return _transition(group, actor, Status.IN_TRAINING, allowed_from=[Status.APPROVED])


def _readiness_problems(group: SponsorGroup) -> list[str]:
    readiness = group_readiness(group)
    if readiness.ready:
        return []
    return [
        _("The training requirement is not met: %(missing)s")
        % {"missing": "; ".join(readiness.missing) or _("unknown")}
    ]


def mark_ready_for_matching(group: SponsorGroup, actor) -> SponsorGroup:
    return _transition(
        group,
        actor,
        Status.READY_FOR_MATCHING,
        allowed_from=[Status.IN_TRAINING],
        check=_readiness_problems,
    )


def mark_matched(group: SponsorGroup, actor) -> SponsorGroup:
    """Called by the matching app once a match is approved."""
    return _transition(group, actor, Status.MATCHED, allowed_from=[Status.READY_FOR_MATCHING])


def return_to_matching(group: SponsorGroup, actor) -> SponsorGroup:
    """A match was declined after approval: the group is free for a later run (agency:
    declining has no consequence)."""
    return _transition(group, actor, Status.READY_FOR_MATCHING, allowed_from=[Status.MATCHED])


def mark_active(group: SponsorGroup, actor) -> SponsorGroup:
    """The newcomer arrived: the sponsorship year starts."""
    return _transition(group, actor, Status.ACTIVE, allowed_from=[Status.MATCHED])


def complete(group: SponsorGroup, actor) -> SponsorGroup:
    return _transition(group, actor, Status.COMPLETED, allowed_from=[Status.ACTIVE])


def _close(group, actor, target, reason: str) -> SponsorGroup:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    return _transition(
        group,
        actor,
        target,
        allowed_from=SponsorGroup.OPEN_STATES,
        extra_fields={"closing_reason": reason},
    )


def withdraw(group: SponsorGroup, actor, *, reason: str) -> SponsorGroup:
    return _close(group, actor, Status.WITHDRAWN, reason)


def reject(group: SponsorGroup, actor, *, reason: str) -> SponsorGroup:
    return _close(group, actor, Status.REJECTED, reason)


# The forward steps a coordinator triggers with one button: url key -> (function, label).
FORWARD_STEPS = {
    "approve": (approve, Status.APPROVED),
    "start_training": (start_training, Status.IN_TRAINING),
    "ready_for_matching": (mark_ready_for_matching, Status.READY_FOR_MATCHING),
    "matched": (mark_matched, Status.MATCHED),
    "active": (mark_active, Status.ACTIVE),
    "complete": (complete, Status.COMPLETED),
}
NEXT_STEP = {
    Status.INTAKE_HELD: "approve",
    Status.APPROVED: "start_training",
    Status.IN_TRAINING: "ready_for_matching",
    Status.READY_FOR_MATCHING: "matched",
    Status.MATCHED: "active",
    Status.ACTIVE: "complete",
}


def next_step(group: SponsorGroup) -> tuple[str | None, list[str]]:
    """The key of the next forward step (or None) and what still blocks it."""
    if group.status in (Status.APPLIED, Status.INTAKE_PLANNED):
        return None, [
            _("Plan and hold the intake.")
            if group.status == Status.APPLIED
            else _("Record the intake once it was held.")
        ]
    key = NEXT_STEP.get(group.status)
    if key == "approve":
        return key, approval_problems(group)
    if key == "ready_for_matching":
        return key, _readiness_problems(group)
    return key, []


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
