"""What every app shares: organisations, municipalities, programmes, users and roles, audit."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sponsorship.access import ScopedQuerySet


class Country(models.TextChoices):
    NL = "NL", _("Netherlands")
    BE = "BE", _("Belgium")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
        LOCAL_PARTNER = "local_partner", _("Local partner organisation")
        MUNICIPALITY = "municipality", _("Municipality")
        RECEPTION_AGENCY = "reception_agency", _("Reception agency")
        SOCIAL_COUNSELLING = "social_counselling", _("Social counselling service")
        HOUSING_PROVIDER = "housing_provider", _("Housing provider")
        BUSINESS = "business", _("Business")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    municipalities = models.ManyToManyField(
        "Municipality", blank=True, related_name="organisations", verbose_name=_("towns served")
    )
    # DOMAIN: every party names one fixed contact person.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        from sponsorship.access import coordinator_municipality_ids

        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator:
            ids = coordinator_municipality_ids(user)
            return self.all() if ids is None else self.filter(pk__in=ids)
        if user.is_municipal_staff:
            return self.filter(pk=user.municipality_id)
        return self.none()


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(
        _("CBS/NIS code"),
        max_length=12,
        unique=True,
        help_text=_("CBS code (e.g. GM0363) in the Netherlands, NIS code in Belgium."),
    )
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.NL
    )
    province = models.CharField(_("province"), max_length=80, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    takes_resettled_refugees = models.BooleanField(_("takes resettled refugees"), default=False)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="municipality_coordinates_valid",
                violation_error_code="municipality_coordinates_valid",
                violation_error_message=_(
                    "The latitude must be between -90 and 90 and the "
                    "longitude between -180 and 180."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Taakstelling(models.Model):
    """The number of permit holders a municipality must house in a period."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="taakstellingen"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    target = models.PositiveIntegerField(_("target (persons)"))

    class Meta:
        ordering = ["municipality", "-period_start"]
        verbose_name = _("taakstelling")
        verbose_name_plural = _("taakstellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_start"], name="taakstelling_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="taakstelling_period_ordered",
                violation_error_code="taakstelling_period_ordered",
                violation_error_message=_("The period must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.period_start:%Y-%m}: {self.target}"


class Programme(models.Model):
    """A sponsorship programme is configuration, not code (DOMAIN.md: Programme variants)."""

    class Variant(models.TextChoices):
        RESETTLEMENT = "resettlement", _("Resettlement")
        STATUS_HOLDERS = "status_holders", _("Status holders in the country")
        STUDENT = "student", _("Student sponsorship")
        HUMANITARIAN_CORRIDOR = "humanitarian_corridor", _("Humanitarian corridor")
        LABOUR_PATHWAY = "labour_pathway", _("Labour pathway")
        AD_HOC_HOSTING = "ad_hoc_hosting", _("Ad-hoc hosting")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), unique=True)
    variant = models.CharField(_("variant"), max_length=32, choices=Variant.choices)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.NL
    )
    commitment_months = models.PositiveSmallIntegerField(_("commitment (months)"), default=12)
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=5)
    groups_have_financial_duties = models.BooleanField(
        _("groups carry financial duties"),
        default=False,
        help_text=_("E.g. rent deposit and first utilities (Belgium)."),
    )
    groups_may_name_newcomer = models.BooleanField(_("groups may name a newcomer"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(commitment_months__gte=1, commitment_months__lte=36),
                name="programme_commitment_1_to_36_months",
                violation_error_code="programme_commitment_1_to_36_months",
                violation_error_message=_("The commitment must be between 1 and 36 months."),
            ),
            models.CheckConstraint(
                condition=Q(min_group_size__gte=1),
                name="programme_min_group_size_positive",
                violation_error_code="programme_min_group_size_positive",
                violation_error_message=_("A group needs at least one member."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    MUNICIPAL_STAFF = "municipal_staff", _("Municipal staff")
    GROUP_MEMBER = "group_member", _("Sponsor group member")


STAFF_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.MUNICIPAL_STAFF})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("users need an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("role", Role.GROUP_MEMBER)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMINISTRATOR)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in. One role each; scope comes from the role (see access.py)."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # Indexed: staff lookups (access.py, reminder rules, notices) filter on the role over
    # every user, who are mostly group members.
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.GROUP_MEMBER, db_index=True
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("organisation"),
    )
    # Municipal staff work for exactly one municipality.
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("municipality"),
    )
    # A coordinator's scope; empty programmes means every programme.
    scope_municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="coordinators", verbose_name=_("towns")
    )
    scope_programmes = models.ManyToManyField(
        Programme, blank=True, related_name="coordinators", verbose_name=_("programmes")
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="municipal_staff") | Q(municipality__isnull=False),
                name="user_municipal_staff_has_municipality",
                violation_error_code="user_municipal_staff_has_municipality",
                violation_error_message=_("Municipal staff need a municipality."),
            ),
            models.CheckConstraint(
                condition=~Q(role="coordinator") | Q(organisation__isnull=False),
                name="user_coordinator_has_organisation",
                violation_error_code="user_coordinator_has_organisation",
                violation_error_message=_("A coordinator needs an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_municipal_staff(self) -> bool:
        return self.role == Role.MUNICIPAL_STAFF

    @property
    def is_group_member(self) -> bool:
        return self.role == Role.GROUP_MEMBER

    @property
    def needs_mfa(self) -> bool:
        return self.role in STAFF_ROLES


class AuditEventQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator and user.organisation_id:
            return self.filter(actor__organisation_id=user.organisation_id)
        return self.none()


class AuditEvent(models.Model):
    """One row per auditable act. Append-only: a trigger refuses UPDATE and DELETE.

    Holds which fields changed, never their (possibly sensitive) values.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        TRANSITION = "transition", _("state changed")
        VIEW_SENSITIVE = "view_sensitive", _("viewed sensitive data")
        EXPORT = "export", _("exported")
        IMPORT = "import", _("imported")
        LOGIN = "login", _("logged in")
        LOGOUT = "logout", _("logged out")
        LOGIN_FAILED = "login_failed", _("login failed")
        PERMISSION_DENIED = "permission_denied", _("permission denied")
        INVITE = "invite", _("invited")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # PROTECT: a user with history is deactivated, never deleted (the trigger would refuse
    # the SET NULL anyway).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class Invitation(models.Model):
    """An invitation to create an account; there is no open sign-up.

    ``purpose`` and ``payload`` let another app attach meaning (e.g. a group membership);
    that app listens to ``sponsorship.signals.invitation_accepted``.
    """

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("municipality"),
    )
    scope_municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("towns")
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    purpose = models.CharField(max_length=40, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    # The SHA-256 of the link's token, never the token (sponsorship/tokens.py).
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="municipal_staff") | Q(municipality__isnull=False),
                name="invitation_municipal_staff_has_municipality",
                violation_error_code="invitation_municipal_staff_has_municipality",
                violation_error_message=_("Municipal staff need a municipality."),
            ),
            models.CheckConstraint(
                condition=~Q(role="coordinator") | Q(organisation__isnull=False),
                name="invitation_coordinator_has_organisation",
                violation_error_code="invitation_coordinator_has_organisation",
                violation_error_message=_("A coordinator needs an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"


from sponsorship.csp import CspReport  # noqa: E402,F401
from sponsorship.mail import OutgoingMail  # noqa: E402,F401
from sponsorship.notifications import Notification, NotificationPreference  # noqa: E402,F401
from sponsorship.outbox import OutboxTask  # noqa: E402,F401
from sponsorship.statemachine import Transition  # noqa: E402,F401
