"""The resettlement plan: sections per domain with tasks, submitted versions, review
comments, the programme template it starts from, and the coordinator's checklist ticks.

A submitted version is a JSON snapshot the database refuses to change (pgtrigger), so what
a coordinator reviewed and approved is exactly what the group submitted.
"""

from __future__ import annotations

from datetime import timedelta

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sponsorship import text
from sponsorship.access import ScopedQuerySet


class Domain(models.TextChoices):
    HOUSING = "housing", _("Housing")
    INCOME = "income", _("Income")
    LANGUAGE = "language", _("Language and civic integration")
    HEALTH = "health", _("Health")
    WORK_EDUCATION = "work_education", _("Work and education")
    SOCIAL_NETWORK = "social_network", _("Social network")
    # DOMAIN: the plan must reflect explicitly on equality and the newcomer's agency.
    EQUALITY = "equality", _("Equality and agency")


class Responsible(models.TextChoices):
    MEMBER = "member", _("A group member")
    COORDINATOR = "coordinator", _("The coordinating organisation")
    SOCIAL_COUNSELLING = "social_counselling", _("Social counselling")
    MUNICIPALITY = "municipality", _("The municipality")
    HOUSEHOLD = "household", _("The household itself")


class PlanTemplate(models.Model):
    """Per programme: the tasks every plan starts with, and the monitoring cadence."""

    programme = models.OneToOneField(
        "sponsorship.Programme",
        on_delete=models.CASCADE,
        related_name="plan_template",
        verbose_name=_("programme"),
    )
    # Reminder thresholds and the check-in cadence are programme configuration.
    plan_due_weeks = models.PositiveSmallIntegerField(
        _("plan due (weeks before arrival)"), default=4
    )
    checklist_due_days = models.PositiveSmallIntegerField(
        _("checklist complete (days before arrival)"), default=7
    )
    intensive_months = models.PositiveSmallIntegerField(
        _("months of intensive check-ins after arrival"), default=3
    )
    intensive_interval_days = models.PositiveSmallIntegerField(
        _("days between check-ins, intensive phase"), default=7
    )
    later_interval_days = models.PositiveSmallIntegerField(
        _("days between check-ins, afterwards"), default=30
    )

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")

    def __str__(self) -> str:
        return str(self.programme)


class PlanTemplateTask(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="tasks")
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    title = models.CharField(_("task"), max_length=200)
    responsible = models.CharField(
        _("responsible"), max_length=20, choices=Responsible.choices, default=Responsible.MEMBER
    )
    offset_days = models.SmallIntegerField(_("days after arrival"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("template task")
        verbose_name_plural = _("template tasks")

    def __str__(self) -> str:
        return self.title


class PlanQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        from sponsorships.sponsorship_models import Sponsorship

        return self.filter(sponsorship__in=Sponsorship.objects.visible_to(user))


class ResettlementPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    sponsorship = models.OneToOneField(
        "sponsorships.Sponsorship",
        on_delete=models.CASCADE,
        related_name="plan",
        verbose_name=_("sponsorship"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version_count = models.PositiveSmallIntegerField(_("versions submitted"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("resettlement plan")
        verbose_name_plural = _("resettlement plans")

    def __str__(self) -> str:
        return str(_("Plan for %(sponsorship)s") % {"sponsorship": self.sponsorship})

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class PlanSection(models.Model):
    plan = models.ForeignKey(ResettlementPlan, on_delete=models.CASCADE, related_name="sections")
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    notes = models.TextField(_("how the group will help"), blank=True, max_length=text.LONG_NOTE)

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        constraints = [
            models.UniqueConstraint(fields=["plan", "domain"], name="plan_section_once_per_domain"),
            *text.length_checks(notes=text.LONG_NOTE),
        ]

    def __str__(self) -> str:
        return self.get_domain_display()


class PlanTaskQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(section__plan__in=ResettlementPlan.objects.visible_to(user))


class PlanTask(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("No longer needed")

    FINISHED = (Status.DONE, Status.DROPPED)

    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("what"), max_length=200)
    responsible = models.CharField(
        _("who"), max_length=20, choices=Responsible.choices, default=Responsible.MEMBER
    )
    member = models.ForeignKey(
        "groups.GroupMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_tasks",
        verbose_name=_("group member"),
    )
    due_date = models.DateField(_("when (date)"), null=True, blank=True)
    offset_days = models.SmallIntegerField(_("when (days after arrival)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = PlanTaskQuerySet.as_manager()

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(offset_days__isnull=True),
                name="plan_task_one_kind_of_due",
                violation_error_code="plan_task_one_kind_of_due",
                violation_error_message=_(
                    "Give either a due date or a number of days from arrival, not both."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(responsible="member") | Q(member__isnull=False),
                name="plan_task_member_named",
                violation_error_code="plan_task_member_named",
                violation_error_message=_("Choose the member responsible for this task."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def due_on(self, arrival):
        """The concrete due date: the date itself, or arrival + offset (None if unknown)."""
        if self.due_date:
            return self.due_date
        if self.offset_days is not None and arrival:
            return arrival + timedelta(days=self.offset_days)
        return None

    def who(self) -> str:
        if self.responsible == Responsible.MEMBER and self.member_id:
            return self.member.name
        return str(self.get_responsible_display())


class PlanVersion(models.Model):
    """One submitted version, frozen: the database refuses UPDATE and DELETE."""

    plan = models.ForeignKey(ResettlementPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")
        ]
        triggers = [
            pgtrigger.Protect(
                name="plan_version_frozen", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class SectionComment(models.Model):
    """A coordinator's review comment on one section of one submitted version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="comments")
    domain = models.CharField(_("section"), max_length=16, choices=Domain.choices)
    body = models.TextField(_("comment"), max_length=text.NOTE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        constraints = text.length_checks(body=text.NOTE)

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.body[:40]}"


class ChecklistTick(models.Model):
    """A pre-arrival checklist item the coordinator confirmed (the rest is computed)."""

    sponsorship = models.ForeignKey(
        "sponsorships.Sponsorship", on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    item = models.CharField(_("item"), max_length=32)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["sponsorship", "item"], name="checklist_tick_once")
        ]

    def __str__(self) -> str:
        return self.item
