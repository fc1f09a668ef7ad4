"""The progress matrix of a group: active members x the programme's modules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from training.models import Completion, Enrolment, TrainingModule
from training.readiness import completion_state, expires_on


@dataclass(frozen=True)
class Cell:
    state: str  # valid | expired | reported | enrolled | missing
    completed_on: date | None = None
    expires_on: date | None = None


def _latest_confirmed(members) -> dict[tuple[int, int], date]:
    rows = (
        Completion.objects.confirmed()
        .filter(member__in=members)
        .values("member_id", "module_id")
        .annotate(last=Max("completed_on"))
    )
    return {(r["member_id"], r["module_id"]): r["last"] for r in rows}


def _open(members) -> tuple[set, set]:
    reported = set(
        Completion.objects.filter(member__in=members, confirmed_at__isnull=True).values_list(
            "member_id", "module_id"
        )
    )
    enrolled = set(
        Enrolment.objects.filter(
            member__in=members,
            status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED),
            session__starts_at__gte=timezone.now(),
        ).values_list("member_id", "session__module_id")
    )
    return reported, enrolled


def _cell(key, module, latest, reported, enrolled, today) -> Cell:
    done = latest.get(key)
    state = completion_state(done, module.validity_months, today)
    if state == "missing" and key in reported:
        state = "reported"
    elif state != "valid" and key in enrolled:
        state = "enrolled"
    return Cell(state, done, expires_on(done, module.validity_months) if done else None)


def progress_matrix(group, today: date | None = None):
    """(modules, [(member, [Cell per module])]) in five queries whatever the size."""
    today = today or timezone.localdate()
    modules = list(
        TrainingModule.objects.filter(programme_id=group.programme_id).order_by(
            "-required", "order", "code"
        )
    )
    members = list(group.members.filter(active=True).order_by("name", "pk"))
    latest = _latest_confirmed(members)
    reported, enrolled = _open(members)
    rows = [
        (
            member,
            [
                _cell((member.pk, module.pk), module, latest, reported, enrolled, today)
                for module in modules
            ],
        )
        for member in members
    ]
    return modules, rows
