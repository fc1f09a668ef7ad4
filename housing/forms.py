from django import forms
from django.utils.translation import gettext_lazy as _

from housing.models import HousingOffer, HousingProvider
from sponsorship.models import Municipality

OFFER_FIELDS = [
    "municipality",
    "provider",
    "kind",
    "neighbourhood",
    "address",
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
]


class DateInput(forms.DateInput):
    input_type = "date"


class HousingOfferForm(forms.ModelForm):
    """Municipal staff register offers of their own municipality only; administrators
    choose the municipality."""

    class Meta:
        model = HousingOffer
        fields = OFFER_FIELDS
        widgets = {
            "available_from": DateInput(),
            "available_until": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "latitude": _("Leave empty to use the municipality's coordinates."),
            "address": _(
                "Street, number and postcode. Shown to coordinators only once a "
                "household is allocated."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_municipal_staff:
            del self.fields["municipality"]
            self.instance.municipality_id = user.municipality_id
            providers = HousingProvider.objects.filter(municipality_id=user.municipality_id)
        else:
            self.fields["municipality"].queryset = Municipality.objects.visible_to(user)
            providers = HousingProvider.objects.visible_to(user).select_related("municipality")
        self.fields["provider"].queryset = providers
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False

    def clean(self):
        data = super().clean()
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end <= start:
            self.add_error("available_until", _("Must be after the available-from date."))
        if data.get("max_occupants") == 0:
            self.add_error("max_occupants", _("At least one person must fit."))
        provider = data.get("provider")
        municipality = data.get("municipality") or getattr(self.instance, "municipality", None)
        if provider and municipality and provider.municipality_id != municipality.pk:
            self.add_error("provider", _("This provider works in another municipality."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both coordinates or neither."))
        return data


class ReserveForm(forms.Form):
    note = forms.CharField(
        label=_("For which match?"),
        max_length=300,
        required=False,
        help_text=_("E.g. the match or household reference."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class HousingProviderForm(forms.ModelForm):
    class Meta:
        model = HousingProvider
        fields = [
            "name",
            "kind",
            "municipality",
            "contact_name",
            "contact_email",
            "contact_phone",
            "guarantee_fund",
            "deposit_support",
            "reduced_rent",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_municipal_staff:
            del self.fields["municipality"]
            self.instance.municipality_id = user.municipality_id
        else:
            self.fields["municipality"].queryset = Municipality.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        municipality_id = (
            data["municipality"].pk if data.get("municipality") else self.instance.municipality_id
        )
        # The unique constraint cannot be checked by the form when municipality is not a
        # field (municipal staff), so check it here to give a message instead of a 500.
        clash = HousingProvider.objects.filter(
            municipality_id=municipality_id, name__iexact=data.get("name", "")
        )
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if municipality_id and clash.exists():
            self.add_error("name", _("A provider with this name already exists here."))
        return data
