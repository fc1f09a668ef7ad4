"""The household's state machine (identified to completed or withdrawn), declared once.

Manual moves are what a coordinator records by hand: pre-selection, the information
session, the consent, the intake interview and a withdrawal. Everything from "matched"
on follows from another record and only its owning operation makes the move: the
municipal approval of a match proposal (matching), a declined or failed match (matching),
the arrival registration and the end of the sponsorship.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from newcomers.consent import active_consent
from newcomers.models import Household
from sponsorship import statemachine as sm

S = Household.Status
FINAL = frozenset({S.COMPLETED, S.WITHDRAWN})
# States in which the household still takes part and so may withdraw.
WITHDRAWABLE = frozenset(set(S.values) - FINAL)


def consent_problems(household: Household) -> list[str]:
    """A consent is in force (none recorded, or withdrawn since: refused)."""
    if active_consent(household) is None:
        return [_("There is no consent in force for this household.")]
    return []


def match_problems(household: Household) -> list[str]:
    """A consent is in force and the intake interview was held."""
    problems = consent_problems(household)
    if household.intake_held_on is None:
        problems.append(_("A household is matched only after an intake interview."))
    return problems


HOUSEHOLD = sm.Machine(
    name="household",
    model=Household,
    initial=S.IDENTIFIED,
    always_save=("updated_at",),
    moves=[
        sm.move(S.IDENTIFIED, S.PRE_SELECTED, "pre_select", manual=True),
        sm.move(
            [S.PRE_SELECTED, S.WITHDRAWN],
            S.INFORMED,
            "record_information",
            manual=True,
            note="with the information session; a withdrawn household may reconsider",
        ),
        sm.move(S.INFORMED, S.CONSENTED, "record_consent", manual=True, note="with the consent"),
        sm.move(
            S.CONSENTED,
            S.INTAKE_HELD,
            "record_intake",
            guard=consent_problems,
            manual=True,
            note="with the intake's date, interviewer and notes",
        ),
        sm.move(
            S.INTAKE_HELD,
            S.MATCHED,
            "match",
            guard=match_problems,
            note="the municipality approved a match proposal",
        ),
        sm.move(S.MATCHED, S.APPROVED, "approve", note="the same municipal approval"),
        sm.move(
            [S.MATCHED, S.APPROVED],
            S.INTAKE_HELD,
            "return_to_pool",
            note="the approved match was declined",
        ),
        sm.move(S.APPROVED, S.ARRIVED, "arrive", note="the arrival was registered"),
        sm.move(
            S.ARRIVED,
            S.IN_SPONSORSHIP,
            "start_sponsorship",
            note="the sponsorship year started with the arrival",
        ),
        sm.move(S.IN_SPONSORSHIP, S.COMPLETED, "complete", note="the sponsorship was completed"),
        sm.move(
            S.IN_SPONSORSHIP,
            S.ARRIVED,
            "sponsorship_ended",
            note="the sponsorship ended early; the household stays, without a group",
        ),
        sm.move(WITHDRAWABLE, S.WITHDRAWN, "withdraw", manual=True, note="with date and reason"),
    ],
)
