"""What the header search finds of housing offers: neighbourhood and town for everyone
who sees the offer, the full address only where ``may_see_address`` would show it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.search import towns_matching
from housing.models import HousingOffer
from sponsorship import search


def _may(user) -> bool:
    return user.has_perm("housing.view_offers")


def address_searchable(user) -> Q:
    """The rows ``HousingOffer.may_see_address`` opens to ``user``, as a filter (on top of
    visible_to, which already keeps coordinators and municipal staff to their towns):
    matching an address the user may not read would reveal it letter by letter."""
    if user.is_administrator or user.is_municipal_staff:
        return Q()
    if user.is_coordinator:
        return Q(status__in=HousingOffer.ADDRESS_OPEN_STATUSES)
    return Q(pk__in=[])


def offers_matching(queryset, user, terms):
    """``queryset`` narrowed to the offers the terms find (the list's ``q`` filter too)."""
    queryset = queryset.annotate(_address=search.vector("address"))
    also = Q(municipality__in=towns_matching(terms)) | (
        Q(_address=terms.query) & address_searchable(user)
    )
    return search.matching(queryset, terms, "neighbourhood", also=also)


def _offers(user, terms):
    qs = HousingOffer.objects.visible_to(user).select_related("municipality")
    return offers_matching(qs, user, terms)


def _hit(offer, user):
    detail = [offer.municipality.name, offer.get_status_display()]
    if offer.address and offer.may_see_address(user):
        detail.insert(0, offer.address)
    return search.Hit(
        title=str(offer),
        url=reverse("housing:offer_detail", args=[offer.pk]),
        detail=" · ".join(detail),
    )


def _list(q):
    return f"{reverse('housing:offer_list')}?{urlencode({'q': q})}"


search.register(
    search.Provider(
        key="offers",
        label=_("Housing offers"),
        order=30,
        may_search=_may,
        find=_offers,
        hit=_hit,
        more_url=_list,
    )
)
