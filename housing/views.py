"""Offer pages: list, detail, register and edit, and the small POST-only state actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from housing import allocation_views, services
from housing.filters import HousingOfferFilter
from housing.forms import HousingOfferForm, ReasonForm, ReserveForm
from housing.importers import COLUMNS, OfferImporter
from housing.lookups import get_offer_for_user
from housing.machines import OFFER
from housing.models import HousingOffer
from sponsorship import audit, timelines, vocab
from sponsorship.csvimport import import_view
from sponsorship.errors import flash_form_errors
from sponsorship.lists import FilteredListView


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _address_column(user):
    return lambda offer: offer.address if offer.may_see_address(user) else ""


class OfferList(FilteredListView):
    model = HousingOffer
    filterset_class = HousingOfferFilter
    template_name = "housing/offer_list.html"
    orderings = {
        "town": "municipality__name",
        "kind": "kind",
        "status": "status",
        "bedrooms": "bedrooms",
        "occupants": "max_occupants",
        "rent": "rent",
        "available": "available_from",
    }
    default_ordering = "available"
    csv_filename = "housing-offers"
    export_permission = "housing.export_offers"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, "housing.view_offers")
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return super().base_queryset().select_related("municipality", "provider")

    # Not None, so FilteredListView offers the export; the real columns depend on the user.
    csv_columns: dict = {}

    def get_csv_columns(self) -> dict:
        return {
            "id": lambda o: o.pk,
            "municipality": lambda o: o.municipality.name,
            "municipality_code": lambda o: o.municipality.code,
            "kind": lambda o: vocab.label(o.kind, "housing.HousingOffer.kind"),
            "status": lambda o: vocab.label(o.status, "housing.HousingOffer.status"),
            "neighbourhood": lambda o: o.neighbourhood,
            "address": _address_column(self.request.user),
            "provider": lambda o: o.provider.name if o.provider else "",
            "bedrooms": lambda o: o.bedrooms,
            "max_occupants": lambda o: o.max_occupants,
            "step_free": lambda o: vocab.label(o.step_free, "yes_no"),
            "ground_floor": lambda o: vocab.label(o.ground_floor, "yes_no"),
            "rent": lambda o: o.rent,
            "service_costs": lambda o: o.service_costs,
            "deposit": lambda o: o.deposit,
            "furnishing": lambda o: vocab.label(o.furnishing, "housing.HousingOffer.furnishing"),
            "available_from": lambda o: o.available_from.isoformat(),
            "available_until": lambda o: o.available_until.isoformat() if o.available_until else "",
            "latitude": lambda o: o.latitude,
            "longitude": lambda o: o.longitude,
            "notes": lambda o: o.notes,  # the import's last column (housing/importers.py)
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("housing.manage_offer")
        context["can_import"] = self.request.user.has_perm("housing.import_offers")
        return context


offer_list = OfferList.as_view()


def offer_detail(request, pk):
    offer = get_offer_for_user(request.user, pk)
    show_address = offer.may_see_address(request.user)
    if show_address and offer.status in HousingOffer.ADDRESS_OPEN_STATUSES:
        # Once a household lives there the address says where a newcomer lives.
        audit.record(audit.Action.VIEW_SENSITIVE, actor=request.user, obj=offer, fields=["address"])
    return render(
        request,
        "housing/offer_detail.html",
        {
            "offer": offer,
            "show_address": show_address,
            "actions": _available_actions(request.user, offer),
            "can_edit": offer.status != HousingOffer.Status.WITHDRAWN
            and request.user.has_perm("housing.manage_offer", offer),
            "history": timelines.merged(offer, OFFER, limit=20),
            "reserve_form": ReserveForm(),
            **allocation_views.detail_context(request.user, offer),
        },
    )


@permission_required("housing.manage_offer", raise_exception=True)
def offer_create(request):
    form = HousingOfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if "municipality" not in fields:  # municipal staff: always their own
            fields["municipality_id"] = request.user.municipality_id
        offer = services.create_offer(request.user, **fields)
        messages.success(request, _("The offer was registered as a prospect."))
        return redirect("housing:offer_detail", pk=offer.pk)
    return render(request, "housing/offer_form.html", {"form": form, "offer": None})


def offer_update(request, pk):
    offer = get_offer_for_user(request.user, pk)
    _require(request.user, "housing.manage_offer", offer)
    form = HousingOfferForm(request.POST or None, instance=offer, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = set(form.changed_data)
        if "neighbourhood" in changed and not changed & {"latitude", "longitude"}:
            # The default place follows the neighbourhood; save() recomputes it.
            form.instance.latitude = form.instance.longitude = None
        form.save()
        audit.record(
            audit.Action.UPDATE, actor=request.user, obj=offer, fields=audit.changed_fields(form)
        )
        messages.success(request, _("The offer was saved."))
        return redirect("housing:offer_detail", pk=offer.pk)
    return render(request, "housing/offer_form.html", {"form": form, "offer": offer})


# --- state actions (POST only) ----------------------------------------------------------

# action name (the machine's operation) -> (label, permission). Allocating, releasing and
# the move to a permanent home are the allocation's (allocation_views), never a button here.
ACTIONS = {
    "publish": (gettext_lazy("Offer to newcomers"), "housing.manage_offer"),
    "reserve": (gettext_lazy("Reserve for a match"), "housing.reserve_offer"),
    "cancel_reservation": (gettext_lazy("Cancel the reservation"), "housing.reserve_offer"),
    "occupy": (gettext_lazy("The household moved in"), "housing.manage_offer"),
    "withdraw": (gettext_lazy("Withdraw"), "housing.manage_offer"),
}


def _available_actions(user, offer) -> list[dict]:
    return [
        {"name": name, "label": label, "url": f"housing:offer_{name}"}
        for name, (label, perm) in ACTIONS.items()
        if services.can(offer, name) and user.has_perm(perm, offer)
    ]


def _run_action(request, pk, action, call):
    offer = get_offer_for_user(request.user, pk)
    _require(request.user, ACTIONS[action][1], offer)
    try:
        call(offer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[action][0]})
    return redirect("housing:offer_detail", pk=pk)


def _invalid(request, pk, action, form):
    """An invalid reason or note: nothing happens and the offer page says why (access is
    checked first, so an outsider still gets a 404 and a wrong role a 403)."""
    _require(request.user, ACTIONS[action][1], get_offer_for_user(request.user, pk))
    flash_form_errors(request, form)
    return redirect("housing:offer_detail", pk=pk)


@require_POST
def offer_publish(request, pk):
    return _run_action(
        request, pk, "publish", lambda offer: services.publish_offer(request.user, offer)
    )


@require_POST
def offer_reserve(request, pk):
    form = ReserveForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "reserve", form)
    note = form.cleaned_data["note"]
    return _run_action(
        request, pk, "reserve", lambda offer: services.reserve_offer(request.user, offer, note=note)
    )


@require_POST
def offer_cancel_reservation(request, pk):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "cancel_reservation", form)
    reason = form.cleaned_data["reason"]
    return _run_action(
        request,
        pk,
        "cancel_reservation",
        lambda offer: services.cancel_reservation(request.user, offer, reason=reason),
    )


@require_POST
def offer_withdraw(request, pk):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, "withdraw", form)
    reason = form.cleaned_data["reason"]
    return _run_action(
        request,
        pk,
        "withdraw",
        lambda offer: services.withdraw_offer(request.user, offer, reason=reason),
    )


@permission_required("housing.import_offers", raise_exception=True)
def offer_import(request):
    return import_view(
        request,
        OfferImporter,
        title=_("Import housing offers"),
        template_columns=COLUMNS,
        back_url=reverse("housing:offer_list"),
    )


@require_POST
def offer_occupy(request, pk):
    return _run_action(
        request, pk, "occupy", lambda offer: services.mark_occupied(request.user, offer)
    )
