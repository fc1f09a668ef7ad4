"""Whether a sponsor group has met its programme's training requirement (contract with groups/).

``groups.services.mark_ready_for_matching`` calls ``group_readiness(group)`` and refuses the
move unless ``ready`` is True. The rule itself is ``evaluate``, a pure function over plain
data classes (tested without the database); ``group_readiness`` loads those from the ORM.

The rule: for every *required* module of the group's programme, either every active member
(scope "every member") or at least N active members (scope "at least N") hold a confirmed
completion that is still valid today. A programme without required modules, or a group
without active members, is never ready: a missing curriculum must not open the gate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from sponsorship.dates import add_months


@dataclass(frozen=True)
class Readiness:
    ready: bool
    # Human-readable reasons, shown to the coordinator when the move is refused.
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Requirement:
    module_id: int
    name: str
    every_member: bool
    min_members: int = 1
    validity_months: int | None = None


@dataclass(frozen=True)
class MemberRecord:
    member_id: int
    name: str
    # module id -> the latest confirmed completion date
    completed: Mapping[int, date] = field(default_factory=dict)


def expires_on(completed_on: date, validity_months: int | None) -> date | None:
    """The first day a completion no longer counts (None: it never expires)."""
    return None if validity_months is None else add_months(completed_on, validity_months)


def completion_state(completed_on: date | None, validity_months: int | None, today: date) -> str:
    """ "valid", "expired" or "missing" for one member and module."""
    if completed_on is None:
        return "missing"
    end = expires_on(completed_on, validity_months)
    return "valid" if end is None or today < end else "expired"


def _check(requirement: Requirement, members: list[MemberRecord], today: date) -> list[str]:
    states = {
        m.name: completion_state(
            m.completed.get(requirement.module_id), requirement.validity_months, today
        )
        for m in members
    }
    if requirement.every_member:
        # One line per module, not per member: a group of six reads six names, not six lines.
        missing = [name for name, state in states.items() if state == "missing"]
        expired = [name for name, state in states.items() if state == "expired"]
        lines = []
        if missing and len(missing) == len(states):
            lines.append(
                _("%(module)s: no member has completed it yet") % {"module": requirement.name}
            )
        elif missing:
            lines.append(
                _("%(module)s: not completed by %(names)s")
                % {"module": requirement.name, "names": ", ".join(missing)}
            )
        if expired:
            lines.append(
                _("%(module)s: expired for %(names)s")
                % {"module": requirement.name, "names": ", ".join(expired)}
            )
        return lines
    valid = sum(1 for state in states.values() if state == "valid")
    if valid >= requirement.min_members:
        return []
    return [
        _("%(module)s: %(valid)d of the required %(n)d members completed it")
        % {"module": requirement.name, "valid": valid, "n": requirement.min_members}
    ]


def evaluate(
    requirements: Iterable[Requirement], members: Iterable[MemberRecord], today: date
) -> Readiness:
    """Pure: whether ``members`` meet ``requirements`` on ``today``, with what is missing."""
    requirements, members = list(requirements), list(members)
    if not requirements:
        return Readiness(
            False,
            [
                _(
                    "The programme has no required training modules yet; "
                    "a coordinator must set up its curriculum."
                )
            ],
        )
    if not members:
        return Readiness(False, [_("The group has no active members.")])
    missing = [line for requirement in requirements for line in _check(requirement, members, today)]
    return Readiness(not missing, missing)


def requirements_for(programme_id: int) -> list[Requirement]:
    from training.models import TrainingModule

    modules = TrainingModule.objects.filter(programme_id=programme_id, required=True)
    return [
        Requirement(
            m.pk,
            m.name,
            m.scope == TrainingModule.Scope.EVERY_MEMBER,
            m.min_members or 1,
            m.validity_months,
        )
        for m in modules
    ]


def member_records(group) -> list[MemberRecord]:
    """The group's active members with their latest confirmed completion per module."""
    from django.db.models import Max

    from training.models import Completion

    members = list(group.members.filter(active=True).order_by("name", "pk"))
    latest = (
        Completion.objects.confirmed()
        .filter(member__in=members)
        .values("member_id", "module_id")
        .annotate(last=Max("completed_on"))
    )
    completed: dict[int, dict[int, date]] = {}
    for row in latest:
        completed.setdefault(row["member_id"], {})[row["module_id"]] = row["last"]
    return [MemberRecord(m.pk, m.name, completed.get(m.pk, {})) for m in members]


def group_readiness(group, today: date | None = None) -> Readiness:
    """Training readiness of ``group`` today: three queries whatever the group's size."""
    return evaluate(
        requirements_for(group.programme_id), member_records(group), today or timezone.localdate()
    )
