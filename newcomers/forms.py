"""Forms of the newcomer screens. Sensitive fields are dropped for users without case
access (the declaration in models.py decides which), so they can neither see nor
overwrite them."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newcomers.choices import InformationTopic, Interest
from newcomers.models import Household, HouseholdIdentity, HouseholdMember, InformationSession
from newcomers.sensitivity import sensitive_field_names
from sponsorship import text
from sponsorship.models import Municipality, Programme
from sponsorship.vocab import LANGUAGES, LanguageLevel, Vulnerability

LANGUAGE_SLOTS = 4
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HouseholdForm(forms.ModelForm):
    """The household record. Languages are edited as up to four (language, level) pairs."""

    class Meta:
        model = Household
        fields = [
            "pseudonym",
            "programme",
            "municipality",
            "acceptable_municipalities",
            "country_of_stay",
            "nationality",
            "expected_arrival",
            "interests",
            "study_goal",
            "work_sector",
            "priorities",
            "needs_step_free",
            "needs_ground_floor",
            "accessibility_notes",
            "vulnerabilities",
            "vulnerability_notes",
            "background_consent",
            "religion",
            "cultural_background",
        ]
        widgets = {
            "acceptable_municipalities": forms.CheckboxSelectMultiple,
            "expected_arrival": DATE,
            "priorities": forms.Textarea(attrs={"rows": 3}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "vulnerability_notes": forms.Textarea(attrs={"rows": 2}),
        }

    interests = forms.MultipleChoiceField(
        label=_("Interests"),
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, show_sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not show_sensitive:
            for name in sensitive_field_names(Household) + ("background_consent",):
                self.fields.pop(name, None)
        towns = Municipality.objects.visible_to(user)
        self.fields["municipality"].queryset = towns
        self.fields["acceptable_municipalities"].queryset = towns
        self.fields["acceptable_municipalities"].required = False
        self.fields["programme"].queryset = _programmes_for(user)
        self._add_language_fields()

    def _add_language_fields(self):
        levels = self.instance.language_levels or {}
        current = list(self.instance.languages or [])
        for i in range(1, LANGUAGE_SLOTS + 1):
            code = current[i - 1] if i <= len(current) else ""
            self.fields[f"language_{i}"] = forms.ChoiceField(
                label=_("Language %(n)d") % {"n": i},
                required=False,
                choices=[("", "—"), *LANGUAGES],
                initial=code,
            )
            self.fields[f"level_{i}"] = forms.ChoiceField(
                label=_("Level %(n)d") % {"n": i},
                required=False,
                choices=[("", "—"), *LanguageLevel.choices],
                initial=levels.get(code, ""),
            )

    def language_pairs(self) -> list[tuple]:
        return [(self[f"language_{i}"], self[f"level_{i}"]) for i in range(1, LANGUAGE_SLOTS + 1)]

    def visible_fields(self):
        """Every visible field except the language slots: the template renders those once,
        as pairs in their own fieldset. Rendered twice, the browser posts both inputs under
        one name and Django keeps the last, so what was typed in the first set was lost."""
        slots = {
            f"{kind}_{i}" for kind in ("language", "level") for i in range(1, LANGUAGE_SLOTS + 1)
        }
        return [field for field in super().visible_fields() if field.name not in slots]

    def clean(self):
        data = super().clean()
        languages, levels = [], {}
        for i in range(1, LANGUAGE_SLOTS + 1):
            code, level = data.get(f"language_{i}"), data.get(f"level_{i}")
            if not code:
                if level:
                    self.add_error(f"language_{i}", _("Choose the language for this level."))
                continue
            if code in languages:
                self.add_error(f"language_{i}", _("This language is listed twice."))
                continue
            if not level:
                self.add_error(f"level_{i}", _("Give the level for this language."))
                continue
            languages.append(code)
            levels[code] = level
        self.instance.languages, self.instance.language_levels = languages, levels
        if (
            "background_consent" in self.fields
            and not data.get("background_consent")
            and (data.get("religion") or data.get("cultural_background"))
        ):
            self.add_error(
                "background_consent",
                _("Religious or cultural background is stored only with explicit consent."),
            )
        return data


def _programmes_for(user):
    from sponsorship.access import coordinator_programme_ids

    programmes = Programme.objects.filter(active=True)
    if user.is_coordinator:
        ids = coordinator_programme_ids(user)
        if ids is not None:
            programmes = programmes.filter(pk__in=ids)
    return programmes


class MemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["relation", "age_band"]


MemberFormSet = inlineformset_factory(
    Household,
    HouseholdMember,
    form=MemberForm,
    extra=2,
    min_num=1,
    validate_min=True,
    can_delete=True,
    max_num=20,
)


class IdentityForm(forms.ModelForm):
    class Meta:
        model = HouseholdIdentity
        fields = [
            "family_name",
            "given_names",
            "name_native_script",
            "other_members",
            "phone",
            "email",
            "address",
            "unhcr_case_number",
        ]
        widgets = {
            "other_members": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }


class InformationForm(forms.Form):
    informed_by = forms.CharField(
        label=_("Informed by"),
        max_length=200,
        help_text=_("Name and organisation (e.g. UNHCR, COA)."),
    )
    informed_on = forms.DateField(label=_("Informed on"), widget=DATE)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("The information covered"),
        choices=InformationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        # Unticked on purpose: the coordinator confirms each topic was covered.
        help_text=_("Programme, voluntariness, withdrawal and data are required."),
    )

    def clean_informed_on(self):
        day = self.cleaned_data["informed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class IntakeForm(forms.Form):
    """The household's intake interview: when, who held it, and what came up."""

    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    interviewer = forms.ModelChoiceField(label=_("Interviewer"), queryset=None)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=text.NOTE,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What matters for the match; visible to colleagues with case access."),
    )

    def __init__(self, *args, household, **kwargs):
        from groups.notices import coordinators_of

        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = coordinators_of(household)

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class ConsentForm(forms.Form):
    information = forms.ModelChoiceField(
        label=_("Information session"), queryset=InformationSession.objects.none()
    )
    participate = forms.BooleanField(label=_("Consents to participate"))
    processing = forms.BooleanField(label=_("Consents to the processing of their data"))
    share_profile = forms.BooleanField(
        label=_("Consents to share the anonymous profile with groups"), required=False
    )
    given_on = forms.DateField(label=_("Consent given on"), widget=DATE)

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = household.information_sessions.order_by("-informed_on", "-pk")
        self.fields["information"].queryset = sessions
        self.fields["information"].initial = sessions.first()

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=text.REASON,
        help_text=_("Only if the household wants to give one."),
    )

    def clean_withdrawn_on(self):
        day = self.cleaned_data["withdrawn_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class CaseAccessForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Colleague"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
