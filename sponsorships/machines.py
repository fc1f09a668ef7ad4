"""The sponsorship's, the resettlement plan's and the plan task's state machines.

The sponsorship starts before the arrival with the confirmed match (its first state, no
move) and becomes active only through the arrival registration, which moves group and
household with it (sponsorships.services.register_arrival). The interim and closing
evaluations and the completion are a coordinator's record; ending early is a decision
with a reason, and the group and household follow (sponsorships/propagation.py).

The plan is written by the group, submitted, and approved or returned by a coordinator;
a returned plan is submitted again as a new version. A task's progress is reported at any
time, in any direction (a task marked done by mistake is reopened).
"""

from __future__ import annotations

from sponsorship import statemachine as sm
from sponsorships.plan_models import PlanTask, ResettlementPlan
from sponsorships.sponsorship_models import Sponsorship

S = Sponsorship.Status
P = ResettlementPlan.Status
T = PlanTask.Status

SPONSORSHIP = sm.Machine(
    name="sponsorship",
    model=Sponsorship,
    initial=S.PRE_ARRIVAL,
    always_save=("updated_at",),
    moves=[
        sm.move(
            S.PRE_ARRIVAL,
            S.ACTIVE,
            "arrive",
            note="the arrival was registered (checklist complete, or a coordinator's reason)",
        ),
        sm.move(S.ACTIVE, S.INTERIM_DONE, "interim_done", manual=True),
        sm.move(
            [S.ACTIVE, S.INTERIM_DONE],
            S.TRANSITION,
            "start_transition",
            manual=True,
            note="the closing evaluation was held",
        ),
        sm.move(
            S.TRANSITION,
            S.COMPLETED,
            "complete",
            manual=True,
            note="group and household complete with it",
        ),
        sm.move(
            [S.PRE_ARRIVAL, *Sponsorship.RUNNING],
            S.ENDED_EARLY,
            "end_early",
            manual=True,
            note="with a reason; also when the household or the group withdraws",
        ),
    ],
)

RESETTLEMENT_PLAN = sm.Machine(
    name="resettlement_plan",
    model=ResettlementPlan,
    initial=P.DRAFT,
    always_save=("updated_at",),
    moves=[
        sm.move(
            ResettlementPlan.EDITABLE,
            P.SUBMITTED,
            "submit",
            manual=True,
            note="a new version is frozen",
        ),
        sm.move(P.SUBMITTED, P.APPROVED, "approve", manual=True),
        sm.move(P.SUBMITTED, P.RETURNED, "return", manual=True, note="with comments per section"),
    ],
)

PLAN_TASK = sm.Machine(
    name="plan_task",
    model=PlanTask,
    initial=T.OPEN,
    moves=[
        sm.move(set(T.values) - {target}, target, "report_progress", manual=True)
        for target in T.values
    ],
)
