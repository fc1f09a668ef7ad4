"""Home-page panels: what needs a coordinator's attention."""

from newcomers.models import Household


def attention_panel(request):
    """Withdrawn households still waiting for alternative support, and counts by state."""
    visible = Household.objects.visible_to(request.user)
    waiting = list(visible.filter(needs_alternative_support=True).order_by("updated_at")[:10])
    return {
        "waiting": waiting,
        "open": visible.exclude(
            status__in=[Household.Status.COMPLETED, Household.Status.WITHDRAWN]
        ).count(),
    }


def profiles_panel(request):
    from newcomers.models import AnonymousProfile

    count = AnonymousProfile.objects.visible_to(request.user).filter(published=True).count()
    return {"count": count}
