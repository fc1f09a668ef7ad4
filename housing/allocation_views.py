"""Allocation pages: allocate an offer to a household, cancel or end it, move a household."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from housing import services
from housing.forms import DateInput, ReasonForm
from housing.lookups import get_allocation_for_user, get_offer_for_user
from housing.models import Allocation, HousingOffer
from newcomers.models import Household
from sponsorship.errors import flash_form_errors


def _manageable(user, offer) -> None:
    if not user.has_perm("housing.manage_offer", offer):
        raise PermissionDenied


def detail_context(user, offer) -> dict:
    """What the offer page shows about allocations, with the actions the user may take."""
    manage = user.has_perm("housing.manage_offer", offer)
    allocations = list(
        offer.allocations.select_related("household")
        .annotate(member_count=Count("household__members"))
        .order_by("-period")
    )
    for allocation in allocations:
        active = manage and allocation.status == Allocation.Status.ACTIVE
        allocation.can_cancel = active and offer.status != HousingOffer.Status.OCCUPIED
        allocation.can_end = active and offer.status == HousingOffer.Status.OCCUPIED
        allocation.can_move = allocation.can_end and offer.kind != HousingOffer.Kind.PERMANENT
    actions = []
    if manage and offer.status in services.ALLOCATABLE:
        actions.append(
            {
                "label": _("Allocate to a household"),
                "url": reverse("housing:offer_allocate", args=[offer.pk]),
            }
        )
    return {"allocations": allocations, "allocation_actions": actions, "cancel_form": ReasonForm()}


class AllocationForm(forms.Form):
    household = forms.ModelChoiceField(
        queryset=Household.objects.none(), label=gettext_lazy("Household")
    )
    start = forms.DateField(label=gettext_lazy("Move-in date"), widget=DateInput())
    end = forms.DateField(
        label=gettext_lazy("Move-out date"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Leave empty for a permanent home."),
    )

    def __init__(self, *args, user, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = (
            Household.objects.visible_to(user)
            .filter(municipality_id=offer.municipality_id)
            .exclude(status__in=[Household.Status.WITHDRAWN, Household.Status.COMPLETED])
        )


def offer_allocate(request, pk):
    offer = get_offer_for_user(request.user, pk)
    _manageable(request.user, offer)
    form = AllocationForm(
        request.POST or None,
        user=request.user,
        offer=offer,
        initial={"start": max(offer.available_from, timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.allocate(request.user, offer, data["household"], data["start"], data["end"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The home was allocated to %(household)s.")
                % {"household": data["household"].pseudonym},
            )
            return redirect("housing:offer_detail", pk=offer.pk)
    return render(
        request,
        "housing/allocation_form.html",
        {"form": form, "offer": offer, "title": _("Allocate to a household")},
    )


@require_POST
def allocation_cancel(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    _manageable(request.user, allocation.offer)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("housing:offer_detail", pk=allocation.offer_id)
    reason = form.cleaned_data["reason"]
    try:
        services.cancel_allocation(request.user, allocation, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The allocation was cancelled."))
    return redirect("housing:offer_detail", pk=allocation.offer_id)


class EndForm(forms.Form):
    on_date = forms.DateField(label=gettext_lazy("Move-out date"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


def allocation_end(request, pk):
    allocation = get_allocation_for_user(request.user, pk)
    _manageable(request.user, allocation.offer)
    form = EndForm(request.POST or None, initial={"on_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_allocation(
                request.user,
                allocation,
                form.cleaned_data["on_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The allocation was ended."))
            return redirect("housing:offer_detail", pk=allocation.offer_id)
    return render(
        request,
        "housing/allocation_form.html",
        {"form": form, "offer": allocation.offer, "title": _("End the allocation")},
    )


class MoveForm(forms.Form):
    to_offer = forms.ModelChoiceField(
        queryset=HousingOffer.objects.none(), label=gettext_lazy("Permanent home")
    )
    on_date = forms.DateField(label=gettext_lazy("Moving day"), widget=DateInput())

    def __init__(self, *args, user, allocation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_offer"].queryset = (
            HousingOffer.objects.visible_to(user)
            .filter(
                municipality_id=allocation.offer.municipality_id,
                kind=HousingOffer.Kind.PERMANENT,
                status__in=[HousingOffer.Status.OFFERED, HousingOffer.Status.RESERVED],
            )
            .select_related("municipality")
        )


def allocation_move(request, pk):
    """Move the household of this (intermediate) allocation to a permanent home."""
    allocation = get_allocation_for_user(request.user, pk)
    _manageable(request.user, allocation.offer)
    form = MoveForm(
        request.POST or None,
        user=request.user,
        allocation=allocation,
        initial={"on_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        to_offer = form.cleaned_data["to_offer"]
        if not request.user.has_perm("housing.manage_offer", to_offer):
            raise PermissionDenied
        try:
            services.move_household(
                request.user,
                allocation.household,
                allocation,
                to_offer,
                form.cleaned_data["on_date"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The household moved to its permanent home."))
            return redirect("housing:offer_detail", pk=to_offer.pk)
    return render(
        request,
        "housing/allocation_form.html",
        {"form": form, "offer": allocation.offer, "title": _("Move to a permanent home")},
    )
