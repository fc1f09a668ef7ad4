import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from groups.models import GroupMember, SponsorGroup
from sponsorship.models import Municipality, Programme
from sponsorship.vocab import LANGUAGES, Vulnerability


class SponsorGroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.MultipleChoiceFilter(
        choices=SponsorGroup.Status.choices, label=_("Status")
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(), label=_("Town")
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(), label=_("Programme")
    )
    language = django_filters.ChoiceFilter(
        choices=LANGUAGES, method="speaks", label=_("Language spoken")
    )
    household = django_filters.NumberFilter(
        field_name="max_household_size", lookup_expr="gte", label=_("Household of at least")
    )
    vulnerability = django_filters.MultipleChoiceFilter(
        choices=Vulnerability.choices, method="supports", label=_("Supports vulnerabilities")
    )
    trained = django_filters.BooleanFilter(method="training_complete", label=_("Training complete"))

    class Meta:
        model = SponsorGroup
        fields = [
            "q",
            "status",
            "municipality",
            "programme",
            "language",
            "household",
            "vulnerability",
            "trained",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["municipality"].queryset = Municipality.objects.visible_to(request.user)

    def search(self, queryset, name, value):
        """Group name, neighbourhood, town, interests, or a member's name or e-mail."""
        value = value.strip()
        if not value:
            return queryset
        member = GroupMember.objects.filter(group=OuterRef("pk"), active=True).filter(
            Q(name__icontains=value) | Q(email__icontains=value)
        )
        return queryset.filter(
            Q(name__icontains=value)
            | Q(neighbourhood__icontains=value)
            | Q(municipality__name__icontains=value)
            | Q(interests__contains=[value.lower()])
            | Exists(member)
        )

    def speaks(self, queryset, name, value):
        return queryset.filter(languages__contains=[value]) if value else queryset

    def supports(self, queryset, name, values):
        # Every chosen vulnerability must be supported (the group's list contains them all).
        return (
            queryset.filter(supported_vulnerabilities__contains=list(values))
            if values
            else queryset
        )

    def training_complete(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(status__in=SponsorGroup.TRAINED_STATES)
        return queryset.filter(q) if value else queryset.exclude(q)
