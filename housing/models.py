"""Housing: providers, offers (homes) and allocations of offers to households.

Invariants kept by the database: an offer's figures are sane (check constraints), an
offer is never allocated twice for overlapping dates, and a household never holds two
active allocations for overlapping dates (exclusion constraints on ``Allocation``).
State changes go through ``housing.services`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from housing import geo
from sponsorship import text
from sponsorship.access import ScopedQuerySet, coordinator_municipality_ids, scope_filter


def _visible_by_municipality(queryset, user, field: str = "municipality"):
    """Rows of the user's municipalities: admins all, coordinators their towns, municipal
    staff their own municipality, everyone else nothing."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_administrator:
        return queryset.all()
    if user.is_coordinator:
        return queryset.filter(scope_filter(user, field))
    if user.is_municipal_staff:
        return queryset.filter(**{f"{field}_id": user.municipality_id})
    return queryset.none()


class HousingProviderQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return _visible_by_municipality(self, user)


class HousingProvider(models.Model):
    """Who makes a home available. Providers have no login (yet); one contact person each."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        HOUSING_CORPORATION = "housing_corporation", _("Housing corporation")
        PRIVATE_LANDLORD = "private_landlord", _("Private landlord")
        HOST_FAMILY = "host_family", _("Host family")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    municipality = models.ForeignKey(
        "sponsorship.Municipality",
        on_delete=models.PROTECT,
        related_name="housing_providers",
        verbose_name=_("municipality"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # DOMAIN: incentives that persuade landlords to rent to newcomers.
    guarantee_fund = models.BooleanField(_("guarantee or damage fund"), default=False)
    deposit_support = models.BooleanField(_("deposit support"), default=False)
    reduced_rent = models.BooleanField(_("reduced rent"), default=False)
    notes = models.TextField(_("notes"), blank=True, max_length=text.NOTE)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HousingProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("housing provider")
        verbose_name_plural = _("housing providers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="housing_provider_unique_name_per_town"
            ),
            *text.length_checks(notes=text.NOTE),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def incentives(self) -> list[str]:
        flags = [
            ("guarantee_fund", self.guarantee_fund),
            ("deposit_support", self.deposit_support),
            ("reduced_rent", self.reduced_rent),
        ]
        return [str(self._meta.get_field(name).verbose_name) for name, on in flags if on]


class HousingOfferQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return _visible_by_municipality(self, user)

    def available_on(self, day):
        """Offers whose availability window contains ``day``."""
        return self.filter(
            Q(available_until__isnull=True) | Q(available_until__gte=day), available_from__lte=day
        )


class HousingOffer(models.Model):
    """A home (or a room with a host family) offered for newcomers."""

    class Kind(models.TextChoices):
        INTERMEDIATE = "intermediate", _("Intermediate home")
        PERMANENT = "permanent", _("Permanent home")
        HOST_FAMILY = "host_family", _("Room with a host family")

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        OFFERED = "offered", _("Offered")
        RESERVED = "reserved", _("Reserved")
        ALLOCATED = "allocated", _("Allocated")
        OCCUPIED = "occupied", _("Occupied")
        RELEASED = "released", _("Released")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Furnishing(models.TextChoices):
        UNFURNISHED = "unfurnished", _("Unfurnished")
        CAMP_READY = "camp_ready", _("Camp-ready (basic furniture)")
        FURNISHED = "furnished", _("Furnished")

    # Once a household is (about to be) living there, coordinators may see the address.
    ADDRESS_OPEN_STATUSES = frozenset({Status.ALLOCATED, Status.OCCUPIED})

    municipality = models.ForeignKey(
        "sponsorship.Municipality",
        on_delete=models.PROTECT,
        related_name="housing_offers",
        verbose_name=_("municipality"),
    )
    provider = models.ForeignKey(
        HousingProvider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("provider"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROSPECT, db_index=True
    )
    neighbourhood = models.CharField(_("neighbourhood"), max_length=120, blank=True)
    # Restricted: see may_see_address.
    address = models.CharField(_("full address"), max_length=250, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, blank=True)
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"))
    max_occupants = models.PositiveSmallIntegerField(_("maximum occupants"))
    step_free = models.BooleanField(_("step-free access"), default=False)
    ground_floor = models.BooleanField(_("ground floor"), default=False)
    rent = models.DecimalField(_("rent per month"), max_digits=8, decimal_places=2)
    service_costs = models.DecimalField(
        _("service costs per month"), max_digits=8, decimal_places=2, default=0
    )
    deposit = models.DecimalField(_("deposit"), max_digits=8, decimal_places=2, default=0)
    furnishing = models.CharField(
        _("furnishing"), max_length=16, choices=Furnishing.choices, default=Furnishing.UNFURNISHED
    )
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(
        _("available until"), null=True, blank=True, help_text=_("Leave empty when open-ended.")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=text.NOTE)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reserved by"),
    )
    reserved_at = models.DateTimeField(_("reserved at"), null=True, blank=True)
    reservation_note = models.CharField(_("reservation note"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HousingOfferQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "available_from", "pk"]
        verbose_name = _("housing offer")
        verbose_name_plural = _("housing offers")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_occupants__gte=1),
                name="housing_offer_occupants_positive",
                violation_error_code="housing_offer_occupants_positive",
                violation_error_message=_("A home has room for at least one person."),
            ),
            models.CheckConstraint(
                condition=Q(rent__gte=0, service_costs__gte=0, deposit__gte=0),
                name="housing_offer_costs_not_negative",
                violation_error_code="housing_offer_costs_not_negative",
                violation_error_message=_("Rent, service costs and deposit cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_until__gt=F("available_from")),
                name="housing_offer_availability_ordered",
                violation_error_code="housing_offer_availability_ordered",
                violation_error_message=_("The end of availability must come after its start."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="housing_offer_coordinates_valid",
                violation_error_code="housing_offer_coordinates_valid",
                violation_error_message=_(
                    "The latitude must be between -90 and 90 and the "
                    "longitude between -180 and 180."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="reserved") | Q(reserved_at__isnull=False),
                name="housing_offer_reservation_has_time",
                violation_error_code="housing_offer_reservation_has_time",
                violation_error_message=_("A reserved home needs the time of its reservation."),
            ),
            *text.length_checks(notes=text.NOTE),
        ]

    def __str__(self) -> str:
        place = self.neighbourhood or str(self.municipality)
        return f"{self.get_kind_display()} · {place} (#{self.pk})"

    def save(self, *args, **kwargs):
        # Offline default: the municipality's coordinates nudged by neighbourhood.
        if self.latitude is None or self.longitude is None:
            self.latitude, self.longitude = geo.place_for(self.municipality, self.neighbourhood)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "latitude", "longitude"}
        super().save(*args, **kwargs)

    @property
    def monthly_costs(self):
        return self.rent + self.service_costs

    def distance_km(self, latitude, longitude) -> float:
        return geo.distance_km(self.latitude, self.longitude, latitude, longitude)

    def may_see_address(self, user) -> bool:
        """The one rule for the full address.

        Municipal staff of the offer's municipality and administrators always; a
        coordinator whose towns include it only once an allocation is approved (status
        allocated or occupied); nobody else.
        """
        if not user.is_authenticated:
            return False
        if user.is_administrator:
            return True
        if user.is_municipal_staff:
            return user.municipality_id == self.municipality_id
        if user.is_coordinator and self.status in self.ADDRESS_OPEN_STATUSES:
            towns = coordinator_municipality_ids(user)  # cached on the user: no query per row
            return towns is None or self.municipality_id in towns
        return False


class AllocationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return _visible_by_municipality(self, user, "offer__municipality")

    def holding(self):
        """Allocations that occupy their period: not cancelled."""
        return self.exclude(status=Allocation.Status.CANCELLED)


class Allocation(models.Model):
    """An offer given to a household for a period ``[start, end)``; end empty = open-ended.

    The end is the move-out day: the next household may move in that same day.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    offer = models.ForeignKey(
        HousingOffer, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("offer")
    )
    household = models.ForeignKey(
        "newcomers.Household",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("household"),
    )
    period = DateRangeField(_("period"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    moved_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moved_to",
        verbose_name=_("moved from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AllocationQuerySet.as_manager()

    class Meta:
        ordering = ["offer", "period"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            # The database refuses double booking, whatever the application does. Ended
            # allocations keep blocking their (closed) period: they are history that a
            # back-dated allocation must not contradict. Only cancelled ones free it.
            ExclusionConstraint(
                name="allocation_no_overlap_per_offer",
                expressions=[("offer", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
                condition=~Q(status="cancelled"),
                violation_error_code="double_booking",
                violation_error_message=_(
                    "This home is already allocated for (part of) these dates."
                ),
            ),
            # A household lives in one home at a time: two active allocations of one
            # household may follow each other (the next home booked), never overlap. An
            # open end overlaps everything after its start. Moving on is one operation
            # (services.move_household) that ends the old allocation before the new one.
            ExclusionConstraint(
                name="allocation_one_home_per_household",
                expressions=[
                    ("household", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
                condition=Q(status="active"),
                violation_error_code="household_has_home",
                violation_error_message=_(
                    "This household already has a home for (part of) these dates. End that "
                    "allocation first, or move the household to its new home."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period__startswith__isnull=False) & Q(period__isempty=False),
                name="allocation_period_has_start",
                violation_error_code="allocation_period_has_start",
                violation_error_message=_("Give the move-in date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} → {self.household_id} {self.start}–{self.end or ''}"

    @property
    def start(self):
        return self.period.lower

    @property
    def end(self):
        return self.period.upper
