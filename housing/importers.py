"""CSV/XLSX import of housing offers (dry run first, then all rows or none; csvimport.py).

Choice columns take the code or its label (``permanent`` or ``Permanent home``), the
town its CBS/NIS code or name. The offer list exports these columns, so it imports back.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from housing import services
from housing.models import HousingOffer, HousingProvider
from sponsorship import text
from sponsorship.csvimport import CsvImporter
from sponsorship.importcodes import CodeList, LookupField, YesNoField, resolve_town, town_list
from sponsorship.models import Municipality

COLUMNS = (
    "municipality_code",
    "kind",
    "status",
    "neighbourhood",
    "address",
    "provider",
    "bedrooms",
    "max_occupants",
    "step_free",
    "ground_floor",
    "rent",
    "service_costs",
    "deposit",
    "furnishing",
    "available_from",
    "available_until",
    "latitude",
    "longitude",
    "notes",
)
REQUIRED = ("kind", "bedrooms", "max_occupants", "rent", "available_from")
# An import registers new homes; later states need a reservation or household.
IMPORTABLE_STATUSES = [HousingOffer.Status.PROSPECT, HousingOffer.Status.OFFERED]


class OfferRowForm(forms.Form):
    municipality_code = forms.CharField(required=False)
    kind = LookupField(HousingOffer.Kind.choices)
    status = LookupField([(s, s.label) for s in IMPORTABLE_STATUSES], required=False)
    neighbourhood = forms.CharField(max_length=120, required=False)
    address = forms.CharField(max_length=250, required=False)
    provider = forms.CharField(max_length=200, required=False)
    bedrooms = forms.IntegerField(min_value=0, max_value=20)
    max_occupants = forms.IntegerField(min_value=1, max_value=30)
    step_free = YesNoField(required=False)
    ground_floor = YesNoField(required=False)
    rent = forms.DecimalField(min_value=0, max_digits=8, decimal_places=2)
    service_costs = forms.DecimalField(min_value=0, max_digits=8, decimal_places=2, required=False)
    deposit = forms.DecimalField(min_value=0, max_digits=8, decimal_places=2, required=False)
    furnishing = LookupField(HousingOffer.Furnishing.choices, required=False)
    available_from = forms.DateField(input_formats=["%Y-%m-%d", "%d-%m-%Y"])
    available_until = forms.DateField(input_formats=["%Y-%m-%d", "%d-%m-%Y"], required=False)
    latitude = forms.DecimalField(min_value=-90, max_value=90, decimal_places=5, required=False)
    longitude = forms.DecimalField(min_value=-180, max_value=180, decimal_places=5, required=False)
    notes = forms.CharField(required=False, max_length=text.NOTE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_municipality_code(self):
        code = self.cleaned_data["municipality_code"].strip()
        if self.user.is_municipal_staff:
            own = self.user.municipality
            if code and code.casefold() not in (own.code.casefold(), own.name.casefold()):
                raise forms.ValidationError(
                    _("You can only import offers of %(town)s.") % {"town": own.name}
                )
            return own
        if not code:
            raise forms.ValidationError(_("Give the municipality's CBS/NIS code or name."))
        return resolve_town(Municipality.objects.visible_to(self.user), code)

    def clean(self):
        data = super().clean()
        town = data.get("municipality_code")
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end <= start:
            self.add_error("available_until", _("Must be after available_from."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both coordinates or neither."))
        if town and data.get("provider"):
            data["provider"] = self._provider(town, data["provider"])
        if town and data.get("address") and _address_taken(town, data["address"]):
            self.add_error("address", _("An offer with this address is already registered."))
        return data

    def _provider(self, town, name):
        provider = HousingProvider.objects.filter(municipality=town, name__iexact=name).first()
        if provider is None:
            self.add_error(
                "provider",
                _("No provider %(name)s in %(town)s; register it first.")
                % {"name": name, "town": town.name},
            )
        return provider

    def offer_fields(self) -> dict:
        data = dict(self.cleaned_data)
        fields = {
            name: data[name]
            for name in COLUMNS
            if name not in ("municipality_code", "status") and data.get(name) is not None
        }
        fields["municipality"] = data["municipality_code"]
        fields["provider"] = data.get("provider") or None  # a name was resolved in clean()
        fields["status"] = data.get("status") or HousingOffer.Status.PROSPECT
        for name in ("service_costs", "deposit"):
            fields.setdefault(name, 0)
        fields["furnishing"] = data.get("furnishing") or HousingOffer.Furnishing.UNFURNISHED
        return fields


def _address_taken(town, address: str) -> bool:
    return (
        HousingOffer.objects.filter(municipality=town, address__iexact=address.strip())
        .exclude(status=HousingOffer.Status.WITHDRAWN)
        .exists()
    )


class OfferImporter(CsvImporter):
    row_form = OfferRowForm
    columns = COLUMNS
    required_columns = REQUIRED
    object_label = "housing.housingoffer"
    template_filename = "housing-offers-template"

    def form_kwargs(self) -> dict:
        return {"user": self.user}

    def code_lists(self) -> list[CodeList]:
        return [
            town_list(Municipality.objects.visible_to(self.user), "municipality_code"),
            CodeList("kind", _("Kinds of home"), HousingOffer.Kind.choices),
            CodeList("status", _("Statuses"), [(s, s.label) for s in IMPORTABLE_STATUSES]),
            CodeList("furnishing", _("Furnishing"), HousingOffer.Furnishing.choices),
            CodeList(
                "provider",
                _("Housing providers (name, town)"),
                [
                    (p.name, p.municipality.name)
                    for p in HousingProvider.objects.visible_to(self.user)
                    .select_related("municipality")
                    .order_by("municipality__name", "name")
                ],
            ),
        ]

    def describe(self, form) -> str:
        data = form.cleaned_data
        return _("create %(kind)s in %(town)s") % {
            "kind": HousingOffer.Kind(data["kind"]).label.lower(),
            "town": data["municipality_code"].name,
        }

    def check_rows(self, report, forms) -> None:
        seen: dict[tuple, int] = {}
        for row, form in zip(report.rows, forms, strict=True):
            if not row.ok or not form.cleaned_data.get("address"):
                continue
            key = (
                form.cleaned_data["municipality_code"].pk,
                form.cleaned_data["address"].strip().lower(),
            )
            if key in seen:
                row.errors.append(("address", _("Same address as row %(n)d.") % {"n": seen[key]}))
            else:
                seen[key] = row.number

    def save_row(self, form, row) -> None:
        services.create_offer(self.user, **form.offer_fields())
