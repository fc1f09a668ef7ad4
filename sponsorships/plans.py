"""Writing, submitting and reviewing the resettlement plan.

Members edit while the plan is a draft or returned; submitting freezes a numbered
``PlanVersion`` snapshot (the database refuses to change it); the coordinator comments per
section and returns or approves. Task *status* stays editable after approval: it is how
the group reports progress.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sponsorship import audit
from sponsorship import statemachine as sm
from sponsorship.notifications import notify
from sponsorship.reminders import text
from sponsorships.machines import PLAN_TASK, RESETTLEMENT_PLAN
from sponsorships.plan_models import (
    Domain,
    PlanSection,
    PlanTask,
    PlanVersion,
    ResettlementPlan,
    SectionComment,
)

P = ResettlementPlan.Status


def snapshot(plan: ResettlementPlan) -> dict:
    """The plan's content as plain JSON (what a version freezes)."""
    sections = []
    for section in plan.sections.prefetch_related("tasks__member"):
        sections.append(
            {
                "domain": section.domain,
                "notes": section.notes,
                "tasks": [
                    {
                        "title": t.title,
                        "responsible": t.responsible,
                        "who": t.who(),
                        "due_date": t.due_date.isoformat() if t.due_date else None,
                        "offset_days": t.offset_days,
                        "status": t.status,
                    }
                    for t in section.tasks.all()
                ],
            }
        )
    return {"sections": sections}


def submission_problems(plan: ResettlementPlan) -> list[str]:
    problems = []
    for section in plan.sections.all():
        if section.domain == Domain.EQUALITY:
            if not section.notes.strip():
                problems.append(
                    _(
                        "Describe how the group will avoid dependency and keep the "
                        "household in charge of its own choices."
                    )
                )
        elif not section.tasks.exists() and not section.notes.strip():
            problems.append(
                _("The section “%(section)s” is empty.") % {"section": section.get_domain_display()}
            )
    return problems


def _lock(plan: ResettlementPlan) -> ResettlementPlan:
    return ResettlementPlan.objects.select_for_update().get(pk=plan.pk)


def _require_editable(plan: ResettlementPlan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("The plan cannot be changed while it is %(status)s.")
            % {"status": plan.get_status_display()}
        )


def _set_status(plan, actor, operation: str, fields: dict) -> None:
    """The plan's move (sponsorships/machines.py) on a row locked in this transaction."""
    sm.apply(RESETTLEMENT_PLAN, plan, operation, actor=actor, fields=fields, locked=True)


@transaction.atomic
def submit(actor, plan: ResettlementPlan) -> PlanVersion:
    """Freeze the current content as the next version and send it for review."""
    locked = _lock(plan)
    _require_editable(locked)
    problems = submission_problems(locked)
    if problems:
        raise ValidationError(problems)
    number = locked.version_count + 1
    version = PlanVersion.objects.create(
        plan=locked, number=number, snapshot=snapshot(locked), submitted_by=actor
    )
    _set_status(locked, actor, "submit", {"version_count": number, "submitted_at": timezone.now()})
    _notify_coordinators(
        locked,
        "plan_submitted",
        f"plan-submitted:{locked.pk}:{version.number}",
        gettext_lazy("A resettlement plan was submitted for review: %(group)s"),
    )
    plan.refresh_from_db()
    return version


def _decide(actor, plan, status, comments: dict[str, str]) -> ResettlementPlan:
    locked = _lock(plan)
    if locked.status != P.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be reviewed."))
    version = locked.versions.order_by("-number").first()
    SectionComment.objects.bulk_create(
        SectionComment(version=version, domain=domain, body=body.strip(), author=actor)
        for domain, body in comments.items()
        if body.strip() and domain in Domain.values
    )
    operation = "approve" if status == P.APPROVED else "return"
    _set_status(locked, actor, operation, {"decided_at": timezone.now(), "decided_by": actor})
    kind = "plan_approved" if status == P.APPROVED else "plan_returned"
    message = (
        gettext_lazy("Your resettlement plan was approved: %(group)s")
        if status == P.APPROVED
        else gettext_lazy("Your resettlement plan was returned with comments: %(group)s")
    )
    _notify_members(locked, kind, f"{kind}:{locked.pk}:{version.number}", message)
    plan.refresh_from_db()
    return plan


@transaction.atomic
def return_for_changes(actor, plan: ResettlementPlan, comments: dict[str, str]):
    """Return the submitted plan; at least one section comment says what to change."""
    if not any(body.strip() for body in comments.values()):
        raise ValidationError(_("Say in at least one section what should change."))
    return _decide(actor, plan, P.RETURNED, comments)


@transaction.atomic
def approve(actor, plan: ResettlementPlan, comments: dict[str, str] | None = None):
    return _decide(actor, plan, P.APPROVED, comments or {})


def _url(plan) -> str:
    return reverse("sponsorships:plan", args=[plan.pk])


def _notify_coordinators(plan, kind, key, message, *, urgent=False) -> None:
    from groups.notices import coordinators_of

    group = plan.sponsorship.group
    for user in coordinators_of(group):
        notify(
            user,
            kind,
            key,
            text(user.language, message, {"group": group.name}),
            url=_url(plan),
            urgent=urgent,
        )


def _notify_members(plan, kind, key, message) -> None:
    group = plan.sponsorship.group
    for member in group.members.active().filter(user__isnull=False).select_related("user"):
        notify(
            member.user,
            kind,
            key,
            text(member.user.language, message, {"group": group.name}),
            url=_url(plan),
        )


# --- editing ----------------------------------------------------------------------------


@transaction.atomic
def save_section(actor, section: PlanSection, notes: str) -> PlanSection:
    _require_editable(_lock(section.plan))
    section.notes = notes
    section.save(update_fields=["notes"])
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=section.plan,
        fields=["notes"],
        summary=f"section {section.domain}",
    )
    return section


@transaction.atomic
def save_task(actor, form, section: PlanSection) -> PlanTask:
    """Create or change a task from a bound, valid PlanTaskForm."""
    _require_editable(_lock(section.plan))
    task = form.save(commit=False)
    task.section = section
    task.save()
    audit.record(
        audit.Action.UPDATE,
        actor=actor,
        obj=section.plan,
        fields=list(form.changed_data) or ["tasks"],
        summary=f"task {task.pk}",
    )
    return task


@transaction.atomic
def delete_task(actor, task: PlanTask) -> None:
    _require_editable(_lock(task.section.plan))
    audit.record(
        audit.Action.DELETE,
        actor=actor,
        obj=task.section.plan,
        fields=["tasks"],
        summary=f"task {task.pk} deleted",
    )
    task.delete()


def set_task_status(actor, task: PlanTask, status: str) -> PlanTask:
    """Progress is reported at any time, also on an approved plan."""
    if status not in PlanTask.Status.values:
        raise ValidationError(_("Unknown status."))
    if status == task.status:
        return task  # the same answer twice (a double click) is no move
    return sm.apply(PLAN_TASK, task, "report_progress", actor=actor, target=status)


# --- comparing versions ------------------------------------------------------------------


def compare(old: dict, new: dict) -> list[dict]:
    """Per section of ``new``: whether the notes changed, tasks added and removed (pure)."""

    def tasks(section):
        return {(t["title"], t["who"], t["due_date"], t["offset_days"]) for t in section["tasks"]}

    before = {s["domain"]: s for s in old.get("sections", [])}
    out = []
    for section in new.get("sections", []):
        prev = before.get(section["domain"], {"notes": "", "tasks": []})
        added, removed = tasks(section) - tasks(prev), tasks(prev) - tasks(section)
        out.append(
            {
                "domain": section["domain"],
                "label": Domain(section["domain"]).label,
                "notes_changed": prev["notes"] != section["notes"],
                "old_notes": prev["notes"],
                "new_notes": section["notes"],
                "added": sorted(added, key=str),
                "removed": sorted(removed, key=str),
                "changed": bool(added or removed or prev["notes"] != section["notes"]),
            }
        )
    return out
