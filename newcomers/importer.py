"""CSV/XLSX import of households (the dry-run / all-or-nothing flow of csvimport).

Lists inside a cell are separated by ``;`` (or ``|``); pairs by ``:``, e.g.
``members = principal:30-49; child:5-11`` and ``languages = ar:native; en:basic``. Every
code may be given by its label instead (``Principal applicant:30–49 years``, ``Arabic:
Native``, ``Syria``; see sponsorship/importcodes.py). The household list exports these
columns, so an export imports back. Whoever imports gets case access to the households,
as when registering one by hand.
"""

from __future__ import annotations

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
from sponsorship.importcodes import (
    CodeList,
    Lookup,
    LookupField,
    LookupListField,
    YesNoField,
    programme_list,
    resolve_programme,
    resolve_town,
    town_list,
)
from sponsorship.models import Municipality
from sponsorship.vocab import LANGUAGES, LanguageLevel, Vulnerability

TEMPLATE_COLUMNS = (
    "pseudonym",
    "programme",
    "municipality",
    "country_of_stay",
    "members",
    "languages",
    "interests",
    "expected_arrival",
    "study_goal",
    "work_sector",
    "needs_step_free",
    "needs_ground_floor",
    "priorities",
    "nationality",
    "vulnerabilities",
)


class HouseholdRowForm(forms.Form):
    pseudonym = forms.CharField(max_length=80)
    programme = forms.CharField()
    municipality = forms.CharField()
    country_of_stay = LookupField(COUNTRIES)
    members = forms.CharField()
    languages = forms.CharField(required=False)
    interests = LookupListField(Interest.choices, required=False)
    expected_arrival = forms.DateField(required=False)
    study_goal = LookupField(StudyGoal.choices, required=False)
    work_sector = LookupField(WorkSector.choices, required=False)
    # Not BooleanField: that reads "nee" and "no" as True.
    needs_step_free = YesNoField(required=False)
    needs_ground_floor = YesNoField(required=False)
    priorities = forms.CharField(required=False, max_length=text.NOTE)
    nationality = LookupField(COUNTRIES, required=False)
    vulnerabilities = LookupListField(Vulnerability.choices, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_programme(self):
        return resolve_programme(_programmes_for(self.user), self.cleaned_data["programme"])

    def clean_municipality(self):
        return resolve_town(
            Municipality.objects.visible_to(self.user), self.cleaned_data["municipality"]
        )

    def clean_members(self):
        members = Lookup(Relation.choices).resolve_pairs(
            self.cleaned_data["members"], Lookup(AgeBand.choices), _("relation:age band")
        )
        if not members:
            raise forms.ValidationError(_("List at least one member."))
        if sum(1 for rel, _band in members if rel == Relation.PRINCIPAL) > 1:
            raise forms.ValidationError(_("Only one principal applicant per household."))
        return members

    def clean_languages(self):
        # A level may be unknown ("ar" or "ar:"), as on the household form.
        return dict(
            Lookup(LANGUAGES).resolve_pairs(
                self.cleaned_data["languages"],
                Lookup(LanguageLevel.choices),
                _("language:level"),
                right_optional=True,
            )
        )

    def clean_interests(self):
        return sorted(self.cleaned_data["interests"])

    def clean_vulnerabilities(self):
        return sorted(self.cleaned_data["vulnerabilities"])


class HouseholdImporter(CsvImporter):
    row_form = HouseholdRowForm
    columns = TEMPLATE_COLUMNS
    required_columns = ("pseudonym", "programme", "municipality", "country_of_stay", "members")
    object_label = "newcomers.household"
    template_filename = "households-template"

    def form_kwargs(self) -> dict:
        return {"user": self.user}

    def code_lists(self) -> list[CodeList]:
        return [
            programme_list(_programmes_for(self.user), "programme"),
            town_list(Municipality.objects.visible_to(self.user), "municipality"),
            CodeList("country_of_stay", _("Countries"), COUNTRIES),
            CodeList("members", _("Relations"), Relation.choices),
            CodeList("members", _("Age bands"), AgeBand.choices),
            CodeList("languages", _("Languages"), LANGUAGES),
            CodeList("languages", _("Language levels"), LanguageLevel.choices),
            CodeList("interests", _("Interests"), Interest.choices),
            CodeList("study_goal", _("Study goals"), StudyGoal.choices),
            CodeList("work_sector", _("Work sectors"), WorkSector.choices),
            CodeList("vulnerabilities", _("Vulnerabilities"), Vulnerability.choices),
        ]

    def describe(self, form) -> str:
        return str(
            gettext_lazy("create %(name)s (%(n)d members)")
            % {"name": form.cleaned_data["pseudonym"], "n": len(form.cleaned_data["members"])}
        )

    def save_row(self, form, row):
        data = dict(form.cleaned_data)
        members, levels = data.pop("members"), data.pop("languages")
        household = Household(
            reference=next_reference(),
            created_by=self.user,
            languages=list(levels),
            language_levels={c: lvl for c, lvl in levels.items() if lvl},
            **data,
        )
        household.full_clean(exclude=["reference"])
        household.save()
        HouseholdMember.objects.bulk_create(
            HouseholdMember(household=household, relation=rel, age_band=band)
            for rel, band in members
        )
        caseaccess.grant_to_creator(household, self.user)
        services.register(household, actor=self.user)
