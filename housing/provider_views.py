"""Housing providers: list, register and edit (providers have no login themselves)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from housing.filters import HousingProviderFilter
from housing.forms import HousingProviderForm
from housing.models import HousingProvider
from sponsorship import audit
from sponsorship.access import get_visible_or_404
from sponsorship.lists import FilteredListView


class ProviderList(FilteredListView):
    model = HousingProvider
    filterset_class = HousingProviderFilter
    template_name = "housing/provider_list.html"
    orderings = {"name": "name", "kind": "kind", "town": "municipality__name"}
    default_ordering = "name"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("housing.view_offers"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return super().base_queryset().select_related("municipality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("housing.manage_provider")
        return context


provider_list = ProviderList.as_view()


@permission_required("housing.manage_provider", raise_exception=True)
def provider_create(request):
    form = HousingProviderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        provider = form.save()
        audit.record(
            audit.Action.CREATE, actor=request.user, obj=provider, fields=form.changed_data
        )
        messages.success(request, _("The provider was registered."))
        return redirect("housing:provider_list")
    return render(request, "housing/provider_form.html", {"form": form, "provider": None})


@permission_required("housing.manage_provider", raise_exception=True)
def provider_update(request, pk):
    provider = get_visible_or_404(HousingProvider, request.user, pk=pk)
    form = HousingProviderForm(request.POST or None, instance=provider, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(
            audit.Action.UPDATE, actor=request.user, obj=provider, fields=audit.changed_fields(form)
        )
        messages.success(request, _("The provider was saved."))
        return redirect("housing:provider_list")
    return render(request, "housing/provider_form.html", {"form": form, "provider": provider})
