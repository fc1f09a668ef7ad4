"""The curriculum, sessions, enrolments, completions and certificate bundles.

Enrolment states change only through ``training.enrolment``; completions through
``training.completions``. This module holds data and the invariants the database keeps.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sponsorship import text
from sponsorship.vocab import LANGUAGES
from training.querysets import (
    CertificateBundleQuerySet,
    CompletionQuerySet,
    EnrolmentQuerySet,
    TrainingModuleQuerySet,
    TrainingSessionQuerySet,
)


class TrainingModule(models.Model):
    """One module of a programme's curriculum and what the programme requires of it."""

    class Kind(models.TextChoices):
        SESSION = "session", _("Session (in person or online)")
        E_LEARNING = "e_learning", _("E-learning")

    class Scope(models.TextChoices):
        EVERY_MEMBER = "every_member", _("Every member")
        AT_LEAST_N = "at_least_n", _("At least N members of the group")

    programme = models.ForeignKey(
        "sponsorship.Programme",
        on_delete=models.PROTECT,
        related_name="training_modules",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=40)
    # Content in both UI languages; certificates use the member's language.
    name_nl = models.CharField(_("name (Dutch)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    description_nl = models.TextField(_("description (Dutch)"), blank=True, max_length=text.NOTE)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=text.NOTE)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SESSION)
    required = models.BooleanField(_("required before matching"), default=True)
    scope = models.CharField(
        _("required for"), max_length=16, choices=Scope.choices, default=Scope.EVERY_MEMBER
    )
    min_members = models.PositiveSmallIntegerField(
        _("minimum number of members"),
        null=True,
        blank=True,
        help_text=_("Only for “at least N members”."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: a completion never expires."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TrainingModuleQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "order", "code"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="training_module_code_per_programme"
            ),
            models.CheckConstraint(
                condition=(Q(scope="at_least_n") & Q(min_members__gte=1))
                | (Q(scope="every_member") & Q(min_members__isnull=True)),
                name="training_module_scope_has_n",
                violation_error_code="training_module_scope_has_n",
                violation_error_message=_(
                    "“At least N members” needs N (1 or more); “every member” takes none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True) | Q(validity_months__gte=1),
                name="training_module_validity_positive",
                violation_error_code="training_module_validity_positive",
                violation_error_message=_("The validity must be at least one month."),
            ),
            *text.length_checks(description_nl=text.NOTE, description_en=text.NOTE),
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_nl

    def description_in(self, language: str) -> str:
        return self.description_en if language == "en" else self.description_nl

    @property
    def name(self) -> str:
        return self.name_in(translation.get_language() or settings.LANGUAGE_CODE)

    @property
    def description(self) -> str:
        return self.description_in(translation.get_language() or settings.LANGUAGE_CODE)

    @property
    def is_e_learning(self) -> bool:
        return self.kind == self.Kind.E_LEARNING


class TrainingSession(models.Model):
    module = models.ForeignKey(
        TrainingModule, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Empty for an online session open to the whole network.
    municipality = models.ForeignKey(
        "sponsorship.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("town"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    trainer = models.CharField(_("trainer"), max_length=150)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="nl")
    capacity = models.PositiveSmallIntegerField(_("places"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
                violation_error_code="training_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="training_session_capacity_positive",
                violation_error_code="training_session_capacity_positive",
                violation_error_message=_("A session needs at least one place."),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""),
                name="training_session_has_place_or_link",
                violation_error_code="training_session_has_place_or_link",
                violation_error_message=_("Give a place or an online link."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module} {self.starts_at:%Y-%m-%d %H:%M}"


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent")

    # States that take a place in the session (everything but the waiting list and
    # cancellations); the capacity check counts these.
    SEATED = frozenset({Status.ENROLLED, Status.ATTENDED, Status.ABSENT})

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    member = models.ForeignKey(
        "groups.GroupMember",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("member"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Waiting-list order is (created_at, pk): both are assigned while the session row is
    # locked, so they follow the order in which enrolments were accepted.
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=~Q(status="cancelled"),
                name="training_one_active_enrolment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.session}"


class Completion(models.Model):
    """A member completed a module: by attending a session or by a confirmed e-learning.

    Only confirmed completions count for readiness and get a certificate. The holder's
    name is frozen at confirmation so the certificate and its code stay stable.
    """

    class Source(models.TextChoices):
        ATTENDANCE = "attendance", _("Attended a session")
        E_LEARNING = "e_learning", _("E-learning")

    member = models.ForeignKey(
        "groups.GroupMember",
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("member"),
    )
    module = models.ForeignKey(
        TrainingModule,
        on_delete=models.PROTECT,
        related_name="completions",
        verbose_name=_("module"),
    )
    completed_on = models.DateField(_("completed on"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="completion"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    holder_name = models.CharField(_("name on the certificate"), max_length=150, blank=True)
    verification_code = models.CharField(
        _("verification code"), max_length=40, unique=True, null=True, blank=True
    )

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(confirmed_at__isnull=True) & Q(verification_code__isnull=True))
                | (
                    Q(confirmed_at__isnull=False)
                    & Q(verification_code__isnull=False)
                    & ~Q(holder_name="")
                ),
                name="training_completion_confirmed_has_code",
            ),
            models.CheckConstraint(
                condition=~Q(source="attendance") | Q(enrolment__isnull=False),
                name="training_completion_attendance_has_enrolment",
            ),
            # One open e-learning report per member and module at a time.
            models.UniqueConstraint(
                fields=["member", "module"],
                condition=Q(confirmed_at__isnull=True),
                name="training_one_pending_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.module} ({self.completed_on})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class CertificateBundle(models.Model):
    """A zip of a session's certificates, built by a Celery task that reports progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Generating")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="certificate_bundles"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="training/certificates/", blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateBundleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("certificate bundle")
        verbose_name_plural = _("certificate bundles")

    def __str__(self) -> str:
        return f"certificates of {self.session} ({self.status})"

    @property
    def percent(self) -> int:
        return (
            100
            if self.status == self.Status.DONE
            else (int(100 * self.done / self.total) if self.total else 0)
        )

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
