"""The sponsor group's state machine (applied to completed), declared once.

Manual moves are decisions a coordinator takes on the group page; the others follow
from another record and only the operation that owns that record makes them (the
readiness gate in training, the municipal approval and a declined match in matching,
the arrival and the end of the sponsorship).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from groups import extensions, vog
from groups.models import Intake, SponsorGroup
from sponsorship import statemachine as sm

S = SponsorGroup.Status


def approval_problems(group: SponsorGroup) -> list[str]:
    """Intake held and positive, enough active members, each with declaration and VOG."""
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


def readiness_problems(group: SponsorGroup) -> list[str]:
    """The programme's training requirement is met (training.readiness)."""
    readiness = extensions.readiness(group)
    if readiness.ready:
        return []
    return [
        _("The training requirement is not met: %(missing)s")
        % {"missing": "; ".join(readiness.missing) or _("unknown")}
    ]


GROUP = sm.Machine(
    name="group",
    model=SponsorGroup,
    stamp_field="status_changed_at",
    initial=S.APPLIED,
    always_save=("updated_at",),
    moves=[
        sm.move(S.APPLIED, S.INTAKE_PLANNED, "plan_intake", manual=True, note="plan the intake"),
        sm.move(
            S.INTAKE_PLANNED,
            S.INTAKE_HELD,
            "record_intake",
            manual=True,
            note="record the intake with its notes and outcome",
        ),
        sm.move(S.INTAKE_HELD, S.APPROVED, "approve", guard=approval_problems, manual=True),
        sm.move(S.APPROVED, S.IN_TRAINING, "start_training", manual=True),
        sm.move(
            S.IN_TRAINING,
            S.READY_FOR_MATCHING,
            "mark_ready",
            guard=readiness_problems,
            note="the readiness gate, on the group's training page",
        ),
        sm.move(S.READY_FOR_MATCHING, S.MATCHED, "match", note="the municipality approved a match"),
        sm.move(
            S.MATCHED,
            S.READY_FOR_MATCHING,
            "return_to_matching",
            note="an approved match was declined",
        ),
        # A match or sponsorship that ended without the group's doing (the household
        # withdrew, a coordinator ended it early): the readiness gate decides where it goes.
        sm.move(
            [S.MATCHED, S.ACTIVE],
            S.READY_FOR_MATCHING,
            "back_to_pool",
            guard=readiness_problems,
            note="its household withdrew or its sponsorship ended early",
        ),
        sm.move(
            [S.MATCHED, S.ACTIVE],
            S.IN_TRAINING,
            "back_to_pool",
            note="the same, when its training no longer meets the requirement",
        ),
        sm.move(S.MATCHED, S.ACTIVE, "arrive", note="the arrival was registered"),
        sm.move(S.ACTIVE, S.COMPLETED, "complete", note="the sponsorship ended"),
        sm.move(
            SponsorGroup.OPEN_STATES, S.WITHDRAWN, "withdraw", manual=True, note="with a reason"
        ),
        sm.move(SponsorGroup.OPEN_STATES, S.REJECTED, "reject", manual=True, note="with a reason"),
    ],
)
