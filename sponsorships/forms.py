"""Forms for the plan, the sponsorship steps and monitoring."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sponsorship import text
from sponsorships.monitoring import FEEDBACK_LANGUAGES
from sponsorships.monitoring_models import CheckIn, Evaluation, Signal, Wellbeing
from sponsorships.plan_models import PlanTask, Responsible
from sponsorships.plan_template import task_title

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SectionForm(forms.Form):
    notes = forms.CharField(
        label=_("How the group will help"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=text.LONG_NOTE,
    )


class PlanTaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = ["title", "responsible", "member", "due_date", "offset_days", "status"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = group.members.active()
        self.fields["offset_days"].help_text = _(
            "Days after arrival, e.g. 7; a negative number for before arrival, e.g. -14."
        )
        if self.instance.pk:  # a default task reads in the page's language, not the stored one
            self.initial["title"] = task_title(self.instance.title)

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("offset_days") is not None:
            self.add_error("offset_days", _("Give a date or days after arrival, not both."))
        if data.get("responsible") == Responsible.MEMBER and not data.get("member"):
            self.add_error("member", _("Name the group member who does this."))
        if data.get("responsible") != Responsible.MEMBER:
            data["member"] = None
        return data


class ArrivalForm(forms.Form):
    on_date = forms.DateField(label=_("Arrival date"), widget=DATE)
    override_reason = forms.CharField(
        label=_("Reason to register the arrival with open checklist items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text.REASON,
        help_text=_("Coordinators only; recorded in the audit trail."),
    )


class CheckInForm(forms.ModelForm):
    signal_category = forms.ChoiceField(
        label=_("Signal: a problem to follow up"),
        required=False,
        choices=[("", "—"), *Signal.Category.choices],
    )
    signal_severity = forms.ChoiceField(
        label=_("Severity"), choices=Signal.Severity.choices, required=False
    )
    signal_description = forms.CharField(
        label=_("Describe the problem"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text.NOTE,
    )
    signal_by_household = forms.BooleanField(
        label=_("The household raised it itself"), required=False
    )

    class Meta:
        model = CheckIn
        fields = [
            "held_on",
            "by",
            "household_wellbeing",
            "group_wellbeing",
            "tasks_progress",
            "notes",
        ]
        widgets = {"held_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [c for c in CheckIn.By.choices if c[0] != CheckIn.By.HOUSEHOLD]

    def clean(self):
        data = super().clean()
        if data.get("signal_category") and not (data.get("signal_description") or "").strip():
            self.add_error("signal_description", _("Describe the problem."))
        if data.get("signal_category") and not data.get("signal_severity"):
            self.add_error("signal_severity", _("Choose a severity."))
        return data

    def signals(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("signal_category"):
            return []
        return [
            {
                "category": data["signal_category"],
                "severity": data["signal_severity"],
                "description": data["signal_description"],
                "raised_by_household": data["signal_by_household"],
            }
        ]


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["held_on", "participants", "went_well", "to_improve", "transition_plan"]
        widgets = {"held_on": DATE}


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("How it was resolved"), max_length=text.DESCRIPTION)


class FeedbackLinkForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the page"), choices=[(c, c) for c in FEEDBACK_LANGUAGES]
    )


class HouseholdFeedbackForm(forms.Form):
    wellbeing = forms.ChoiceField(choices=Wellbeing.choices, widget=forms.RadioSelect)
    category = forms.ChoiceField(required=False, choices=[("", "—"), *Signal.Category.choices])
    urgent = forms.BooleanField(required=False)
    message = forms.CharField(required=False, max_length=text.NOTE, widget=forms.Textarea)
