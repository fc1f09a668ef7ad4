"""Matching runs, their proposals and what happens to a proposal until both sides confirm.

States change only through ``matching.runs`` (runs) and ``matching.services`` (proposals);
this module holds data and the invariants the database can keep:

- one active (queued or running) run per programme and scope;
- a household, and an offer, is in at most one open proposal at a time;
- a rejected proposal has a reason; an approved or confirmed one holds its allocation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.querysets import MatchingRunQuerySet, MatchProposalQuerySet
from sponsorship import text


class MatchingWeights(models.Model):
    """The soft-criteria weights of one programme (overrides of the engine's defaults)."""

    programme = models.OneToOneField(
        "sponsorship.Programme",
        on_delete=models.CASCADE,
        related_name="matching_weights",
        verbose_name=_("programme"),
    )
    # {engine Weights field: number}; missing fields keep the engine's default.
    values = models.JSONField(_("weights"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return str(self.programme)

    def clean(self):
        from django.core.exceptions import ValidationError

        from matching.engine import Weights

        known = Weights.__dataclass_fields__
        if not isinstance(self.values, dict):
            raise ValidationError({"values": _("Give an object of weight names and numbers.")})
        unknown = sorted(set(self.values) - set(known))
        bad = sorted(
            k
            for k, v in self.values.items()
            if isinstance(v, bool) or not isinstance(v, int | float) or v < 0
        )
        if unknown or bad:
            raise ValidationError(
                {
                    "values": _(
                        "Unknown weights: %(unknown)s. Not a number of at least 0: %(bad)s."
                    )
                    % {"unknown": ", ".join(unknown) or "—", "bad": ", ".join(bad) or "—"}
                }
            )


class MatchingRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    programme = models.ForeignKey(
        "sponsorship.Programme",
        on_delete=models.PROTECT,
        related_name="matching_runs",
        verbose_name=_("programme"),
    )
    municipalities = models.ManyToManyField(
        "sponsorship.Municipality", related_name="+", verbose_name=_("towns")
    )
    # Sorted municipality ids ("3,7,12"): what the one-active-run constraint compares.
    scope_key = models.CharField(_("scope"), max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    # The engine's canonical JSON, kept as text: jsonb would reorder it, and the stored
    # string is the exact input a replay must get.
    snapshot = models.TextField(_("input snapshot"))
    algorithm_version = models.CharField(_("algorithm version"), max_length=20)
    weights = models.JSONField(_("weights used"), default=dict)
    replay_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replays",
        verbose_name=_("replay of"),
    )
    # For a replay: did it reproduce the original's proposals exactly?
    reproduces = models.BooleanField(_("reproduces the original"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    engine_status = models.CharField(_("solver status"), max_length=20, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("proven bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    # household id -> [group id, offer id], with stats and timings: the run's outcome.
    result = models.JSONField(default=dict, blank=True)
    failure_reason = models.TextField(_("reason of failure"), blank=True, max_length=text.REASON)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = MatchingRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "scope_key"],
                condition=Q(status__in=["queued", "running"]),
                name="matching_one_active_run_per_scope",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure_reason=""),
                name="matching_failed_run_has_reason",
            ),
            *text.length_checks(failure_reason=text.REASON),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.programme} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class MatchProposal(models.Model):
    """One household with one sponsor group and one home, from a run or made by hand."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted by coordinator")
        SENT = "sent", _("Sent to the municipality")
        APPROVED = "approved", _("Approved by the municipality")
        REJECTED = "rejected", _("Rejected by the municipality")
        CONFIRMED = "confirmed", _("Confirmed by group and household")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Proposals that hold their household, group and offer.
    OPEN = (Status.PROPOSED, Status.ACCEPTED, Status.SENT, Status.APPROVED, Status.CONFIRMED)
    # What municipal staff see: everything that reached them.
    MUNICIPAL = (Status.SENT, Status.APPROVED, Status.REJECTED, Status.CONFIRMED, Status.DECLINED)

    class Side(models.TextChoices):
        GROUP = "group", _("The group")
        HOUSEHOLD = "household", _("The household")

    run = models.ForeignKey(
        MatchingRun,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("run"),
    )
    programme = models.ForeignKey(
        "sponsorship.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme"),
    )
    household = models.ForeignKey(
        "newcomers.Household",
        on_delete=models.PROTECT,
        related_name="match_proposals",
        verbose_name=_("household"),
    )
    group = models.ForeignKey(
        "groups.SponsorGroup",
        on_delete=models.PROTECT,
        related_name="match_proposals",
        verbose_name=_("sponsor group"),
    )
    offer = models.ForeignKey(
        "housing.HousingOffer",
        on_delete=models.PROTECT,
        related_name="match_proposals",
        verbose_name=_("home"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    score = models.FloatField(_("total score"))
    named = models.BooleanField(_("named by the group"), default=False)
    # [{criterion, score, weight, points, text}], as the engine explains the pairing.
    criteria = models.JSONField(default=list)
    # [{group_id, offer_id, total_score, difference, text}]: pairings that came close.
    alternatives = models.JSONField(default=list, blank=True)
    # Soft criteria that got worse when a coordinator swapped the group or the offer.
    warnings = models.JSONField(default=list, blank=True)
    note = models.TextField(_("coordinator's note"), blank=True, max_length=text.REASON)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent to the municipality"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("reason for rejection"), blank=True, max_length=text.REASON
    )
    allocation = models.OneToOneField(
        "housing.Allocation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="match_proposal",
    )
    group_confirmed_at = models.DateTimeField(_("confirmed by the group"), null=True, blank=True)
    household_confirmed_at = models.DateTimeField(
        _("confirmed by the household"), null=True, blank=True
    )
    declined_by = models.CharField(
        _("declined by"), max_length=12, choices=Side.choices, blank=True
    )
    closing_reason = models.TextField(
        _("reason for declining or withdrawing"), blank=True, max_length=text.REASON
    )
    # Set when the home was withdrawn while this proposal was still open: the coordinator
    # chooses another home or withdraws the proposal (matching.propagation).
    home_withdrawn_at = models.DateTimeField(_("home withdrawn"), null=True, blank=True)

    objects = MatchProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                name="matching_one_open_proposal_per_household",
                condition=Q(status__in=["proposed", "accepted", "sent", "approved", "confirmed"]),
            ),
            models.UniqueConstraint(
                fields=["offer"],
                name="matching_one_open_proposal_per_offer",
                condition=Q(status__in=["proposed", "accepted", "sent", "approved", "confirmed"]),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="matching_rejection_has_reason",
                violation_error_code="matching_rejection_has_reason",
                violation_error_message=_("Give a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "confirmed"]) | Q(allocation__isnull=False),
                name="matching_approved_has_allocation",
            ),
            *text.length_checks(
                note=text.REASON, rejection_reason=text.REASON, closing_reason=text.REASON
            ),
        ]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return _("Proposal #%(pk)s") % {"pk": self.pk}

    @property
    def is_manual(self) -> bool:
        return self.run_id is None

    @property
    def home_is_withdrawn(self) -> bool:
        """Still open while its home was withdrawn: the coordinator must act."""
        open_states = (self.Status.PROPOSED, self.Status.ACCEPTED, self.Status.SENT)
        return self.home_withdrawn_at is not None and self.status in open_states


class UnmatchedHousehold(models.Model):
    """A household a run left without a proposal, with the reasons and what-if hints."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="unmatched")
    household = models.ForeignKey("newcomers.Household", on_delete=models.PROTECT, related_name="+")
    # [{code, text, params}]
    reasons = models.JSONField(default=list)
    what_if = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["run", "household_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "household"], name="matching_unmatched_once_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.household_id}"


class IntroductionMeeting(models.Model):
    """The first meeting of group and household before both confirm, and how it went."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    class Outcome(models.TextChoices):
        WENT_WELL = "went_well", _("Went well")
        CONCERNS = "concerns", _("Went ahead, with concerns")
        DID_NOT_HAPPEN = "did_not_happen", _("Did not take place")

    proposal = models.ForeignKey(MatchProposal, on_delete=models.CASCADE, related_name="meetings")
    planned_at = models.DateTimeField(_("planned for"))
    mode = models.CharField(_("form"), max_length=10, choices=Mode.choices)
    place = models.CharField(_("place or video link"), max_length=250, blank=True)
    moderator = models.CharField(_("moderator"), max_length=150, blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpreter_language = models.CharField(_("interpreter's language"), max_length=8, blank=True)
    outcome = models.CharField(_("how it went"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(_("notes"), blank=True, max_length=text.NOTE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "planned_at"]
        verbose_name = _("introduction meeting")
        verbose_name_plural = _("introduction meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(interpreter_needed=False) | ~Q(interpreter_language=""),
                name="matching_interpreter_has_language",
                violation_error_code="matching_interpreter_has_language",
                violation_error_message=_("Give the interpreter's language."),
            ),
            *text.length_checks(outcome_notes=text.NOTE),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.planned_at:%Y-%m-%d}"


class DeclinedPairing(models.Model):
    """A household-group (and household-home) pairing later runs must never propose.

    DOMAIN: declining has no consequence for either side; it only keeps the pairing out.
    """

    household = models.ForeignKey("newcomers.Household", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("groups.SponsorGroup", on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(
        "housing.HousingOffer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    proposal = models.ForeignKey(
        MatchProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household_id", "group_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "group"], name="matching_declined_pair_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_id} × {self.group_id}"


class NamedPairing(models.Model):
    """In a naming programme: the group that named this household (Canada-style voice)."""

    household = models.OneToOneField(
        "newcomers.Household", on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey("groups.SponsorGroup", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("named pairing")
        verbose_name_plural = _("named pairings")

    def __str__(self) -> str:
        return f"{self.group_id} names {self.household_id}"
