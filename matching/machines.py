"""The matching run's and the match proposal's state machines, declared once.

A run moves only in the worker (claimed, finished, failed, stopped on request) except
that a coordinator may cancel it while it waits. A proposal's moves are decisions of the
coordinator (accept, edit, send, withdraw), of the home's municipality (approve, reject)
and of either side (decline); "confirmed" follows from both sides' confirmations and
"superseded" from a later run.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from matching import checks
from matching.models import MatchingRun, MatchProposal
from sponsorship import statemachine as sm

R = MatchingRun.Status
P = MatchProposal.Status

RUN = sm.Machine(
    name="matching_run",
    model=MatchingRun,
    initial=R.QUEUED,
    moves=[
        sm.move(R.QUEUED, R.RUNNING, "claim", note="a worker took the run"),
        sm.move(R.RUNNING, R.SUCCEEDED, "finish", note="the proposals are stored"),
        sm.move(
            [R.QUEUED, R.RUNNING],
            R.FAILED,
            "fail",
            note="engine error, dead worker or never picked up; with the reason",
        ),
        sm.move(R.RUNNING, R.CANCELLED, "stop", note="the engine honoured a cancellation"),
        sm.move(
            R.QUEUED,
            R.CANCELLED,
            "cancel",
            manual=True,
            note="before a worker took it (a running run is asked to stop)",
        ),
    ],
)


def pairing_problems(proposal: MatchProposal) -> list[str]:
    """The engine's hard constraints still hold and the home is still offered.

    Checked again on every step: the world may have moved since the run.
    """
    return pairing_problems_for(proposal.household, proposal.group, proposal.offer)


def pairing_problems_for(household, group, offer) -> list[str]:
    problems = checks.violations(checks.pairing(household, group, offer))
    if offer.status != offer.Status.OFFERED:
        problems.append(
            _("The home is no longer offered (it is %(status)s).")
            % {"status": offer.get_status_display().lower()}
        )
    return problems


PROPOSAL = sm.Machine(
    name="proposal",
    model=MatchProposal,
    stamp_field="status_changed_at",
    initial=P.PROPOSED,
    moves=[
        sm.move(P.PROPOSED, P.ACCEPTED, "accept", guard=pairing_problems, manual=True),
        sm.move(
            P.PROPOSED,
            P.ACCEPTED,
            "edit",
            manual=True,
            note="another group or home, checked like the engine's",
        ),
        sm.move(P.ACCEPTED, P.SENT, "send", guard=pairing_problems, manual=True),
        sm.move(
            [P.PROPOSED, P.ACCEPTED, P.SENT],
            P.WITHDRAWN,
            "withdraw",
            manual=True,
            note="by the coordinator, with a reason",
        ),
        sm.move(P.PROPOSED, P.WITHDRAWN, "supersede", note="a later run covered it"),
        sm.move(
            [P.PROPOSED, P.ACCEPTED, P.SENT, P.APPROVED],
            P.WITHDRAWN,
            "party_withdrew",
            note="the household or the group withdrew (an approval is undone)",
        ),
        sm.move(
            P.SENT,
            P.APPROVED,
            "approve",
            manual=True,
            note="by the home's municipality: allocates the home, matches group and household",
        ),
        sm.move(
            P.SENT, P.REJECTED, "reject", manual=True, note="by the municipality, with a reason"
        ),
        sm.move(P.APPROVED, P.CONFIRMED, "confirm", note="both sides confirmed"),
        sm.move(
            P.APPROVED,
            P.DECLINED,
            "decline",
            manual=True,
            note="by either side; group and household return to the pool",
        ),
    ],
)
