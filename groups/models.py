"""Sponsor groups, their members, the intake, membership changes and application drafts.

States change only through ``groups.services``; this module holds data and invariants.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from groups.querysets import GroupMemberQuerySet, MembershipChangeQuerySet, SponsorGroupQuerySet
from sponsorship import text
from sponsorship.vocab import Vulnerability


class SponsorGroup(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        INTAKE_PLANNED = "intake_planned", _("Intake planned")
        INTAKE_HELD = "intake_held", _("Intake held")
        APPROVED = "approved", _("Approved")
        IN_TRAINING = "in_training", _("In training")
        READY_FOR_MATCHING = "ready_for_matching", _("Ready for matching")
        MATCHED = "matched", _("Matched")
        ACTIVE = "active", _("Active (newcomer arrived)")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")

    CLOSED_STATES = frozenset({Status.COMPLETED, Status.WITHDRAWN, Status.REJECTED})
    OPEN_STATES = frozenset(set(Status) - CLOSED_STATES)
    # From approval on, members have accounts and the group works in the portal.
    APPROVED_STATES = frozenset(
        {
            Status.APPROVED,
            Status.IN_TRAINING,
            Status.READY_FOR_MATCHING,
            Status.MATCHED,
            Status.ACTIVE,
            Status.COMPLETED,
        }
    )
    # "Training complete" in filters: the group passed the readiness check.
    TRAINED_STATES = frozenset(
        {Status.READY_FOR_MATCHING, Status.MATCHED, Status.ACTIVE, Status.COMPLETED}
    )

    programme = models.ForeignKey(
        "sponsorship.Programme",
        on_delete=models.PROTECT,
        related_name="sponsor_groups",
        verbose_name=_("programme"),
    )
    municipality = models.ForeignKey(
        "sponsorship.Municipality",
        on_delete=models.PROTECT,
        related_name="sponsor_groups",
        verbose_name=_("town"),
    )
    name = models.CharField(_("group name"), max_length=120)
    neighbourhood = models.CharField(_("neighbourhood or postcode area"), max_length=120)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    interests = ArrayField(
        models.CharField(max_length=60),
        default=list,
        blank=True,
        verbose_name=_("shared interests"),
    )
    motivation = models.TextField(_("motivation"), max_length=text.NOTE)
    max_household_size = models.PositiveSmallIntegerField(_("largest household size"))
    supported_vulnerabilities = ArrayField(
        models.CharField(max_length=32, choices=Vulnerability.choices),
        default=list,
        blank=True,
        verbose_name=_("vulnerabilities the group can support"),
    )
    # Union of the active members' language codes, kept by services.refresh_languages so
    # lists can filter on it without joining members.
    languages = ArrayField(
        models.CharField(max_length=8), default=list, blank=True, verbose_name=_("languages spoken")
    )
    accepts_financial_duties = models.BooleanField(_("accepts the financial duties"), default=False)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )
    closing_reason = models.TextField(
        _("reason for withdrawal or rejection"), blank=True, max_length=text.REASON
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SponsorGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sponsor group")
        verbose_name_plural = _("sponsor groups")
        indexes = [models.Index(fields=["municipality", "programme", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_household_size__gte=1, max_household_size__lte=20),
                name="group_household_size_1_to_20",
                violation_error_code="group_household_size_1_to_20",
                violation_error_message=_("The largest household size must be between 1 and 20."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["withdrawn", "rejected"]) | ~Q(closing_reason=""),
                name="group_closing_needs_reason",
                violation_error_code="group_closing_needs_reason",
                violation_error_message=_("Give a reason."),
            ),
            *text.length_checks(motivation=text.NOTE, closing_reason=text.REASON),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    def get_vulnerabilities_display(self) -> list[str]:
        labels = dict(Vulnerability.choices)
        return [str(labels.get(code, code)) for code in self.supported_vulnerabilities]


class GroupMember(models.Model):
    class Flexibility(models.TextChoices):
        NONE = "none", _("Not available on weekdays during the day")
        SOME = "some", _("Sometimes available on weekdays during the day")
        FLEXIBLE = "flexible", _("Often available on weekdays during the day")

    group = models.ForeignKey(
        SponsorGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_memberships",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40)
    # {"nl": "native", "ar": "basic"}: ISO codes (sponsorship.vocab.LANGUAGES) -> LanguageLevel.
    languages = models.JSONField(_("languages"), default=dict, blank=True)
    professional_sector = models.CharField(_("professional sector"), max_length=120, blank=True)
    network = models.TextField(
        _("social and professional network"), blank=True, max_length=text.DESCRIPTION
    )
    experience_vulnerable_groups = models.TextField(
        _("experience with vulnerable groups"), blank=True, max_length=text.DESCRIPTION
    )
    cultural_familiarity = models.TextField(
        _("cultural or religious familiarity"), blank=True, max_length=text.DESCRIPTION
    )
    daytime_flexibility = models.CharField(
        _("weekday daytime flexibility"),
        max_length=12,
        choices=Flexibility.choices,
        default=Flexibility.SOME,
    )
    is_contact = models.BooleanField(_("contact member"), default=False)
    # DOMAIN: status and dates only; the documents themselves are never stored here.
    declaration_signed_on = models.DateField(
        _("participant declaration signed"), null=True, blank=True
    )
    vog_issued_on = models.DateField(_("certificate of conduct (VOG) dated"), null=True, blank=True)
    vog_received_on = models.DateField(
        _("certificate of conduct (VOG) received"), null=True, blank=True
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    left_on = models.DateField(_("left the group"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-is_contact", "name"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(is_contact=True, active=True),
                name="group_one_active_contact",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "group",
                condition=Q(active=True),
                name="group_member_email_once_per_group",
            ),
            models.CheckConstraint(
                condition=Q(vog_issued_on__isnull=True)
                | Q(vog_received_on__isnull=True)
                | Q(vog_issued_on__lte=models.F("vog_received_on")),
                name="group_member_vog_dates_ordered",
                violation_error_code="group_member_vog_dates_ordered",
                violation_error_message=_("The VOG cannot be received before its date."),
            ),
            *text.length_checks(
                network=text.DESCRIPTION,
                experience_vulnerable_groups=text.DESCRIPTION,
                cultural_familiarity=text.DESCRIPTION,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_declaration(self) -> bool:
        return self.declaration_signed_on is not None

    @property
    def has_vog(self) -> bool:
        return self.vog_received_on is not None and self.vog_issued_on is not None

    def language_list(self) -> list[tuple[str, str]]:
        """(language name, level label) pairs for display."""
        from sponsorship.vocab import LanguageLevel, language_name

        levels = dict(LanguageLevel.choices)
        return [
            (language_name(code), str(levels.get(level, level)))
            for code, level in self.languages.items()
        ]


class Intake(models.Model):
    """The intake interview with a group; its notes are for coordinators only."""

    class Outcome(models.TextChoices):
        POSITIVE = "positive", _("Positive: proceed")
        DOUBTS = "doubts", _("Proceed with points of attention")
        NEGATIVE = "negative", _("Negative: do not proceed")

    group = models.OneToOneField(
        SponsorGroup, on_delete=models.CASCADE, related_name="intake", verbose_name=_("group")
    )
    planned_at = models.DateTimeField(_("planned for"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes_motivation = models.TextField(
        _("motivation and expectations"), blank=True, max_length=text.NOTE
    )
    notes_capacity = models.TextField(
        _("capacity and availability"), blank=True, max_length=text.NOTE
    )
    notes_group_dynamics = models.TextField(_("group dynamics"), blank=True, max_length=text.NOTE)
    notes_attention_points = models.TextField(
        _("points of attention"), blank=True, max_length=text.NOTE
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)

    NOTE_FIELDS = (
        "notes_motivation",
        "notes_capacity",
        "notes_group_dynamics",
        "notes_attention_points",
    )

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | ~Q(outcome=""),
                name="intake_held_has_outcome",
                violation_error_code="intake_held_has_outcome",
                violation_error_message=_("Choose an outcome."),
            ),
            *text.length_checks(
                notes_motivation=text.NOTE,
                notes_capacity=text.NOTE,
                notes_group_dynamics=text.NOTE,
                notes_attention_points=text.NOTE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.planned_at:%Y-%m-%d}"


class MembershipChange(models.Model):
    """A contact member's proposal to add or remove a member; a coordinator decides."""

    class Kind(models.TextChoices):
        ADD = "add", _("Add member")
        REMOVE = "remove", _("Remove member")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(
        SponsorGroup, on_delete=models.CASCADE, related_name="membership_changes"
    )
    kind = models.CharField(_("change"), max_length=8, choices=Kind.choices)
    member = models.ForeignKey(
        GroupMember,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=text.REASON)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="add") & ~Q(email="") & ~Q(name=""))
                | (Q(kind="remove") & Q(member__isnull=False)),
                name="membership_change_complete",
                violation_error_code="membership_change_complete",
                violation_error_message=_(
                    "An addition needs a name and an e-mail address; a removal needs the member."
                ),
            ),
            *text.length_checks(reason=text.REASON),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name or self.member}"


class ApplicationDraft(models.Model):
    """A half-filled public application, resumable through its secret token.

    Holds personal data of people without an account, so it expires
    (services.purge_expired_drafts) and is deleted on submission. It keeps the SHA-256 of
    the token, never the token (sponsorship/tokens.py).
    """

    token_hash = models.CharField(max_length=64, unique=True)
    programme = models.ForeignKey(
        "sponsorship.Programme", on_delete=models.CASCADE, related_name="+"
    )
    municipality = models.ForeignKey(
        "sponsorship.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField()
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")

    def __str__(self) -> str:
        return f"draft {self.pk} ({self.municipality})"
