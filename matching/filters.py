import django_filters
from django.utils.translation import gettext_lazy as _

from matching.models import MatchingRun, MatchProposal
from sponsorship.models import Programme


class RunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MatchingRun.Status.choices, label=_("Status"))
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(), label=_("Programme")
    )

    class Meta:
        model = MatchingRun
        fields = ["status", "programme"]


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=MatchProposal.Status.choices, label=_("Status")
    )
    run = django_filters.NumberFilter(field_name="run_id", label=_("Run number"))
    manual = django_filters.BooleanFilter(
        field_name="run", lookup_expr="isnull", label=_("Made by hand")
    )

    class Meta:
        model = MatchProposal
        fields = ["status", "run", "manual"]
