import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from sponsorship.models import Municipality
from sponsorship.search import parse
from sponsorship.vocab import LANGUAGES
from training.models import TrainingModule, TrainingSession
from training.search import sessions_matching


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Module, place, town or a date.")
    )
    module = django_filters.ModelChoiceFilter(
        queryset=TrainingModule.objects.none(), label=_("Module")
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(), label=_("Town")
    )
    starts_from = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_until = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = django_filters.ChoiceFilter(choices=LANGUAGES, label=_("Language"))
    places_left = django_filters.NumberFilter(
        field_name="places_left", lookup_expr="gte", label=_("At least this many places left")
    )

    class Meta:
        model = TrainingSession
        fields = [
            "q",
            "module",
            "municipality",
            "starts_from",
            "starts_until",
            "language",
            "places_left",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            user = request.user
            self.filters["module"].queryset = TrainingModule.objects.visible_to(user)
            self.filters["municipality"].queryset = Municipality.objects.visible_to(user)

    def search(self, queryset, name, value):
        terms = parse(value)
        return sessions_matching(queryset, terms) if terms.words else queryset
