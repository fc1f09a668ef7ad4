"""Home-page panels of the shared package."""

from sponsorship.models import Municipality


def scope_panel(request):
    towns = Municipality.objects.visible_to(request.user)
    return {"towns": list(towns.values_list("name", flat=True)[:12]), "count": towns.count()}
