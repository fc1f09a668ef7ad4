"""How completions come about: attendance registered by a coordinator, or an e-learning
reported by the member and confirmed by a coordinator. Only confirmed completions count
for readiness and carry a certificate with a verification code.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import GroupMember
from sponsorship import audit
from sponsorship import statemachine as sm
from training import notices, verification
from training.machines import ENROLMENT
from training.models import Completion, Enrolment, TrainingModule, TrainingSession

Status = Enrolment.Status


def _confirm(completion: Completion, actor) -> Completion:
    """Freeze the holder's name and issue the code (the code needs the row's pk)."""
    completion.confirmed_by, completion.confirmed_at = actor, timezone.now()
    completion.holder_name = completion.member.name
    completion.verification_code = verification.make_code(completion)
    completion.save(
        update_fields=["confirmed_by", "confirmed_at", "holder_name", "verification_code"]
    )
    return completion


def _attended(enrolment: Enrolment, actor, day: date) -> None:
    if enrolment.status == Status.ATTENDED:
        return
    sm.apply(ENROLMENT, enrolment, "attend", actor=actor, locked=True)
    completion = Completion.objects.create(
        member=enrolment.member,
        module=enrolment.session.module,
        completed_on=day,
        source=Completion.Source.ATTENDANCE,
        enrolment=enrolment,
    )
    _confirm(completion, actor)
    audit.record(audit.Action.CREATE, actor=actor, obj=completion, summary="attendance")


def _absent(enrolment: Enrolment, actor) -> None:
    if enrolment.status in (Status.ABSENT, Status.WAITLISTED):
        return  # a waitlisted person who did not come simply stays on the list
    # A correction (attended -> absent) withdraws the certificate: its code stops verifying.
    deleted, _rows = Completion.objects.filter(enrolment=enrolment).delete()
    if deleted:
        audit.record(
            audit.Action.DELETE,
            actor=actor,
            obj=enrolment,
            fields=["completion"],
            summary="attendance corrected: completion withdrawn",
        )
    sm.apply(ENROLMENT, enrolment, "mark_absent", actor=actor, locked=True)


def attendance_sheet(session: TrainingSession):
    """Who is on the sheet (places and waiting list, for walk-ins), by name then id.

    Not by status: saving the attendance changes every status, and a list that re-sorts
    after a save loses the coordinator's place on it."""
    return (
        session.enrolments.exclude(status=Status.CANCELLED)
        .select_related("member__group")
        .order_by("member__name", "pk")
    )


@transaction.atomic
def register_attendance(session: TrainingSession, actor, present: set[int]) -> dict:
    """Mark the enrolments in ``present`` (ids) attended and the other places absent."""
    session = (
        TrainingSession.objects.select_for_update().select_related("module").get(pk=session.pk)
    )
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be registered once the session has started."))
    day = timezone.localtime(session.starts_at).date()
    counts = {"attended": 0, "absent": 0}
    for enrolment in attendance_sheet(session).select_for_update(of=("self",)):
        if enrolment.pk in present:
            _attended(enrolment, actor, day)
            counts["attended"] += 1
        else:
            _absent(enrolment, actor)
            counts["absent"] += enrolment.status == Status.ABSENT
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=session,
        fields=["attendance"],
        summary=f"attendance: {counts['attended']} present, {counts['absent']} absent",
    )
    return counts


@transaction.atomic
def report_e_learning(
    member: GroupMember, module: TrainingModule, actor, completed_on: date
) -> Completion:
    """The member says they finished an e-learning; a coordinator confirms it later."""
    if not module.is_e_learning:
        raise ValidationError(_("Only e-learning modules are reported by members."))
    if module.programme_id != member.group.programme_id:
        raise ValidationError(_("This module belongs to another programme."))
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("This date is in the future.")})
    # Serialise reports of one member: the partial unique constraint would otherwise
    # surface as an IntegrityError on a double click.
    GroupMember.objects.select_for_update().get(pk=member.pk)
    if Completion.objects.filter(member=member, module=module, confirmed_at__isnull=True).exists():
        raise ValidationError(_("You already reported this module; a coordinator will confirm it."))
    completion = Completion.objects.create(
        member=member, module=module, completed_on=completed_on, source=Completion.Source.E_LEARNING
    )
    audit.record(audit.Action.CREATE, actor=actor, obj=completion, summary="e-learning reported")
    notices.e_learning_reported(completion)
    return completion


def _lock_report(completion: Completion) -> Completion:
    locked = (
        Completion.objects.select_for_update(of=("self",))
        .select_related("member", "module")
        .get(pk=completion.pk)
    )
    if locked.is_confirmed:
        raise ValidationError(_("This report was already confirmed."))
    return locked


@transaction.atomic
def confirm_report(completion: Completion, actor) -> Completion:
    """A coordinator confirms a reported e-learning: it now counts and has a certificate."""
    completion = _confirm(_lock_report(completion), actor)
    audit.record(
        audit.Action.TRANSITION,
        actor=actor,
        obj=completion,
        fields=["confirmed_at"],
        summary="e-learning confirmed",
    )
    return completion


@transaction.atomic
def decline_report(completion: Completion, actor) -> None:
    """A coordinator declines a report (e.g. not finished); the member may report again."""
    completion = _lock_report(completion)
    audit.record(
        audit.Action.DELETE, actor=actor, obj=completion, summary="e-learning report declined"
    )
    completion.delete()
