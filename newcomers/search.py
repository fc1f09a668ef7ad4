"""What the header search finds of households: the pseudonym or the reference, nothing
else (never a real name or a sensitive field), scoped like the household list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newcomers.models import Household
from sponsorship import search


def _may(user) -> bool:
    return user.has_perm("newcomers.manage_household")


def _households(user, terms):
    qs = Household.objects.visible_to(user).select_related("municipality")
    return search.matching(qs, terms, "pseudonym", "reference")


def _hit(household, user):
    return search.Hit(
        title=f"{household.pseudonym} ({household.reference})",
        url=reverse("newcomers:household_detail", args=[household.pk]),
        detail=f"{household.municipality.name} · {household.get_status_display()}",
    )


def _list(q):
    return f"{reverse('newcomers:household_list')}?{urlencode({'q': q})}"


search.register(
    search.Provider(
        key="households",
        label=_("Households"),
        order=20,
        may_search=_may,
        find=_households,
        hit=_hit,
        more_url=_list,
    )
)
