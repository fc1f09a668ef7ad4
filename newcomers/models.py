"""Newcomer households: a pseudonymous record, a restricted identity, consent and agency.

Sensitive fields are marked with ``sensitive(...)`` (see sensitivity.py); that marker is
the single declaration every form, page, export and admin screen follows.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newcomers.choices import (
    COUNTRIES,
    AgeBand,
    InformationTopic,
    Interest,
    Relation,
    StudyGoal,
    WorkSector,
)
from newcomers.sensitivity import sensitive
from sponsorship import text
from sponsorship.access import ScopedQuerySet, scope_filter
from sponsorship.models import Municipality, Programme
from sponsorship.vocab import LANGUAGES, LanguageLevel, Vulnerability

# Append-only history: the database itself refuses to rewrite or delete it.
APPEND_ONLY = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


class HouseholdQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator:
            return self.filter(scope_filter(user, "municipality", "programme"))
        if user.is_municipal_staff:
            # Only households whose match was sent to this municipality for approval.
            from django.apps import apps

            proposals = apps.get_model("matching", "MatchProposal").objects.filter(
                offer__municipality_id=user.municipality_id, sent_at__isnull=False
            )
            return self.filter(
                pk__in=proposals.values("household_id"), status__in=Household.MUNICIPAL_STATUSES
            )
        return self.none()

    def with_member_count(self):
        return self.annotate(member_count=models.Count("members", distinct=True))


class Household(models.Model):
    """A newcomer household, known by a pseudonym wherever a real name is not needed."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        PRE_SELECTED = "pre_selected", _("Pre-selected")
        INFORMED = "informed", _("Informed")
        CONSENTED = "consented", _("Consented")
        INTAKE_HELD = "intake_held", _("Intake held")
        MATCHED = "matched", _("Matched")
        APPROVED = "approved", _("Approved by municipality")
        ARRIVED = "arrived", _("Arrived")
        IN_SPONSORSHIP = "in_sponsorship", _("In sponsorship")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    MUNICIPAL_STATUSES = (
        Status.MATCHED,
        Status.APPROVED,
        Status.ARRIVED,
        Status.IN_SPONSORSHIP,
        Status.COMPLETED,
    )

    reference = models.CharField(_("reference"), max_length=24, unique=True)
    pseudonym = models.CharField(
        _("pseudonym"), max_length=80, help_text=_("Used everywhere a real name is not needed.")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="households", verbose_name=_("programme")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("municipality"),
        help_text=_("Assigned, or preferred until assigned."),
    )
    municipality_assigned = models.BooleanField(_("municipality assigned"), default=False)
    acceptable_municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="acceptable_for_households",
        verbose_name=_("acceptable towns"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED, db_index=True
    )
    country_of_stay = models.CharField(_("country of stay"), max_length=2, choices=COUNTRIES)
    nationality = sensitive(
        models.CharField(_("nationality"), max_length=2, choices=COUNTRIES, blank=True)
    )
    expected_arrival = models.DateField(_("expected arrival"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGES),
        default=list,
        blank=True,
        verbose_name=_("languages"),
    )
    # {language code: LanguageLevel}; keys are exactly ``languages`` (checked in clean).
    language_levels = models.JSONField(_("language levels"), default=dict, blank=True)
    interests = ArrayField(
        models.CharField(max_length=24, choices=Interest.choices),
        default=list,
        blank=True,
        verbose_name=_("interests"),
    )
    study_goal = models.CharField(
        _("study goal"), max_length=16, choices=StudyGoal.choices, blank=True
    )
    work_sector = models.CharField(
        _("work sector"), max_length=16, choices=WorkSector.choices, blank=True
    )
    priorities = models.TextField(
        _("priorities and expectations"),
        blank=True,
        max_length=text.NOTE,
        help_text=_("In the household's own words."),
    )
    needs_step_free = models.BooleanField(_("needs step-free access"), default=False)
    needs_ground_floor = models.BooleanField(_("needs a ground floor"), default=False)
    accessibility_notes = sensitive(
        models.TextField(_("accessibility notes"), blank=True, max_length=text.NOTE)
    )
    vulnerabilities = sensitive(
        ArrayField(
            models.CharField(max_length=32, choices=Vulnerability.choices),
            default=list,
            blank=True,
            verbose_name=_("vulnerabilities"),
        )
    )
    vulnerability_notes = sensitive(
        models.TextField(_("vulnerability notes"), blank=True, max_length=text.NOTE)
    )
    # DOMAIN: religion and culture only with explicit consent, only for matching on
    # familiarity. The database refuses a background without that consent.
    background_consent = models.BooleanField(
        _("consent to record religious or cultural background"), default=False
    )
    religion = sensitive(models.CharField(_("religious background"), max_length=80, blank=True))
    cultural_background = sensitive(
        models.CharField(_("cultural background"), max_length=120, blank=True)
    )
    intake_held_on = models.DateField(_("intake held on"), null=True, blank=True)
    intake_interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("intake interviewer"),
    )
    intake_notes = sensitive(models.TextField(_("intake notes"), blank=True, max_length=text.NOTE))
    needs_alternative_support = models.BooleanField(
        _("alternative support needed"),
        default=False,
        help_text=_("Set on withdrawal; cleared when alternative support is arranged."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.CheckConstraint(
                condition=Q(background_consent=True) | (Q(religion="") & Q(cultural_background="")),
                name="household_background_needs_consent",
                violation_error_code="household_background_needs_consent",
                violation_error_message=_(
                    "Religious or cultural background is stored only with explicit consent."
                ),
            ),
            models.CheckConstraint(
                condition=Q(arrival_date__isnull=True)
                | Q(status__in=["arrived", "in_sponsorship", "completed", "withdrawn"]),
                name="household_arrival_date_only_after_arrival",
                violation_error_code="household_arrival_date_only_after_arrival",
                violation_error_message=_(
                    "An arrival date is recorded only once the household has arrived."
                ),
            ),
            *text.length_checks(
                priorities=text.NOTE,
                accessibility_notes=text.NOTE,
                vulnerability_notes=text.NOTE,
                intake_notes=text.NOTE,
            ),
        ]
        indexes = [models.Index(fields=["programme", "municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.reference})"

    @property
    def size(self) -> int:
        """Number of members; uses the ``member_count`` annotation or prefetched members."""
        if hasattr(self, "member_count"):
            return self.member_count
        return len(self.members.all())

    def language_items(self) -> list[tuple[str, str]]:
        return [(code, self.language_levels.get(code, "")) for code in self.languages]

    def clean(self):
        from django.core.exceptions import ValidationError

        # clean() runs even when a field failed its own validation and is None here.
        levels, languages = self.language_levels or {}, self.languages or []
        unknown = set(levels) - set(languages)
        bad = {v for v in levels.values() if v not in LanguageLevel.values}
        if unknown or bad:
            raise ValidationError({"language_levels": _("Give a known level per language.")})
        if not self.background_consent and (self.religion or self.cultural_background):
            raise ValidationError(
                {
                    "background_consent": _(
                        "Religious or cultural background is stored only with explicit consent."
                    )
                }
            )


class HouseholdMember(models.Model):
    """A household member, by age band and relation only: no names here."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)

    class Meta:
        ordering = ["household", "pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relation="principal"),
                name="household_one_principal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} ({self.get_age_band_display()})"


class HouseholdIdentity(models.Model):
    """Real names and contact details: a separate model, every field sensitive."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="identity")
    family_name = sensitive(models.CharField(_("family name"), max_length=120))
    given_names = sensitive(models.CharField(_("given names"), max_length=200))
    name_native_script = sensitive(
        models.CharField(_("name in native script"), max_length=200, blank=True)
    )
    other_members = sensitive(
        models.TextField(_("names of the other members"), blank=True, max_length=text.DESCRIPTION)
    )
    phone = sensitive(models.CharField(_("phone"), max_length=40, blank=True))
    email = sensitive(models.EmailField(_("e-mail"), blank=True))
    address = sensitive(
        models.TextField(_("address in the country of stay"), blank=True, max_length=text.ADDRESS)
    )
    unhcr_case_number = sensitive(
        models.CharField(_("UNHCR case number"), max_length=40, blank=True)
    )

    class Meta:
        verbose_name = _("household identity")
        verbose_name_plural = _("household identities")
        constraints = text.length_checks(other_members=text.DESCRIPTION, address=text.ADDRESS)

    def __str__(self) -> str:
        return str(_("Identity of %(household)s") % {"household": self.household_id})


class CaseAccessQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CaseAccess(models.Model):
    """An explicit grant to see one household's sensitive data; revoked, never deleted."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="case_accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_accesses"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = CaseAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("case access")
        verbose_name_plural = _("case accesses")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "user"],
                condition=Q(revoked_at__isnull=True),
                name="case_access_one_active_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.household_id}"


class InformationSession(models.Model):
    """Who informed the household, when, in which language, and what it covered."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="information_sessions"
    )
    informed_by = models.CharField(
        _("informed by"), max_length=200, help_text=_("Name and organisation (e.g. UNHCR, COA).")
    )
    informed_on = models.DateField(_("informed on"))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    topics = ArrayField(
        models.CharField(max_length=24, choices=InformationTopic.choices),
        verbose_name=_("information covered"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "recorded_at", "pk"]
        triggers = APPEND_ONLY

    def __str__(self) -> str:
        return f"{self.informed_on} ({self.get_language_display()})"

    def topic_labels(self) -> list[str]:
        labels = dict(InformationTopic.choices)
        return [str(labels.get(code, code)) for code in self.topics]


class Consent(models.Model):
    """Consent given after information. Withdrawal is a later ``Withdrawal`` row, so
    history is never rewritten; the active consent is the newest event (see services)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    information = models.ForeignKey(
        InformationSession, on_delete=models.PROTECT, related_name="consents"
    )
    participate = models.BooleanField(_("consents to participate"))
    processing = models.BooleanField(_("consents to the processing of their data"))
    share_profile = models.BooleanField(_("consents to share the anonymous profile with groups"))
    given_on = models.DateField(_("consent given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "recorded_at", "pk"]
        triggers = APPEND_ONLY
        constraints = [
            models.CheckConstraint(
                condition=Q(participate=True) & Q(processing=True),
                name="consent_covers_participation_and_processing",
                violation_error_code="consent_covers_participation_and_processing",
                violation_error_message=_(
                    "Consent must cover both participation and the processing of data."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.given_on}"


class Withdrawal(models.Model):
    """The household stopped. Never deletes history; only the programme is affected."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="withdrawals")
    withdrawn_on = models.DateField(_("withdrawn on"))
    from_status = models.CharField(max_length=20, choices=Household.Status.choices)
    reason = sensitive(models.TextField(_("reason (optional)"), blank=True, max_length=text.REASON))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "recorded_at", "pk"]
        triggers = APPEND_ONLY
        constraints = text.length_checks(reason=text.REASON)

    def __str__(self) -> str:
        return f"withdrawn {self.withdrawn_on}"


class AnonymousProfileQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator or user.is_coordinator:
            return self.filter(household__in=Household.objects.visible_to(user))
        if user.is_group_member:
            return self.filter(published=True, household__status__in=AnonymousProfile.OPEN)
        return self.none()


class AnonymousProfile(models.Model):
    """The general profile groups see: generated from the record, published after review.

    ``content`` holds only what ``newcomers.profile.build`` emits (codes, age bands,
    counts); it is regenerated on publication, so what groups see is what was reviewed.
    """

    OPEN = (Household.Status.CONSENTED, Household.Status.INTAKE_HELD)

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="anonymous_profile"
    )
    code = models.CharField(_("profile code"), max_length=12, unique=True)
    content = models.JSONField(default=dict)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AnonymousProfileQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("anonymous profile")
        verbose_name_plural = _("anonymous profiles")

    def __str__(self) -> str:
        return self.code


class ProfileInterest(models.Model):
    """A group says it is interested in an anonymous profile (a signal for matching)."""

    profile = models.ForeignKey(
        AnonymousProfile, on_delete=models.CASCADE, related_name="interests"
    )
    group = models.ForeignKey(
        "groups.SponsorGroup", on_delete=models.CASCADE, related_name="profile_interests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The household's side of the voice: after hearing about the interested groups (from
    # their anonymous group descriptions), the household may say it prefers this one.
    preferred_by_household = models.BooleanField(_("preferred by the household"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interest in a profile")
        verbose_name_plural = _("interests in profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "group"], name="profile_interest_once_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_id} → {self.profile_id}"
