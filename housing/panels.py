"""Home-page panels: the municipal register in brief, and offers open to coordinators."""

from django.utils import timezone

from housing import register
from housing.models import HousingOffer


def register_panel(request):
    municipality = request.user.municipality
    if municipality is None:
        return None
    today = timezone.localdate()
    taakstelling = register.current_taakstelling(municipality, today)
    housed = None
    if taakstelling:
        housed = register.housed_in_period(
            municipality, taakstelling.period_start, taakstelling.period_end
        )[1]
    counts = {status: n for status, _label, n in register.offers_by_status(municipality)}
    return {
        "taakstelling": taakstelling,
        "housed_persons": housed,
        "offered": counts[HousingOffer.Status.OFFERED],
        "reserved": counts[HousingOffer.Status.RESERVED],
    }


def available_panel(request):
    offers = HousingOffer.objects.visible_to(request.user)
    return {
        "offered": offers.filter(status=HousingOffer.Status.OFFERED).count(),
        "reserved_by_me": offers.filter(
            status=HousingOffer.Status.RESERVED, reserved_by=request.user
        ).count(),
    }
