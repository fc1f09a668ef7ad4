"""Forms of the coordinator and member screens (the application's are in apply_forms)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups import vog
from groups.apply_forms import clean_languages, language_fields, language_initial, phone_validator
from groups.models import GroupMember, Intake
from sponsorship import text
from sponsorship.dates import add_months
from sponsorship.models import Role, User

# How far ahead an intake may be planned.
INTAKE_HORIZON_MONTHS = 6


class DateInput(forms.DateInput):
    input_type = "date"


class PlanIntakeForm(forms.Form):
    planned_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    interviewer = forms.ModelChoiceField(label=_("Interviewer"), queryset=User.objects.none())

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_at"].help_text = _("Within the coming %(months)d months.") % {
            "months": INTAKE_HORIZON_MONTHS
        }
        # Coordinators who work in the group's town (national staff work everywhere).
        self.fields["interviewer"].queryset = (
            User.objects.filter(role=Role.COORDINATOR, is_active=True)
            .filter(
                Q(scope_municipalities=group.municipality)
                | Q(organisation__kind="national_coordinator")
            )
            .distinct()
        )

    def clean_planned_at(self):
        planned = self.cleaned_data["planned_at"]
        now = timezone.now()
        # An intake is planned ahead: a date in the past or a year away is a typing error
        # (2020 for 2026), not a plan. A little slack lets "planned an hour ago" through.
        if planned < now - timedelta(days=1):
            raise forms.ValidationError(_("This date is in the past; plan the intake ahead."))
        if planned.date() > add_months(timezone.localdate(), INTAKE_HORIZON_MONTHS):
            raise forms.ValidationError(
                _("This is more than %(months)d months away; check the year.")
                % {"months": INTAKE_HORIZON_MONTHS}
            )
        return planned


class RecordIntakeForm(forms.ModelForm):
    class Meta:
        model = Intake
        fields = ["held_on", "outcome", *Intake.NOTE_FIELDS]
        widgets = {
            "held_on": DateInput,
            **{f: forms.Textarea(attrs={"rows": 3}) for f in Intake.NOTE_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = True
        self.fields["outcome"].required = True


class DocumentsForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["declaration_signed_on", "vog_issued_on", "vog_received_on"]
        widgets = {f: DateInput for f in fields}
        help_texts = {"vog_issued_on": _("The date printed on the certificate.")}

    def clean(self):
        data = super().clean()
        vog.check_form_dates(self, data)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=text.REASON
    )


class MemberProfileForm(forms.ModelForm):
    """A member's own profile; languages come in slots of language and level."""

    class Meta:
        model = GroupMember
        fields = [
            "name",
            "phone",
            "professional_sector",
            "network",
            "experience_vulnerable_groups",
            "cultural_familiarity",
            "daytime_flexibility",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2})
            for f in ("network", "experience_vulnerable_groups", "cultural_familiarity")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(phone_validator)
        language_fields(self, required_first=True)
        for key, value in language_initial(self.instance.languages or {}).items():
            self.initial[key] = value
        self._old_languages = dict(self.instance.languages or {})

    def clean(self):
        data = super().clean()
        data["languages"] = clean_languages(self)
        return data

    def changed_fields(self) -> list[str]:
        changed = [f for f in self.changed_data if not f.startswith(("language_", "level_"))]
        if self.cleaned_data["languages"] != self._old_languages:
            changed.append("languages")
        return changed

    def save(self, commit=True):
        self.instance.languages = self.cleaned_data["languages"]
        return super().save(commit)


class ProposeAdditionForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=40, validators=[phone_validator])
    reason = forms.CharField(
        label=_("Note for the coordinator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=text.REASON,
    )
