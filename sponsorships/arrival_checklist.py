"""The pre-arrival checklist (DOMAIN.md): computed from the data where the data knows,
ticked by the coordinator where it cannot (briefings, meetings, informed choice)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.models import SponsorGroup
from newcomers.models import Household
from sponsorship import audit
from sponsorships.plan_models import ChecklistTick, Domain, ResettlementPlan
from sponsorships.sponsorship_models import Sponsorship

# Ticked by a coordinator: key -> label.
TICKED = {
    "social_map": gettext_lazy("The group was briefed on the local social map"),
    "financial_briefing": gettext_lazy(
        "The group was briefed on practical matters, especially the household's finances"
    ),
    "social_counselling": gettext_lazy("A first meeting with social counselling took place"),
    "household_informed": gettext_lazy("The household is fully informed and chose to participate"),
}
MATCH_APPROVED_STATES = (
    Household.Status.APPROVED,
    Household.Status.ARRIVED,
    Household.Status.IN_SPONSORSHIP,
    Household.Status.COMPLETED,
)


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    done: bool
    computed: bool
    detail: str = ""


def _task_division_on_paper(plan: ResettlementPlan) -> bool:
    """Every domain section has at least one task, each naming who does it."""
    for section in plan.sections.all():
        if section.domain == Domain.EQUALITY:
            continue
        tasks = list(section.tasks.all())
        if not tasks or any(t.responsible == "member" and t.member_id is None for t in tasks):
            return False
    return True


def computed_items(sponsorship: Sponsorship) -> list[Item]:
    plan = getattr(sponsorship, "plan", None)
    approved = plan is not None and plan.status == ResettlementPlan.Status.APPROVED
    return [
        Item(
            "training",
            _("The group finished the start training"),
            sponsorship.group.status in SponsorGroup.TRAINED_STATES,
            True,
        ),
        Item(
            "plan_approved",
            _("The resettlement plan is approved"),
            approved,
            True,
            "" if approved or plan is None else plan.get_status_display(),
        ),
        Item(
            "task_division",
            _("The task and role division is on paper"),
            plan is not None and _task_division_on_paper(plan),
            True,
        ),
        Item(
            "match_approved",
            _("The municipality approved the match"),
            sponsorship.household.status in MATCH_APPROVED_STATES,
            True,
        ),
    ]


def checklist(sponsorship: Sponsorship) -> list[Item]:
    """All items in a fixed order: computed first, then the coordinator's ticks."""
    ticks = set(sponsorship.checklist_ticks.values_list("item", flat=True))
    return computed_items(sponsorship) + [
        Item(key, str(label), key in ticks, False) for key, label in TICKED.items()
    ]


def open_items(sponsorship: Sponsorship) -> list[Item]:
    return [item for item in checklist(sponsorship) if not item.done]


def is_complete(sponsorship: Sponsorship) -> bool:
    return not open_items(sponsorship)


def set_tick(actor, sponsorship: Sponsorship, item: str, *, done: bool) -> None:
    """Tick or untick a coordinator item; audited either way."""
    if item not in TICKED:
        raise ValidationError(_("This checklist item is computed from the data."))
    if sponsorship.status != Sponsorship.Status.PRE_ARRIVAL:
        raise ValidationError(_("The checklist is closed once the household arrived."))
    with transaction.atomic():
        if done:
            try:
                with transaction.atomic():
                    ChecklistTick.objects.create(
                        sponsorship=sponsorship, item=item, ticked_by=actor
                    )
            except IntegrityError:
                return  # already ticked: nothing changes, nothing to audit
        elif not sponsorship.checklist_ticks.filter(item=item).delete()[0]:
            return
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            obj=sponsorship,
            fields=["checklist"],
            summary=f"checklist {item} {'ticked' if done else 'unticked'}",
        )
