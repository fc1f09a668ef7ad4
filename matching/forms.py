from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from groups.models import SponsorGroup
from housing.models import HousingOffer
from matching.models import IntroductionMeeting
from newcomers.models import Household
from sponsorship import text
from sponsorship.access import coordinator_programme_ids
from sponsorship.models import Municipality, Programme
from sponsorship.vocab import LANGUAGES


def _programmes(user):
    ids = coordinator_programme_ids(user) if user.is_coordinator else None
    qs = Programme.objects.filter(active=True)
    return qs if ids is None else qs.filter(pk__in=ids)


class RunScopeForm(forms.Form):
    """A programme and the towns to match in (phase 1 and phase 2 alike)."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label=_("Programme"))
    municipalities = forms.ModelMultipleChoiceField(
        queryset=Municipality.objects.none(), label=_("Towns"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = _programmes(user)
        self.fields["municipalities"].queryset = Municipality.objects.visible_to(user).filter(
            takes_resettled_refugees=True
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=text.REASON
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=text.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _groups(user, programme):
    return (
        SponsorGroup.objects.visible_to(user)
        .filter(programme=programme, status=SponsorGroup.Status.READY_FOR_MATCHING)
        .select_related("municipality")
    )


def _offers(user):
    return (
        HousingOffer.objects.visible_to(user)
        .filter(status=HousingOffer.Status.OFFERED)
        .select_related("municipality")
    )


def offer_label(offer: HousingOffer) -> str:
    """A home as a choice: kind, town and neighbourhood, size, accessibility, number.

    "Permanent home · Utrecht, Lombok · 3 bedrooms, up to 5 people · step-free, ground
    floor (#12)": what a coordinator weighs when choosing, without opening each offer.
    """
    place = ", ".join(filter(None, [offer.municipality.name, offer.neighbourhood]))
    size = ngettext("%(n)d bedroom", "%(n)d bedrooms", offer.bedrooms) % {"n": offer.bedrooms}
    size += ", " + ngettext("up to %(n)d person", "up to %(n)d people", offer.max_occupants) % {
        "n": offer.max_occupants
    }
    access = [
        str(word)
        for flag, word in (
            (offer.step_free, _("step-free")),
            (offer.ground_floor, _("ground floor")),
        )
        if flag
    ]
    parts = [
        str(offer.get_kind_display()),
        place,
        size,
        ", ".join(access) or str(_("not step-free")),
    ]
    return " · ".join(parts) + f" (#{offer.pk})"


def _home_field(form, queryset) -> None:
    form.fields["offer"].queryset = queryset
    form.fields["offer"].label_from_instance = offer_label


class EditProposalForm(forms.Form):
    group = forms.ModelChoiceField(queryset=SponsorGroup.objects.none(), label=_("Group"))
    offer = forms.ModelChoiceField(queryset=HousingOffer.objects.none(), label=_("Home"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=text.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups(
            user, proposal.programme
        ) | SponsorGroup.objects.filter(pk=proposal.group_id)
        _home_field(
            self,
            (_offers(user) | HousingOffer.objects.filter(pk=proposal.offer_id)).select_related(
                "municipality"
            ),
        )


class ManualProposalForm(forms.Form):
    household = forms.ModelChoiceField(queryset=Household.objects.none(), label=_("Household"))
    group = forms.ModelChoiceField(queryset=SponsorGroup.objects.none(), label=_("Group"))
    offer = forms.ModelChoiceField(queryset=HousingOffer.objects.none(), label=_("Home"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=text.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = Household.objects.visible_to(user).filter(
            status=Household.Status.INTAKE_HELD
        )
        self.fields["household"].label_from_instance = lambda h: f"{h.pseudonym} ({h.reference})"
        self.fields["group"].queryset = (
            SponsorGroup.objects.visible_to(user)
            .filter(status=SponsorGroup.Status.READY_FOR_MATCHING)
            .select_related("municipality")
        )
        _home_field(self, _offers(user))


class MeetingForm(forms.ModelForm):
    interpreter_language = forms.ChoiceField(
        choices=[("", "—"), *LANGUAGES], required=False, label=_("Interpreter's language")
    )

    class Meta:
        model = IntroductionMeeting
        fields = [
            "planned_at",
            "mode",
            "place",
            "moderator",
            "interpreter_needed",
            "interpreter_language",
        ]
        widgets = {"planned_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def clean(self):
        data = super().clean()
        if data.get("interpreter_needed") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Say which language."))
        return data


class MeetingOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=IntroductionMeeting.Outcome.choices, label=_("How it went"))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=text.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
