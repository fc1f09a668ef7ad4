"""CSV import of households (shared dry-run / all-or-nothing flow of sponsorship.csvimport).

Lists inside a cell are separated by ``;`` (or ``|``); pairs by ``:``, e.g.
``members = principal:30-49; child:5-11`` and ``languages = ar:native; en:basic``.
Whoever imports gets case access to the households, as when registering one by hand.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newcomers import caseaccess, services
from newcomers.choices import COUNTRIES, AgeBand, Interest, Relation, StudyGoal, WorkSector
from newcomers.forms import _programmes_for
from newcomers.models import Household, HouseholdMember
from newcomers.references import next_reference
from sponsorship import text
from sponsorship.csvimport import CsvImporter
from sponsorship.models import Municipality
from sponsorship.vocab import LANGUAGE_CODES, LanguageLevel, Vulnerability

TEMPLATE_COLUMNS = ["pseudonym", "programme", "municipality", "country_of_stay", "members",
                    "languages", "interests", "expected_arrival", "study_goal", "work_sector",
                    "needs_step_free", "needs_ground_floor", "priorities", "nationality",
                    "vulnerabilities"]


def split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", value or "") if part.strip()]


def pairs(value: str, left: set, right: set, what: str) -> list[tuple[str, str]]:
    out = []
    for item in split(value):
        a, _sep, b = (p.strip() for p in item.partition(":"))
        if a not in left or b not in right:
            raise forms.ValidationError(_("“%(item)s” is not a valid %(what)s.") % {
                "item": item, "what": what})
        out.append((a, b))
    return out


class HouseholdRowForm(forms.Form):
    pseudonym = forms.CharField(max_length=80)
    programme = forms.CharField()
    municipality = forms.CharField()
    country_of_stay = forms.ChoiceField(choices=COUNTRIES)
    members = forms.CharField()
    languages = forms.CharField(required=False)
    interests = forms.CharField(required=False)
    expected_arrival = forms.DateField(required=False)
    study_goal = forms.ChoiceField(choices=[("", ""), *StudyGoal.choices], required=False)
    work_sector = forms.ChoiceField(choices=[("", ""), *WorkSector.choices], required=False)
    needs_step_free = forms.BooleanField(required=False)
    needs_ground_floor = forms.BooleanField(required=False)
    priorities = forms.CharField(required=False, max_length=text.NOTE)
    nationality = forms.ChoiceField(choices=[("", ""), *COUNTRIES], required=False)
    vulnerabilities = forms.CharField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_programme(self):
        programme = _programmes_for(self.user).filter(
            slug=self.cleaned_data["programme"]).first()
        if programme is None:
            raise forms.ValidationError(_("Unknown programme, or not yours."))
        return programme

    def clean_municipality(self):
        town = Municipality.objects.visible_to(self.user).filter(
            code=self.cleaned_data["municipality"]).first()
        if town is None:
            raise forms.ValidationError(_("Unknown municipality code, or not in your towns."))
        return town

    def clean_members(self):
        members = pairs(self.cleaned_data["members"], set(Relation.values),
                        set(AgeBand.values), _("relation:age band"))
        if not members:
            raise forms.ValidationError(_("List at least one member."))
        if sum(1 for rel, _band in members if rel == Relation.PRINCIPAL) > 1:
            raise forms.ValidationError(_("Only one principal applicant per household."))
        return members

    def clean_languages(self):
        return dict(pairs(self.cleaned_data["languages"], set(LANGUAGE_CODES),
                          set(LanguageLevel.values), _("language:level")))

    def clean_interests(self):
        return _codes(self.cleaned_data["interests"], Interest.values)

    def clean_vulnerabilities(self):
        return _codes(self.cleaned_data["vulnerabilities"], Vulnerability.values)


def _codes(value: str, allowed) -> list[str]:
    codes = split(value)
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        raise forms.ValidationError(_("Unknown codes: %(codes)s") % {
            "codes": ", ".join(unknown)})
    return sorted(set(codes))


class HouseholdImporter(CsvImporter):
    row_form = HouseholdRowForm
    required_columns = ("pseudonym", "programme", "municipality", "country_of_stay", "members")
    object_label = "newcomers.household"

    def form_kwargs(self) -> dict:
        return {"user": self.user}

    def describe(self, form) -> str:
        return str(gettext_lazy("create %(name)s (%(n)d members)") % {
            "name": form.cleaned_data["pseudonym"], "n": len(form.cleaned_data["members"])})

    def save_row(self, form, row):
        data = dict(form.cleaned_data)
        members, levels = data.pop("members"), data.pop("languages")
        household = Household(reference=next_reference(), created_by=self.user,
                              languages=list(levels), language_levels=levels, **data)
        household.full_clean(exclude=["reference"])
        household.save()
        HouseholdMember.objects.bulk_create(
            HouseholdMember(household=household, relation=rel, age_band=band)
            for rel, band in members)
        caseaccess.grant_to_creator(household, self.user)
        services.register(household, actor=self.user)
