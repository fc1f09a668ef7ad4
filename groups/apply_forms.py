"""Forms of the public application, one per step; cleaned data is JSON-serialisable."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from groups.models import GroupMember
from sponsorship import text
from sponsorship.vocab import LANGUAGES, LanguageLevel, Vulnerability

LANGUAGE_SLOTS = 3
MAX_MEMBERS = 20
phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{6,18}[0-9]$",
    _("Enter a phone number of 8 to 20 digits, e.g. 06 12345678 or +31 6 12345678."),
)


class HoneypotMixin(forms.Form):
    # Hidden by the .hp-field CSS class; people leave it empty, simple bots fill it.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))


def parse_interests(text: str) -> list[str]:
    items = [i.strip().lower() for i in re.split(r"[,;\n]", text or "") if i.strip()]
    return list(dict.fromkeys(items))


class GroupStepForm(HoneypotMixin):
    name = forms.CharField(label=_("Group name"), max_length=120)
    neighbourhood = forms.CharField(
        label=_("Neighbourhood or postcode area"),
        max_length=120,
        help_text=_("Where most members live, e.g. “Lombok” or “3531”."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to continue this application later, and the confirmation."),
    )
    interests = forms.CharField(
        label=_("Shared interests"),
        max_length=600,
        help_text=_("Separated by commas, e.g. cooking, football, music."),
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=50,
        max_length=text.NOTE,
        help_text=_("Why does your group want to welcome a newcomer?"),
    )

    def clean_interests(self):
        items = parse_interests(self.cleaned_data["interests"])
        if not items:
            raise forms.ValidationError(_("Name at least one shared interest."))
        if len(items) > 15:
            raise forms.ValidationError(_("Name at most 15 interests."))
        if any(len(i) > 60 for i in items):
            raise forms.ValidationError(_("Each interest can be at most 60 characters."))
        return items

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        return {**data, "interests": ", ".join(data.get("interests", []))}


def language_fields(form: forms.Form, required_first: bool) -> None:
    """Add LANGUAGE_SLOTS pairs of language and level fields to ``form``."""
    choices = [("", "—"), *LANGUAGES]
    levels = [("", "—"), *LanguageLevel.choices]
    for i in range(1, LANGUAGE_SLOTS + 1):
        form.fields[f"language_{i}"] = forms.ChoiceField(
            label=_("Language %(n)d") % {"n": i}, choices=choices, required=False
        )
        form.fields[f"level_{i}"] = forms.ChoiceField(
            label=_("Level of language %(n)d") % {"n": i}, choices=levels, required=False
        )
    form.language_required = required_first


def clean_languages(form: forms.Form) -> dict[str, str]:
    """Build {code: level} from the slots, adding errors next to the faulty field."""
    languages: dict[str, str] = {}
    for i in range(1, LANGUAGE_SLOTS + 1):
        code = form.cleaned_data.get(f"language_{i}")
        level = form.cleaned_data.get(f"level_{i}")
        if code and not level:
            form.add_error(f"level_{i}", _("Choose the level for this language."))
        elif level and not code:
            form.add_error(f"language_{i}", _("Choose a language for this level."))
        elif code in languages:
            form.add_error(f"language_{i}", _("This language is listed twice."))
        elif code:
            languages[code] = level
    slot_errors = any(name.startswith(("language_", "level_")) for name in form.errors)
    if not languages and form.language_required and not slot_errors:
        form.add_error("language_1", _("Name at least one language the member speaks."))
    return languages


def language_initial(languages: dict[str, str]) -> dict:
    initial = {}
    for i, (code, level) in enumerate(languages.items(), start=1):
        initial[f"language_{i}"], initial[f"level_{i}"] = code, level
    return initial


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=40, validators=[phone_validator])
    professional_sector = forms.CharField(
        label=_("Professional sector"),
        max_length=120,
        help_text=_("E.g. healthcare, education, IT."),
    )
    network = forms.CharField(
        label=_("Social and professional network"),
        required=False,
        max_length=text.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Contacts that may help a newcomer with work, study or housing."),
    )
    experience_vulnerable_groups = forms.CharField(
        label=_("Experience with vulnerable groups"),
        required=False,
        max_length=text.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cultural_familiarity = forms.CharField(
        label=_("Cultural or religious familiarity"),
        required=False,
        max_length=text.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    daytime_flexibility = forms.ChoiceField(
        label=_("Available on weekdays during the day"),
        choices=GroupMember.Flexibility.choices,
        initial=GroupMember.Flexibility.SOME,
    )
    is_contact = forms.BooleanField(label=_("Contact member of the group"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language_fields(self, required_first=True)
        # Keep the language slots next to the other personal fields.
        order = ["name", "email", "phone"]
        order += [f for i in range(1, LANGUAGE_SLOTS + 1) for f in (f"language_{i}", f"level_{i}")]
        self.order_fields(order)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        data["languages"] = clean_languages(self)
        return data

    def member_data(self) -> dict:
        """The JSON-serialisable member, in GroupMember field names."""
        data = self.cleaned_data
        keys = [
            "name",
            "email",
            "phone",
            "languages",
            "professional_sector",
            "network",
            "experience_vulnerable_groups",
            "cultural_familiarity",
            "daytime_flexibility",
            "is_contact",
        ]
        return {k: data[k] for k in keys}

    @classmethod
    def initial_from(cls, member: dict) -> dict:
        return {**member, **language_initial(member.get("languages", {}))}


class BaseMemberFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _(
            "This programme needs at least %(num)d members; add the missing members."
        ),
        "too_many_forms": _("A group has at most %(num)d members."),
    }

    def __init__(self, *args, taken_emails=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Called with the e-mails found in the form; returns those already in an open group.
        self.taken_emails = taken_emails

    def filled_forms(self):
        return [f for f in self._live_forms() if not f.errors and f.cleaned_data.get("name")]

    def _live_forms(self):
        """The member forms taking part: not deleted, and filled in or required."""
        return [
            f
            for f in self.forms
            if hasattr(f, "cleaned_data")
            and not (self.can_delete and self._should_delete_form(f))
            and (f.has_changed() or not f.empty_permitted)
        ]

    def clean(self):
        # Every check runs, whatever else failed, so all errors show in one pass (a
        # duplicate e-mail is not held back until another member's phone is fixed).
        forms_ = self._live_forms()
        with_email = [f for f in forms_ if f.cleaned_data.get("email")]
        emails = sorted({f.cleaned_data["email"] for f in with_email})
        taken = self.taken_emails(emails) if self.taken_emails and emails else set()
        seen: set[str] = set()
        for form in with_email:
            email = form.cleaned_data["email"]
            if email in seen:
                form.add_error("email", _("Two members have this e-mail address."))
            elif email in taken:
                form.add_error(
                    "email",
                    _(
                        "This e-mail address is already a member of an active sponsor group. "
                        "A person can be in one group at a time; contact your coordinator if "
                        "this is a mistake."
                    ),
                )
            seen.add(email)
        # Raised last: the checks above have put their errors on the members already.
        if sum(bool(f.cleaned_data.get("is_contact")) for f in forms_) != 1:
            raise forms.ValidationError(_("Mark exactly one member as the contact member."))

    def members(self) -> list[dict]:
        return [f.member_data() for f in self.filled_forms()]


def member_formset(programme, *, data=None, initial=None, extra=0, taken_emails=None):
    formset_class = forms.formset_factory(
        MemberForm,
        formset=BaseMemberFormSet,
        extra=extra,
        can_delete=True,
        min_num=programme.min_group_size,
        validate_min=True,
        max_num=MAX_MEMBERS,
        validate_max=True,
    )
    return formset_class(data=data, initial=initial, prefix="members", taken_emails=taken_emails)


class CapacityForm(forms.Form):
    max_household_size = forms.IntegerField(
        label=_("Largest household the group can support"),
        min_value=1,
        max_value=20,
        help_text=_("Number of persons, e.g. 4 for a family of four."),
    )
    supported_vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities the group feels able to support"),
        required=False,
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    accepts_financial_duties = forms.BooleanField(
        label=_(
            "The group accepts the programme's financial duties (rent deposit and first utilities)."
        ),
        required=True,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        if not programme.groups_have_financial_duties:
            del self.fields["accepts_financial_duties"]


class ConsentForm(HoneypotMixin):
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and, on behalf of every member named, consent "
            "to the processing of this data for the sponsorship programme."
        ),
        error_messages={"required": _("Without consent we cannot process the application.")},
    )
