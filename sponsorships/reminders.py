"""Reminder rules for sponsorships (see sponsorship/reminders.py).

Each key names the duty and the date it is about, so a rule repeated on the same day, or
on later days while the duty is still open, never reminds the same person twice about
the same thing. Thresholds come from the programme's plan template.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from groups.notices import coordinators_of, member_users
from groups.reminders import candidates
from sponsorship.notifications import Candidate
from sponsorship.reminders import register
from sponsorships.arrival_checklist import open_items
from sponsorships.monitoring import checkin_due
from sponsorships.plan_models import PlanTask, ResettlementPlan
from sponsorships.plan_template import task_title, template_for
from sponsorships.sponsorship_models import Sponsorship


def _pre_arrival():
    return Sponsorship.objects.filter(
        status=Sponsorship.Status.PRE_ARRIVAL, expected_arrival__isnull=False
    ).select_related("group__programme", "household", "plan")


@register
def plan_not_submitted(today: date) -> Iterator[Candidate]:
    """Members: the plan is still a draft (or returned) N weeks before arrival."""
    for s in _pre_arrival().filter(plan__status__in=ResettlementPlan.EDITABLE):
        weeks = template_for(s.group.programme).plan_due_weeks
        if today < s.expected_arrival - timedelta(weeks=weeks):
            continue
        message = _(
            "Submit the resettlement plan of %(group)s: the household is expected on %(date)s."
        )
        params = {"group": s.group.name, "date": s.expected_arrival}
        yield from candidates(
            member_users(s.group),
            "plan_due",
            f"plan-due:{s.plan.pk}:{s.expected_arrival}",
            message,
            params,
            reverse("sponsorships:plan", args=[s.plan.pk]),
        )


@register
def checklist_open(today: date) -> Iterator[Candidate]:
    """Coordinators: pre-arrival checklist items open N days before arrival."""
    for s in _pre_arrival():
        days = template_for(s.group.programme).checklist_due_days
        if today < s.expected_arrival - timedelta(days=days) or not open_items(s):
            continue
        message = _(
            "The pre-arrival checklist of %(group)s is not complete; arrival is "
            "expected on %(date)s."
        )
        params = {"group": s.group.name, "date": s.expected_arrival}
        yield from candidates(
            coordinators_of(s.group),
            "checklist_open",
            f"checklist-open:{s.pk}:{s.expected_arrival}",
            message,
            params,
            reverse("sponsorships:sponsorship", args=[s.pk]),
        )


@register
def tasks_overdue(today: date) -> Iterator[Candidate]:
    """The member responsible (or the contact member): a plan task passed its date."""
    tasks = (
        PlanTask.objects.exclude(status__in=PlanTask.FINISHED)
        .filter(section__plan__sponsorship__status__in=Sponsorship.RUNNING)
        .select_related("member__user", "section__plan__sponsorship__group")
    )
    for task in tasks:
        sponsorship = task.section.plan.sponsorship
        due = task.due_on(sponsorship.arrival_date)
        if due is None or due >= today:
            continue
        if task.member_id and task.member.user_id and task.member.active:
            users = [task.member.user]
        else:
            contact = (
                sponsorship.group.members.active()
                .filter(is_contact=True, user__isnull=False)
                .select_related("user")
                .first()
            )
            users = [contact.user] if contact else []
        message = _("Overdue since %(date)s: %(task)s")
        params = {"date": due, "task": lazy(task_title, str)(task.title)}
        yield from candidates(
            users,
            "task_overdue",
            f"task-overdue:{task.pk}:{due}",
            message,
            params,
            reverse("sponsorships:plan", args=[task.section.plan_id]),
        )


@register
def checkin_overdue(today: date) -> Iterator[Candidate]:
    """Members and coordinators: the next check-in on the programme's cadence is late."""
    for s in Sponsorship.objects.running().select_related("group__programme"):
        due = checkin_due(s)
        if due is None or due >= today:
            continue
        message = _("A check-in with %(group)s was due on %(date)s.")
        params = {"group": s.group.name, "date": due}
        users = list(member_users(s.group)) + list(coordinators_of(s.group))
        yield from candidates(
            users,
            "checkin_overdue",
            f"checkin-overdue:{s.pk}:{due}",
            message,
            params,
            reverse("sponsorships:sponsorship", args=[s.pk]),
        )


@register
def year_ending(today: date) -> Iterator[Candidate]:
    """Members and coordinators: the sponsorship year ends within 30 days."""
    soon = Sponsorship.objects.running().filter(
        ends_on__gt=today, ends_on__lte=today + timedelta(days=30)
    )
    for s in soon.select_related("group"):
        message = _(
            "The sponsorship year of %(group)s ends on %(date)s: plan the closing "
            "evaluation and the transition."
        )
        params = {"group": s.group.name, "date": s.ends_on}
        users = list(member_users(s.group)) + list(coordinators_of(s.group))
        yield from candidates(
            users,
            "year_ending",
            f"year-ending:{s.pk}:{s.ends_on}",
            message,
            params,
            reverse("sponsorships:sponsorship", args=[s.pk]),
        )
