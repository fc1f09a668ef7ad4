import django_filters
from django.utils.translation import gettext_lazy as _

from sponsorship.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(choices=AuditEvent.Action.choices, label=_("Action"))
    actor = django_filters.CharFilter(
        field_name="actor__email", lookup_expr="icontains", label=_("Actor e-mail")
    )
    object_type = django_filters.CharFilter(lookup_expr="icontains", label=_("Object type"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    since = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("From")
    )
    until = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Until")
    )

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "object_type", "object_id", "since", "until"]
