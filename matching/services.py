"""The review workflow of a match proposal; every status change goes through here.

proposed -> accepted (or edited) -> sent -> approved | rejected -> confirmed | declined;
withdrawn before the municipality decided. Each step applies a move of
``matching.machines.PROPOSAL`` on the locked row (``sponsorship.statemachine``: source
state and guard, ``update_fields``, a transition row and an audit event) in one
transaction; an illegal move raises ``ValidationError`` with a reason the user can read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.services import return_to_matching
from matching import checks, notices, signals
from matching.machines import PROPOSAL, pairing_problems_for
from matching.models import DeclinedPairing, IntroductionMeeting, MatchProposal
from sponsorship import audit, text
from sponsorship import statemachine as sm

S = MatchProposal.Status


def _lock(proposal: MatchProposal) -> MatchProposal:
    return (
        MatchProposal.objects.select_for_update(of=("self",))
        .select_related(
            "household", "group", "offer", "offer__municipality", "group__municipality", "programme"
        )
        .get(pk=proposal.pk)
    )


def _move(
    locked: MatchProposal, actor, operation: str, *, fields=None, reason: str = ""
) -> MatchProposal:
    """Make ``operation``'s move on a locked proposal (call inside atomic)."""
    return sm.apply(
        PROPOSAL, locked, operation, actor=actor, fields=fields, reason=reason, locked=True
    )


def _refuse_unless_possible(locked: MatchProposal, operation: str) -> None:
    """Check before any side effect, so a refusal leaves nothing half done."""
    if problems := PROPOSAL.refusals(locked, operation):
        raise ValidationError(problems)


def _refresh(proposal: MatchProposal, locked: MatchProposal) -> MatchProposal:
    proposal.refresh_from_db()
    return proposal


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    return text.fit(reason, text.REASON, field="reason")


# --- coordinator: accept, edit, create, send, withdraw -----------------------------------


@transaction.atomic
def accept(proposal: MatchProposal, actor) -> MatchProposal:
    """The world may have moved since the run: the guard re-checks the hard constraints."""
    locked = _lock(proposal)
    _move(locked, actor, "accept")
    return _refresh(proposal, locked)


@transaction.atomic
def edit(
    proposal: MatchProposal, actor, *, group=None, offer=None, note: str = ""
) -> MatchProposal:
    """Swap the group and/or the home; same checks as the engine, a warning for every soft
    criterion that got worse. The edited proposal counts as accepted."""
    locked = _lock(proposal)
    if locked.status not in (S.PROPOSED, S.ACCEPTED):
        raise ValidationError(_("Only a proposal not yet sent can be changed."))
    group, offer = group or locked.group, offer or locked.offer
    if group.pk == locked.group_id and offer.pk == locked.offer_id:
        raise ValidationError(_("Choose another group or another home."))
    _check_new_pairing(locked.household, group, offer, exclude_pk=locked.pk)
    score, named, criteria = checks.explanation(checks.pairing(locked.household, group, offer))
    locked.warnings = checks.worse_criteria(locked.criteria, criteria)
    changed = [
        name
        for name, new, old in (
            ("group", group.pk, locked.group_id),
            ("offer", offer.pk, locked.offer_id),
        )
        if new != old
    ]
    locked.group, locked.offer = group, offer
    locked.score, locked.named, locked.criteria = score, named, criteria
    locked.note = note or locked.note
    if "offer" in changed:
        locked.home_withdrawn_at = None  # another home answers the flag
    fields = ["group", "offer", "score", "named", "criteria", "warnings", "note"]
    fields.append("home_withdrawn_at")
    if locked.status == S.PROPOSED:
        _move(
            locked,
            actor,
            "edit",
            fields={name: getattr(locked, name) for name in fields},
            reason=f"edited: {', '.join(changed)}",
        )
    else:
        locked.save(update_fields=fields)
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            obj=locked,
            fields=changed,
            summary=f"edited: {', '.join(changed)}",
        )
    return _refresh(proposal, locked)


def _check_new_pairing(household, group, offer, *, exclude_pk=None) -> None:
    problems = pairing_problems_for(household, group, offer)
    problems += checks.held_elsewhere(household, group, offer, exclude_pk=exclude_pk)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_manual(actor, *, household, group, offer, note: str = "") -> MatchProposal:
    """A coordinator's own proposal, checked like the engine's; it starts accepted."""
    from newcomers.models import Household

    # Lock the household: two coordinators proposing it at once get one proposal.
    Household.objects.select_for_update().get(pk=household.pk)
    _check_new_pairing(household, group, offer)
    score, named, criteria = checks.explanation(checks.pairing(household, group, offer))
    proposal = MatchProposal.objects.create(
        programme=household.programme,
        household=household,
        group=group,
        offer=offer,
        status=S.ACCEPTED,
        score=score,
        named=named,
        criteria=criteria,
        note=note,
        created_by=actor,
    )
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=proposal,
        fields=["household", "group", "offer"],
        summary="made by hand, accepted",
    )
    return proposal


@transaction.atomic
def send(proposal: MatchProposal, actor) -> MatchProposal:
    """accepted -> sent: the municipality of the home reviews it."""
    locked = _lock(proposal)
    _move(locked, actor, "send", fields={"sent_at": timezone.now()})
    notices.proposal_sent(locked)
    return _refresh(proposal, locked)


@transaction.atomic
def withdraw(proposal: MatchProposal, actor, *, reason: str) -> MatchProposal:
    """The coordinator takes a proposal back before the municipality decided."""
    locked = _lock(proposal)
    reason = _require_reason(reason)
    _move(locked, actor, "withdraw", fields={"closing_reason": reason}, reason=reason)
    return _refresh(proposal, locked)


# --- municipality: approve or reject ------------------------------------------------------


def _check_municipality(actor, locked: MatchProposal) -> None:
    if not (actor.is_municipal_staff and actor.municipality_id == locked.offer.municipality_id):
        raise ValidationError(_("Only staff of the home's municipality decide on this match."))


@transaction.atomic
def approve(proposal: MatchProposal, actor) -> MatchProposal:
    """Approve the match: the home is reserved and allocated from the expected arrival,
    the group and the household move on. All in one transaction: any refusal (e.g. the
    home was allocated to someone else meanwhile) leaves nothing changed."""
    from groups.services import mark_matched
    from housing import services as housing

    locked = _lock(proposal)
    _check_municipality(actor, locked)
    _refuse_unless_possible(locked, "approve")
    household, offer = locked.household, locked.offer
    _assign_municipality(household, offer, actor)
    start = household.expected_arrival
    if start is None:
        raise ValidationError(_("The household has no expected arrival date."))
    note = f"match proposal #{locked.pk}"
    if offer.status == offer.Status.OFFERED:
        housing.reserve_offer(actor, offer, note=note)
    locked.allocation = housing.allocate(actor, offer, household, max(start, offer.available_from))
    mark_matched(locked.group, actor)
    _household_matched(household, actor)
    fields = {"allocation": locked.allocation, "decided_by": actor, "decided_at": timezone.now()}
    _move(locked, actor, "approve", fields=fields)
    return _refresh(proposal, locked)


def _assign_municipality(household, offer, actor) -> None:
    """The match decides the town: the household's municipality becomes the home's."""
    if household.municipality_id == offer.municipality_id:
        return
    household.municipality_id = offer.municipality_id
    household.save(update_fields=["municipality", "updated_at"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=household,
        fields=["municipality"],
        summary="municipality of the matched home",
    )


def _household_matched(household, actor) -> None:
    """The household's moves that the municipal approval owns: matched, then approved."""
    from newcomers import services as newcomers

    household.refresh_from_db()
    if household.status != household.Status.MATCHED:
        newcomers.match(household, actor=actor)
    newcomers.approve(household, actor=actor)


@transaction.atomic
def reject(proposal: MatchProposal, actor, *, reason: str) -> MatchProposal:
    """The municipality does not approve; the pairing is kept out of later runs."""
    locked = _lock(proposal)
    _check_municipality(actor, locked)
    reason = _require_reason(reason)
    fields = {"rejection_reason": reason, "decided_by": actor, "decided_at": timezone.now()}
    _move(locked, actor, "reject", fields=fields, reason=reason)
    _remember_declined(locked)
    return _refresh(proposal, locked)


def _remember_declined(locked: MatchProposal) -> None:
    DeclinedPairing.objects.update_or_create(
        household=locked.household,
        group=locked.group,
        defaults={"offer": locked.offer, "proposal": locked},
    )


# --- both sides: confirm or decline -------------------------------------------------------


def _check_group_contact(actor, locked: MatchProposal) -> None:
    from groups.membership import is_contact_member

    if not (actor.is_group_member and is_contact_member(actor, locked.group)):
        raise ValidationError(_("Only the group's contact member confirms for the group."))


def _check_coordinator(actor) -> None:
    if not (actor.is_coordinator or actor.is_administrator):
        raise ValidationError(_("A coordinator records the household's answer."))


@transaction.atomic
def confirm_for_group(proposal: MatchProposal, actor) -> MatchProposal:
    locked = _lock(proposal)
    _check_group_contact(actor, locked)
    return _confirm(proposal, locked, actor, "group_confirmed_at")


@transaction.atomic
def confirm_for_household(proposal: MatchProposal, actor) -> MatchProposal:
    """Recorded by a coordinator: the household has no account."""
    locked = _lock(proposal)
    _check_coordinator(actor)
    return _confirm(proposal, locked, actor, "household_confirmed_at")


def _confirm(proposal, locked: MatchProposal, actor, field: str) -> MatchProposal:
    if locked.status != S.APPROVED:
        raise ValidationError(_("Only an approved match can be confirmed."))
    if getattr(locked, field):
        raise ValidationError(_("This side already confirmed."))
    setattr(locked, field, timezone.now())
    locked.save(update_fields=[field])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=locked,
        fields=[field],
        summary=f"{field.split('_')[0]} confirmed",
    )
    if locked.group_confirmed_at and locked.household_confirmed_at:
        _move(locked, actor, "confirm")
        start_sponsorship_hook(actor, locked)
    return _refresh(proposal, locked)


def start_sponsorship_hook(actor, locked: MatchProposal) -> None:
    """Both sides confirmed: the sponsorship (and its draft resettlement plan) starts.

    Through a signal: the sponsorships app is built on matching, not the other way round.
    """
    signals.proposal_confirmed.send(sender=MatchProposal, proposal=locked, actor=actor)


@transaction.atomic
def decline(proposal: MatchProposal, actor, *, side: str, reason: str = "") -> MatchProposal:
    """Either side says no. DOMAIN: no consequence for either; both are free for a later
    run, and this pairing is never proposed again."""
    locked = _lock(proposal)
    if side == MatchProposal.Side.GROUP:
        _check_group_contact(actor, locked)
    elif side == MatchProposal.Side.HOUSEHOLD:
        _check_coordinator(actor)
    else:
        raise ValidationError(_("Say who declines."))
    reason = text.fit(reason, text.REASON, field="reason")
    _move(
        locked,
        actor,
        "decline",
        fields={"declined_by": side, "closing_reason": reason},
        reason=reason,
    )
    _release(locked, actor)
    _remember_declined(locked)
    return _refresh(proposal, locked)


def _release(locked: MatchProposal, actor) -> None:
    """Undo what approval did: cancel the allocation, return group and household."""
    from housing import services as housing
    from newcomers import services as newcomers

    note = f"match proposal #{locked.pk} declined"
    if locked.allocation_id:
        housing.cancel_allocation(actor, locked.allocation, reason=note)
    return_to_matching(locked.group, actor)
    household = locked.household
    household.refresh_from_db()
    if household.status != household.Status.INTAKE_HELD:
        newcomers.return_to_pool(household, actor=actor)


# --- introduction meeting -----------------------------------------------------------------

MEETING_STATES = (S.ACCEPTED, S.SENT, S.APPROVED)


@transaction.atomic
def plan_meeting(proposal: MatchProposal, actor, **fields) -> IntroductionMeeting:
    """Plan the first meeting (online or in person, moderator, interpreter if needed)."""
    locked = _lock(proposal)
    _check_coordinator(actor)
    if locked.status not in MEETING_STATES:
        raise ValidationError(_("A meeting is planned before both sides confirm."))
    if fields.get("interpreter_needed") and not fields.get("interpreter_language"):
        raise ValidationError({"interpreter_language": _("Say which language.")})
    meeting = IntroductionMeeting.objects.create(proposal=locked, created_by=actor, **fields)
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=meeting,
        fields=list(fields),
        summary=f"introduction meeting for proposal #{locked.pk}",
    )
    return meeting


@transaction.atomic
def record_meeting(
    meeting: IntroductionMeeting, actor, *, outcome: str, notes: str = ""
) -> IntroductionMeeting:
    _check_coordinator(actor)
    if outcome not in IntroductionMeeting.Outcome.values:
        raise ValidationError({"outcome": _("Choose how it went.")})
    meeting = IntroductionMeeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.outcome, meeting.outcome_notes = outcome, notes
    meeting.save(update_fields=["outcome", "outcome_notes"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=meeting,
        fields=["outcome", "outcome_notes"],
        summary="meeting outcome recorded",
    )
    return meeting
