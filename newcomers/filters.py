import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newcomers.models import Household
from newcomers.sensitivity import case_household_ids
from sponsorship.models import Municipality, Programme
from sponsorship.vocab import LANGUAGES, Vulnerability

NEEDS = [
    ("step_free", _("Step-free access")),
    ("ground_floor", _("Ground floor")),
    ("alternative_support", _("Alternative support needed")),
]


def _towns(request):
    return Municipality.objects.visible_to(request.user) if request else Municipality.objects.none()


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label=_("Pseudonym or reference"))
    status = django_filters.MultipleChoiceFilter(
        choices=Household.Status.choices,
        label=_("State"),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(), label=_("Programme")
    )
    municipality = django_filters.ModelChoiceFilter(queryset=_towns, label=_("Municipality"))
    size_min = django_filters.NumberFilter(
        field_name="member_count", lookup_expr="gte", label=_("Household size from")
    )
    size_max = django_filters.NumberFilter(
        field_name="member_count", lookup_expr="lte", label=_("to")
    )
    language = django_filters.ChoiceFilter(
        choices=LANGUAGES, method="filter_language", label=_("Speaks")
    )
    needs = django_filters.MultipleChoiceFilter(
        choices=NEEDS, method="filter_needs", label=_("Needs"), widget=forms.CheckboxSelectMultiple
    )
    vulnerability = django_filters.ChoiceFilter(
        choices=Vulnerability.choices,
        method="filter_vulnerability",
        label=_("Vulnerability (your cases)"),
    )
    arrival_from = django_filters.DateFilter(
        field_name="expected_arrival",
        lookup_expr="gte",
        label=_("Expected arrival from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    arrival_until = django_filters.DateFilter(
        field_name="expected_arrival",
        lookup_expr="lte",
        label=_("until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Household
        fields = ["q", "status", "programme", "municipality"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(pseudonym__icontains=value) | Q(reference__icontains=value))

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value])

    def filter_needs(self, queryset, name, value):
        for need in value:
            field = (
                "needs_alternative_support" if need == "alternative_support" else f"needs_{need}"
            )
            queryset = queryset.filter(**{field: True})
        return queryset

    def filter_vulnerability(self, queryset, name, value):
        # Filtering on a sensitive field must not reveal it: only the households the user
        # holds case access to can match.
        return queryset.filter(
            vulnerabilities__contains=[value], pk__in=case_household_ids(self.request.user)
        )
