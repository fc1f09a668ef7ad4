"""The sponsorship lifecycle: start (from a confirmed match), arrival, evaluations, close.

Contract with matching: ``start_sponsorship(actor, group=, household=, proposal=)`` is
called when both sides confirm a match; it is idempotent per group and household and
does not move the group or household (matching does that with its own transitions).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import services as group_services
from groups.models import SponsorGroup
from newcomers.models import Household
from sponsorship import audit
from sponsorship import statemachine as sm
from sponsorship.dates import add_months
from sponsorships.machines import SPONSORSHIP
from sponsorships.plan_models import Domain, PlanSection, PlanTask, ResettlementPlan, Responsible
from sponsorships.plan_template import template_for
from sponsorships.sponsorship_models import Sponsorship

S = Sponsorship.Status


def _end_of_year(sponsorship: Sponsorship, start: date | None) -> date | None:
    months = sponsorship.group.programme.commitment_months
    return add_months(start, months) if start else None


def start_for_proposal(sender, *, proposal, actor, **kwargs) -> Sponsorship:
    """Receiver of ``matching.signals.proposal_confirmed`` (sponsorships/apps.py)."""
    return start_sponsorship(
        actor, group=proposal.group, household=proposal.household, proposal=proposal
    )


@transaction.atomic
def start_sponsorship(
    actor, *, group: SponsorGroup, household: Household, proposal=None
) -> Sponsorship:
    """The sponsorship of ``group`` for ``household`` with its draft plan (idempotent)."""
    # Lock the household: two confirmations at once must not create two sponsorships.
    Household.objects.select_for_update().filter(pk=household.pk).first()
    proposal_id = getattr(proposal, "pk", proposal)
    existing = Sponsorship.objects.filter(group=group, household=household).first()
    if existing is not None:
        if proposal_id and existing.proposal_id is None:
            existing.proposal_id = proposal_id
            existing.save(update_fields=["proposal_id", "updated_at"])
        return existing
    if (
        Sponsorship.objects.filter(household=household)
        .exclude(status__in=Sponsorship.CLOSED)
        .exists()
    ):
        raise ValidationError(_("This household already has a sponsorship with another group."))
    sponsorship = Sponsorship(
        group=group,
        household=household,
        proposal_id=proposal_id,
        expected_arrival=household.expected_arrival,
    )
    sponsorship.ends_on = _end_of_year(sponsorship, sponsorship.expected_arrival)
    sponsorship.save()
    create_plan(sponsorship)
    audit.record(
        audit.Action.CREATE,
        actor=actor,
        obj=sponsorship,
        summary=f"sponsorship started (group {group.pk}, household {household.pk})",
    )
    return sponsorship


def create_plan(sponsorship: Sponsorship) -> ResettlementPlan:
    """A draft plan: one section per domain, pre-filled from the programme's template."""
    plan = ResettlementPlan.objects.create(sponsorship=sponsorship)
    sections = {domain: PlanSection(plan=plan, domain=domain) for domain in Domain.values}
    PlanSection.objects.bulk_create(sections.values())
    contact = sponsorship.group.members.active().order_by("-is_contact", "pk").first()
    tasks = []
    for task in template_for(sponsorship.group.programme).tasks.all():
        responsible, member = task.responsible, None
        if responsible == Responsible.MEMBER:
            # The group adapts who does what; until then the contact member holds it.
            member = contact
            responsible = Responsible.MEMBER if contact else Responsible.COORDINATOR
        tasks.append(
            PlanTask(
                section=sections[task.domain],
                title=task.title,
                responsible=responsible,
                member=member,
                offset_days=task.offset_days,
                order=task.order,
            )
        )
    PlanTask.objects.bulk_create(tasks)
    return plan


def _lock(sponsorship: Sponsorship) -> Sponsorship:
    return (
        Sponsorship.objects.select_for_update(of=("self",))
        .select_related("group__programme", "household")
        .get(pk=sponsorship.pk)
    )


def _move(
    sponsorship: Sponsorship, actor, operation: str, *, fields=None, reason: str = ""
) -> Sponsorship:
    """Make ``operation``'s move (sponsorships/machines.py) on a row locked in this
    transaction; ``fields`` are saved with it, ``reason`` goes to the transition row."""
    return sm.apply(
        SPONSORSHIP, sponsorship, operation, actor=actor, fields=fields, reason=reason, locked=True
    )


@transaction.atomic
def register_arrival(
    actor, sponsorship: Sponsorship, on_date: date, override_reason: str | None = None
) -> Sponsorship:
    """The household arrived: sponsorship, group and household move together, or none.

    Refused while pre-arrival checklist items are open, unless a coordinator (or
    administrator) gives a reason; that override is stored and audited.
    """
    from newcomers import services as newcomer_services
    from sponsorships.arrival_checklist import open_items

    locked = _lock(sponsorship)
    if locked.status != S.PRE_ARRIVAL:
        raise ValidationError(_("The arrival of this household was already registered."))
    if on_date > timezone.localdate():
        raise ValidationError({"on_date": _("The arrival date cannot be in the future.")})
    missing = open_items(locked)
    reason = (override_reason or "").strip()
    if missing and not reason:
        raise ValidationError(
            _("The pre-arrival checklist is not complete: %(items)s")
            % {"items": "; ".join(str(i.label) for i in missing)}
        )
    if missing and not (actor.is_coordinator or actor.is_administrator):
        raise ValidationError(_("Only a coordinator can override the checklist."))
    arrival = {
        "arrival_date": on_date,
        "ends_on": _end_of_year(locked, on_date),
        "arrival_override_reason": reason if missing else "",
    }
    _move(locked, actor, "arrive", fields=arrival)
    if missing:
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            obj=locked,
            fields=["arrival_override_reason"],
            summary="arrival registered with open checklist items: "
            + ", ".join(i.key for i in missing),
        )
    group_services.mark_active(locked.group, actor)
    household = locked.household
    newcomer_services.register_arrival(household, actor=actor, on=on_date)
    newcomer_services.start_sponsorship(household, actor=actor)
    _copy(locked, sponsorship)
    return sponsorship


def _copy(source: Sponsorship, target: Sponsorship) -> None:
    for name in (
        "status",
        "arrival_date",
        "ends_on",
        "arrival_override_reason",
        "closing_reason",
        "closed_on",
        "updated_at",
    ):
        setattr(target, name, getattr(source, name))


@transaction.atomic
def mark_interim_done(actor, sponsorship: Sponsorship) -> Sponsorship:
    locked = _move(_lock(sponsorship), actor, "interim_done")
    _copy(locked, sponsorship)
    return sponsorship


@transaction.atomic
def start_transition(actor, sponsorship: Sponsorship) -> Sponsorship:
    """The closing evaluation was held: the step to self-sufficiency begins."""
    locked = _move(_lock(sponsorship), actor, "start_transition")
    _copy(locked, sponsorship)
    return sponsorship


@transaction.atomic
def complete(actor, sponsorship: Sponsorship) -> Sponsorship:
    """Close the year after the transition: group and household completed as well."""
    from newcomers import services as newcomer_services

    locked = _move(
        _lock(sponsorship), actor, "complete", fields={"closed_on": timezone.localdate()}
    )
    group_services.complete(locked.group, actor)
    newcomer_services.complete(locked.household, actor=actor)
    _copy(locked, sponsorship)
    return sponsorship


def end_early(actor, sponsorship: Sponsorship, *, reason: str) -> Sponsorship:
    """End before the year is over; group and household follow (sponsorships/propagation.py)."""
    from sponsorships.propagation import end_early

    return end_early(actor, sponsorship, reason=reason)
