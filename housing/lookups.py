"""One helper per object kind: the object the user may touch, or 403 (role) / 404 (scope)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from housing.models import Allocation, HousingOffer
from sponsorship.access import get_visible_or_404


def _require_housing_role(user) -> None:
    # Group members have no housing pages at all: 403, not an audited 404 per object.
    if not user.has_perm("housing.view_offers"):
        raise PermissionDenied


def get_offer_for_user(user, pk: int) -> HousingOffer:
    _require_housing_role(user)
    offers = HousingOffer.objects.select_related("municipality", "provider", "reserved_by")
    return get_visible_or_404(offers, user, pk=pk)


def get_allocation_for_user(user, pk: int) -> Allocation:
    _require_housing_role(user)
    allocations = Allocation.objects.select_related("offer", "offer__municipality", "household")
    return get_visible_or_404(allocations, user, pk=pk)
