import django_filters
from django.utils.translation import gettext_lazy as _

from housing.models import HousingOffer, HousingProvider
from housing.search import offers_matching
from sponsorship.models import Municipality
from sponsorship.search import parse


def _towns(request):
    if request is None:
        return Municipality.objects.none()
    return Municipality.objects.visible_to(request.user)


class HousingOfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Neighbourhood or town; the address where you may see it."),
    )
    municipality = django_filters.ModelChoiceFilter(queryset=_towns, label=_("Municipality"))
    kind = django_filters.ChoiceFilter(choices=HousingOffer.Kind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(
        choices=HousingOffer.Status.choices, label=_("Status")
    )
    bedrooms = django_filters.NumberFilter(
        field_name="bedrooms", lookup_expr="gte", label=_("Bedrooms (at least)")
    )
    occupants = django_filters.NumberFilter(
        field_name="max_occupants", lookup_expr="gte", label=_("Room for (persons)")
    )
    step_free = django_filters.BooleanFilter(label=_("Step-free access"))
    available_on = django_filters.DateFilter(method="filter_available_on", label=_("Available on"))
    rent_min = django_filters.NumberFilter(
        field_name="rent", lookup_expr="gte", label=_("Rent from")
    )
    rent_max = django_filters.NumberFilter(
        field_name="rent", lookup_expr="lte", label=_("Rent up to")
    )

    class Meta:
        model = HousingOffer
        fields = [
            "q",
            "municipality",
            "kind",
            "status",
            "bedrooms",
            "occupants",
            "step_free",
            "available_on",
            "rent_min",
            "rent_max",
        ]

    def search(self, queryset, name, value):
        terms = parse(value)
        if not terms.words or self.request is None:
            return queryset
        return offers_matching(queryset, self.request.user, terms)

    def filter_available_on(self, queryset, name, value):
        return queryset.available_on(value)


class HousingProviderFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=HousingProvider.Kind.choices, label=_("Kind"))
    municipality = django_filters.ModelChoiceFilter(queryset=_towns, label=_("Municipality"))

    class Meta:
        model = HousingProvider
        fields = ["name", "kind", "municipality"]
