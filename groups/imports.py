"""CSV import of groups from coordinators' spreadsheets: one row per member.

Rows with the same group_name, town_code and programme form one group; its group columns
are read from its first row and must agree on the others. Imported groups start as
"applied" and follow the normal lifecycle (see docs/groups.md). The group list exports
the same columns, one row per active member, so an export imports back.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from groups import vog
from groups.apply_forms import parse_interests, phone_validator
from groups.models import GroupMember, SponsorGroup
from groups.services import email_in_active_group, refresh_languages
from sponsorship import audit, text
from sponsorship.csvimport import CsvImporter, import_view
from sponsorship.importcodes import (
    CodeList,
    Lookup,
    LookupListField,
    YesNoField,
    programme_list,
    resolve_programme,
    resolve_town,
    town_list,
)
from sponsorship.models import Municipality, Programme
from sponsorship.vocab import LANGUAGES, LanguageLevel, Vulnerability, label, labels

GROUP_COLUMNS = (
    "group_name",
    "town_code",
    "programme",
    "neighbourhood",
    "max_household_size",
    "vulnerabilities",
    "interests",
    "motivation",
)
MEMBER_COLUMNS = (
    "member_name",
    "member_email",
    "member_phone",
    "languages",
    "is_contact",
    "declaration_signed_on",
    "vog_issued_on",
    "vog_received_on",
)
COLUMNS = GROUP_COLUMNS + MEMBER_COLUMNS
REQUIRED = (
    "group_name",
    "town_code",
    "programme",
    "neighbourhood",
    "max_household_size",
    "member_name",
    "member_email",
    "member_phone",
    "languages",
    "is_contact",
)
LIST_SEPARATORS = re.compile(r"[;,|]")


class GroupRowForm(forms.Form):
    group_name = forms.CharField(max_length=120)
    town_code = forms.CharField(max_length=12)
    programme = forms.CharField(max_length=50)
    neighbourhood = forms.CharField(max_length=120)
    max_household_size = forms.IntegerField(min_value=1, max_value=20)
    vulnerabilities = LookupListField(
        Vulnerability.choices, required=False, separators=LIST_SEPARATORS
    )
    interests = forms.CharField(required=False, max_length=600)
    motivation = forms.CharField(required=False, max_length=text.NOTE)
    member_name = forms.CharField(max_length=150)
    member_email = forms.EmailField()
    member_phone = forms.CharField(max_length=40, validators=[phone_validator])
    languages = forms.CharField(help_text="nl:native; ar:basic")
    is_contact = YesNoField(required=False)
    declaration_signed_on = forms.DateField(required=False)
    vog_issued_on = forms.DateField(required=False)
    vog_received_on = forms.DateField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_town_code(self):
        return resolve_town(
            Municipality.objects.visible_to(self.user), self.cleaned_data["town_code"]
        )

    def clean_programme(self):
        return resolve_programme(Programme.objects.all(), self.cleaned_data["programme"])

    def clean_languages(self):
        languages, levels = Lookup(LANGUAGES), Lookup(LanguageLevel.choices)
        try:
            return dict(
                languages.resolve_pairs(
                    self.cleaned_data["languages"],
                    levels,
                    "language:level",
                    separators=LIST_SEPARATORS,
                )
            )
        except forms.ValidationError as exc:
            raise forms.ValidationError(
                _(
                    "Write languages as language:level, e.g. “nl:native; ar:basic” or "
                    "“Dutch:native”; %(problem)s"
                )
                % {"problem": exc.messages[0]}
            ) from None

    def clean_member_email(self):
        email = self.cleaned_data["member_email"].strip().lower()
        if email_in_active_group(email):
            raise forms.ValidationError(_("Already a member of an active sponsor group."))
        return email

    def clean(self):
        data = super().clean()
        vog.check_form_dates(self, data)
        programme, town = data.get("programme"), data.get("town_code")
        if programme and town and programme.country != town.country:
            self.add_error("programme", _("This programme does not run in this town."))
        return data

    def group_key(self) -> tuple:
        d = self.cleaned_data
        return d["group_name"].strip().lower(), d["town_code"].pk, d["programme"].pk


class GroupImporter(CsvImporter):
    row_form = GroupRowForm
    columns = COLUMNS
    required_columns = REQUIRED
    object_label = "groups.sponsorgroup"
    template_filename = "sponsor-groups-template"

    def __init__(self, user):
        super().__init__(user)
        self._groups: dict[tuple, SponsorGroup] = {}

    def form_kwargs(self) -> dict:
        return {"user": self.user}

    def code_lists(self) -> list[CodeList]:
        return [
            town_list(Municipality.objects.visible_to(self.user), "town_code"),
            programme_list(Programme.objects.filter(active=True), "programme"),
            CodeList("vulnerabilities", _("Vulnerabilities"), Vulnerability.choices),
            CodeList("languages", _("Languages"), LANGUAGES),
            CodeList("languages", _("Language levels"), LanguageLevel.choices),
        ]

    def describe(self, form) -> str:
        d = form.cleaned_data
        return _("member %(member)s of group %(group)s") % {
            "member": d["member_name"],
            "group": d["group_name"],
        }

    def check_rows(self, report, forms_) -> None:
        by_group: dict[tuple, list] = {}
        emails: dict[str, int] = {}
        for row, form in zip(report.rows, forms_, strict=True):
            if not form.is_valid():
                continue
            by_group.setdefault(form.group_key(), []).append((row, form))
            email = form.cleaned_data["member_email"]
            if email in emails:
                row.errors.append(("member_email", _("Also in row %(n)d.") % {"n": emails[email]}))
            emails.setdefault(email, row.number)
        for rows in by_group.values():
            self._check_group(rows)

    def _check_group(self, rows) -> None:
        first_row, first = rows[0]
        for row, _form in rows[1:]:
            for column in GROUP_COLUMNS[3:]:
                if row.values.get(column, "") != first_row.values.get(column, ""):
                    row.errors.append(
                        (
                            column,
                            _("Differs from row %(n)d of the same group.")
                            % {"n": first_row.number},
                        )
                    )
        contacts = sum(1 for _row, form in rows if form.cleaned_data["is_contact"])
        if contacts != 1:
            first_row.errors.append(
                (
                    "is_contact",
                    _("A group needs exactly one contact member; this one has %(n)d.")
                    % {"n": contacts},
                )
            )
        programme = first.cleaned_data["programme"]
        if len(rows) < programme.min_group_size:
            first_row.errors.append(
                (
                    "group_name",
                    _("The programme needs at least %(n)d members; the file has %(m)d.")
                    % {"n": programme.min_group_size, "m": len(rows)},
                )
            )
        d = first.cleaned_data
        if (
            SponsorGroup.objects.open()
            .filter(name__iexact=d["group_name"], municipality=d["town_code"], programme=programme)
            .exists()
        ):
            first_row.errors.append(
                ("group_name", _("An open group with this name already exists in this town."))
            )

    def _group_for(self, form) -> SponsorGroup:
        key = form.group_key()
        if key not in self._groups:
            d = form.cleaned_data
            group = SponsorGroup.objects.create(
                programme=d["programme"],
                municipality=d["town_code"],
                name=d["group_name"],
                neighbourhood=d["neighbourhood"],
                max_household_size=d["max_household_size"],
                supported_vulnerabilities=d["vulnerabilities"],
                interests=parse_interests(d["interests"]),
                motivation=d["motivation"],
                privacy_notice_version="import",
            )
            audit.record(audit.Action.CREATE, actor=self.user, obj=group, summary="CSV import")
            self._groups[key] = group
        return self._groups[key]

    def save_row(self, form, row) -> None:
        d = form.cleaned_data
        group = self._group_for(form)
        # Re-checked while saving: another import or application may have taken the e-mail
        # since the preview; the ValidationError then rolls back the whole file.
        if email_in_active_group(d["member_email"], exclude_group_id=group.pk):
            raise ValidationError(
                _("%(email)s is already a member of an active sponsor group.")
                % {"email": d["member_email"]}
            )
        GroupMember.objects.create(
            group=group,
            name=d["member_name"],
            email=d["member_email"],
            phone=d["member_phone"],
            languages=d["languages"],
            is_contact=d["is_contact"],
            declaration_signed_on=d["declaration_signed_on"],
            vog_issued_on=d["vog_issued_on"],
            vog_received_on=d["vog_received_on"],
        )
        refresh_languages(group)


def import_groups(request):
    if not request.user.has_perm("groups.manage_group"):
        raise PermissionDenied
    return import_view(
        request,
        GroupImporter,
        title=_("Import sponsor groups"),
        back_url=reverse("groups:list"),
        cache_prefix="groups-import",
    )


# --- the group list's export: the import's columns, one row per active member -----------


def _member(getter):
    return lambda row: getter(row[1]) if row[1] is not None else ""


def _optional_date(value):
    return value.isoformat() if value else ""


# In words (the import reads them back), except the town's code: the column says code.
EXPORT_COLUMNS = {
    "group_name": lambda row: row[0].name,
    "town_code": lambda row: row[0].municipality.code,
    "programme": lambda row: row[0].programme.name,
    "neighbourhood": lambda row: row[0].neighbourhood,
    "max_household_size": lambda row: row[0].max_household_size,
    "vulnerabilities": lambda row: labels(row[0].supported_vulnerabilities, "vulnerability"),
    "interests": lambda row: row[0].interests,
    "motivation": lambda row: row[0].motivation,
    "member_name": _member(lambda m: m.name),
    "member_email": _member(lambda m: m.email),
    "member_phone": _member(lambda m: m.phone),
    "languages": _member(
        lambda m: [
            f"{label(c, 'language')}:{label(lvl, 'level')}" for c, lvl in m.languages.items()
        ]
    ),
    "is_contact": _member(lambda m: label(m.is_contact, "yes_no")),
    "declaration_signed_on": _member(lambda m: _optional_date(m.declaration_signed_on)),
    "vog_issued_on": _member(lambda m: _optional_date(m.vog_issued_on)),
    "vog_received_on": _member(lambda m: _optional_date(m.vog_received_on)),
    # For reading only; the import ignores these.
    "town": lambda row: row[0].municipality.name,
    "status": lambda row: label(row[0].status, "groups.SponsorGroup.status"),
    "applied": lambda row: row[0].created_at.date().isoformat(),
}


def member_rows(group) -> list[tuple]:
    """(group, member) per active member, contact first; (group, None) for none."""
    members = sorted(
        (m for m in group.members.all() if m.active), key=lambda m: (not m.is_contact, m.name)
    )
    return [(group, m) for m in members] or [(group, None)]
