"""The municipal housing register page."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone

from housing import register
from sponsorship.access import get_visible_or_404
from sponsorship.input_guard import parse_int
from sponsorship.models import Municipality


def _municipality_for(request):
    """Municipal staff: their own. Administrators: ``?municipality=<id>`` or the first."""
    user = request.user
    if user.is_municipal_staff:
        return user.municipality
    chosen = parse_int(request.GET.get("municipality", ""))
    if chosen is not None:
        return get_visible_or_404(Municipality, user, pk=chosen)
    return Municipality.objects.visible_to(user).first()


@permission_required("housing.view_register", raise_exception=True)
def register_view(request):
    municipality = _municipality_for(request)
    data = (
        register.build(request.user, municipality, timezone.localdate()) if municipality else None
    )
    towns = Municipality.objects.visible_to(request.user) if request.user.is_administrator else None
    return render(
        request,
        "housing/register.html",
        {"register": data, "municipality": municipality, "towns": towns},
    )
