"""A sponsorship: one matched group and household, from pre-arrival to the year's end.

States change only through ``sponsorships.services``; this module holds data and invariants.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sponsorship import text
from sponsorship.access import ScopedQuerySet, scope_filter


class SponsorshipQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Administrators all; coordinators their towns/programmes; members their own
        group's sponsorships; municipal staff none (contact without intruding)."""
        from groups.querysets import _member_group_ids

        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator:
            return self.filter(scope_filter(user, "group__municipality", "group__programme"))
        if user.is_group_member:
            return self.filter(group_id__in=_member_group_ids(user))
        return self.none()

    def running(self):
        """Sponsorships whose newcomer arrived and whose year is not closed."""
        return self.filter(status__in=Sponsorship.RUNNING)


class Sponsorship(models.Model):
    class Status(models.TextChoices):
        PRE_ARRIVAL = "pre_arrival", _("Before arrival")
        ACTIVE = "active", _("Active")
        INTERIM_DONE = "interim_done", _("Interim evaluation held")
        TRANSITION = "transition", _("Transition to self-sufficiency")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")

    RUNNING = (Status.ACTIVE, Status.INTERIM_DONE, Status.TRANSITION)
    CLOSED = (Status.COMPLETED, Status.ENDED_EARLY)

    group = models.ForeignKey(
        "groups.SponsorGroup",
        on_delete=models.PROTECT,
        related_name="sponsorships",
        verbose_name=_("group"),
    )
    household = models.ForeignKey(
        "newcomers.Household",
        on_delete=models.PROTECT,
        related_name="sponsorships",
        verbose_name=_("household"),
    )
    # PROTECT: the proposal is the sponsorship's origin; proposals are history, not deleted.
    proposal = models.ForeignKey(
        "matching.MatchProposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsorships",
        verbose_name=_("match proposal"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PRE_ARRIVAL,
        db_index=True,
    )
    expected_arrival = models.DateField(_("expected arrival"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    # Arrival (or expected arrival) plus the programme's commitment period.
    ends_on = models.DateField(_("sponsorship year ends"), null=True, blank=True)
    arrival_override_reason = models.TextField(
        _("reason for registering arrival with open checklist items"),
        blank=True,
        max_length=text.REASON,
    )
    closing_reason = models.TextField(
        _("reason for ending early"), blank=True, max_length=text.REASON
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SponsorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        constraints = [
            # The idempotency key of start_sponsorship.
            models.UniqueConstraint(
                fields=["group", "household"], name="sponsorship_once_per_group_household"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=~Q(status__in=["completed", "ended_early"]),
                name="sponsorship_one_open_per_household",
            ),
            models.CheckConstraint(
                condition=Q(status="pre_arrival")
                | Q(status="ended_early")
                | Q(arrival_date__isnull=False),
                name="sponsorship_arrived_has_date",
                violation_error_code="sponsorship_arrived_has_date",
                violation_error_message=_("Give the arrival date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(closing_reason=""),
                name="sponsorship_ended_early_has_reason",
                violation_error_code="sponsorship_ended_early_has_reason",
                violation_error_message=_("Give a reason for ending the sponsorship early."),
            ),
            *text.length_checks(arrival_override_reason=text.REASON, closing_reason=text.REASON),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.household.pseudonym}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    @property
    def reference_date(self):
        """Arrival, or the expected arrival before it: the base of relative due dates."""
        return self.arrival_date or self.expected_arrival
