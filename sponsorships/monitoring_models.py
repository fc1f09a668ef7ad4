"""Monitoring after arrival: check-ins, signals, evaluations and the household's own link."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sponsorship import text
from sponsorship.access import ScopedQuerySet


class Wellbeing(models.TextChoices):
    GOOD = "good", _("Good")
    OKAY = "okay", _("Okay")
    DIFFICULT = "difficult", _("Difficult")


class SponsorshipChildQuerySet(ScopedQuerySet):
    """Rows that belong to one sponsorship are visible with it."""

    def visible_to(self, user):
        from sponsorships.sponsorship_models import Sponsorship

        return self.filter(sponsorship__in=Sponsorship.objects.visible_to(user))


class CheckIn(models.Model):
    class By(models.TextChoices):
        MEMBER = "member", _("A group member")
        COMMUNITY_BUILDER = "community_builder", _("The Community Builder")
        HOUSEHOLD = "household", _("The household (feedback link)")

    sponsorship = models.ForeignKey(
        "sponsorships.Sponsorship", on_delete=models.CASCADE, related_name="checkins"
    )
    held_on = models.DateField(_("date"))
    by = models.CharField(_("by"), max_length=20, choices=By.choices, default=By.MEMBER)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household_wellbeing = models.CharField(
        _("how the household is doing"), max_length=10, choices=Wellbeing.choices
    )
    group_wellbeing = models.CharField(
        _("how the group is doing"), max_length=10, choices=Wellbeing.choices, blank=True
    )
    tasks_progress = models.TextField(
        _("progress on the plan's tasks"), blank=True, max_length=text.NOTE
    )
    notes = models.TextField(_("notes"), blank=True, max_length=text.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SponsorshipChildQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["sponsorship", "-held_on"])]
        constraints = text.length_checks(tasks_progress=text.NOTE, notes=text.NOTE)

    def __str__(self) -> str:
        return f"{self.sponsorship_id} {self.held_on}"


class Signal(models.Model):
    """A problem reported at a check-in or by the household; tracked until resolved."""

    class Category(models.TextChoices):
        HOUSING = "housing", _("Housing")
        INCOME = "income", _("Income and benefits")
        HEALTH = "health", _("Health")
        LANGUAGE = "language", _("Language and civic integration")
        WORK_EDUCATION = "work_education", _("Work and education")
        SOCIAL = "social", _("Social contacts and wellbeing")
        GROUP = "group", _("Cooperation with the group")
        SERVICES = "services", _("Public services")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        URGENT = "urgent", _("Urgent")

    sponsorship = models.ForeignKey(
        "sponsorships.Sponsorship", on_delete=models.CASCADE, related_name="signals"
    )
    checkin = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="signals"
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    description = models.TextField(_("description"), max_length=text.NOTE)
    raised_by_household = models.BooleanField(_("raised by the household itself"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(_("how it was resolved"), blank=True, max_length=text.DESCRIPTION)

    objects = SponsorshipChildQuerySet.as_manager()

    class Meta:
        ordering = ["resolved_at", "-created_at"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [
            models.Index(
                fields=["sponsorship"],
                condition=Q(resolved_at__isnull=True),
                name="signal_open_idx",
            )
        ]
        constraints = text.length_checks(description=text.NOTE, resolution=text.DESCRIPTION)

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.get_severity_display()})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim evaluation (three months)")
        CLOSING = "closing", _("Closing evaluation")

    sponsorship = models.ForeignKey(
        "sponsorships.Sponsorship", on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    participants = models.CharField(_("who took part"), max_length=300)
    went_well = models.TextField(_("what went well"), blank=True, max_length=text.NOTE)
    to_improve = models.TextField(_("what to improve"), blank=True, max_length=text.NOTE)
    # DOMAIN: the closing evaluation leads into the transition to self-sufficiency.
    transition_plan = models.TextField(
        _("transition to self-sufficiency"), blank=True, max_length=text.NOTE
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SponsorshipChildQuerySet.as_manager()

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["sponsorship", "kind"], name="evaluation_once_per_kind"
            ),
            *text.length_checks(
                **dict.fromkeys(("went_well", "to_improve", "transition_plan"), text.NOTE)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class FeedbackLink(models.Model):
    """The household's personal link to the feedback page: no account, a random token."""

    sponsorship = models.ForeignKey(
        "sponsorships.Sponsorship", on_delete=models.CASCADE, related_name="feedback_links"
    )
    token = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SponsorshipChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback link")
        verbose_name_plural = _("feedback links")

    def __str__(self) -> str:
        return f"feedback link {self.pk}"
