"""Coordinator screens for households: list, register, detail, edit, identity, import."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newcomers import caseaccess, display, services
from newcomers.filters import HouseholdFilter
from newcomers.forms import CaseAccessForm, HouseholdForm, IdentityForm, MemberFormSet
from newcomers.machines import HOUSEHOLD
from newcomers.models import AnonymousProfile, Household, HouseholdIdentity, ProfileInterest
from newcomers.references import next_reference
from newcomers.sensitivity import (
    Purpose,
    can_see_sensitive,
    case_household_ids,
    is_filled,
    record_export,
    reveal,
    sensitive_field_names,
)
from sponsorship import audit, timelines
from sponsorship.access import get_visible_or_404, role_required
from sponsorship.bulk import BulkAction
from sponsorship.csvimport import import_view
from sponsorship.lists import FilteredListView
from sponsorship.models import Role
from sponsorship.vocab import label, labels

MANAGERS = (Role.COORDINATOR, Role.ADMINISTRATOR)


def get_household(user, pk, queryset=None) -> Household:
    """The household if ``user`` may see it, else 404 (audited)."""
    qs = (
        queryset
        if queryset is not None
        else Household.objects.select_related("programme", "municipality")
    )
    return get_visible_or_404(qs, user, pk=pk)


def _pair(left, left_kind, right, right_kind) -> str:
    """ "Arabisch:moedertaal": words, in the import's left:right form."""
    return label(left, left_kind) + (f":{label(right, right_kind)}" if right else "")


def _public_columns():
    # In words, and with the import's columns (newcomers/importer.py), which reads the
    # words back: an export imports back.
    return {
        "reference": lambda h: h.reference,
        "pseudonym": lambda h: h.pseudonym,
        "status": lambda h: label(h.status, "newcomers.Household.status"),
        "programme": lambda h: h.programme.name,
        "municipality": lambda h: h.municipality.code,
        "town": lambda h: h.municipality.name,
        "size": lambda h: h.size,
        "country_of_stay": lambda h: label(
            h.country_of_stay, "newcomers.Household.country_of_stay"
        ),
        "members": lambda h: [
            _pair(
                m.relation,
                "newcomers.HouseholdMember.relation",
                m.age_band,
                "newcomers.HouseholdMember.age_band",
            )
            for m in h.members.all()
        ],
        "languages": lambda h: [
            _pair(c, "language", lvl, "level") for c, lvl in h.language_items()
        ],
        "interests": lambda h: labels(h.interests, "interest"),
        "study_goal": lambda h: label(h.study_goal, "study_goal"),
        "work_sector": lambda h: label(h.work_sector, "work_sector"),
        "priorities": lambda h: h.priorities,
        "expected_arrival": lambda h: h.expected_arrival,
        "arrival_date": lambda h: h.arrival_date,
        "needs_step_free": lambda h: label(h.needs_step_free, "yes_no"),
        "needs_ground_floor": lambda h: label(h.needs_ground_floor, "yes_no"),
        "needs_alternative_support": lambda h: label(h.needs_alternative_support, "yes_no"),
    }


class HouseholdList(FilteredListView):
    model = Household
    filterset_class = HouseholdFilter
    template_name = "newcomers/household_list.html"
    orderings = {
        "reference": "reference",
        "pseudonym": "pseudonym",
        "status": "status",
        "municipality": "municipality__name",
        "size": "member_count",
        "arrival": "expected_arrival",
    }
    default_ordering = "reference"
    csv_filename = "households"
    csv_columns = {}  # built per user in get_csv_columns
    bulk_export = True
    bulk_actions = {
        "publish": BulkAction(
            label=gettext_lazy("Publish anonymous profiles"),
            run=lambda household, actor: services.publish_profile(household, actor=actor),
            permission="newcomers.manage_household",
            row_label=lambda h: h.reference,
            confirm=gettext_lazy(
                "Show the anonymous profiles of the selected households to sponsor groups?"
            ),
            done=gettext_lazy("%(n)d anonymous profiles published."),
        )
    }

    def base_queryset(self):
        qs = super().base_queryset().with_member_count().select_related("programme", "municipality")
        if self.request.GET.get("format") or self.request.method == "POST":
            qs = qs.prefetch_related("members")  # the export's members column
        return qs

    def get_csv_columns(self) -> dict:
        columns = _public_columns()
        if case_household_ids(self.request.user):
            allowed = case_household_ids(self.request.user)
            for name in sensitive_field_names(Household):
                columns[name] = _sensitive_cell(name, allowed)
        return columns

    def audit_export(self, columns, kind):
        # CSV and XLSX alike: each household whose sensitive fields leave is audited.
        allowed = case_household_ids(self.request.user)
        if allowed:
            ids = self.get_queryset().filter(pk__in=allowed).values_list("pk", flat=True)
            record_export(
                self.request.user,
                [Household(pk=pk) for pk in ids],
                sensitive_field_names(Household),
            )
        super().audit_export(columns, kind)


def _sensitive_cell(name, allowed):
    """A sensitive column: filled only for households the user holds case access to; coded
    fields (nationality, vulnerabilities) in words."""
    field = Household._meta.get_field(name)
    coded = getattr(field, "base_field", field).choices

    def cell(h):
        if h.pk not in allowed:
            return ""
        value = getattr(h, name)
        if not coded:
            return value
        return labels(value, field) if isinstance(value, list) else label(value, field)

    return cell


household_list = role_required(*MANAGERS)(HouseholdList.as_view())


@role_required(*MANAGERS)
def household_create(request):
    household = Household(created_by=request.user)
    form = HouseholdForm(
        request.POST or None, instance=household, user=request.user, show_sensitive=True
    )
    members = MemberFormSet(request.POST or None, instance=household, prefix="members")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        with transaction.atomic():
            household.reference = next_reference()
            form.save()
            members.save()
            caseaccess.grant_to_creator(household, request.user)
            services.register(household, actor=request.user)
        messages.success(request, _("%(name)s is registered.") % {"name": household.pseudonym})
        return redirect("newcomers:household_detail", pk=household.pk)
    return render(
        request,
        "newcomers/household_form.html",
        {"form": form, "members": members, "title": _("Register a household")},
    )


def household_detail(request, pk, *, revealed=(), purpose="", error=""):
    household = get_household(request.user, pk)
    sees = can_see_sensitive(request.user, household)
    context = {
        "household": household,
        "public_rows": display.household_rows(household, sensitive=False),
        "members": list(household.members.all()),
        "may_manage": request.user.role in MANAGERS,
        "sees_sensitive": sees,
    }
    if request.user.role in MANAGERS:
        context.update(_manager_context(request, household, sees))
        if sees:
            # Masked until revealed (reveal_views.py): a page view names no field in the audit.
            items = display.sensitive_items(household, context["withdrawals"])
            context.update(
                display.section_context(
                    household, items, revealed=revealed, purpose=purpose, error=error
                )
            )
    return render(request, "newcomers/household_detail.html", context)


def _manager_context(request, household, sees) -> dict:
    withdrawals = list(household.withdrawals.select_related("recorded_by"))
    accesses = household.case_accesses.active().select_related("user", "granted_by")
    may_grant = caseaccess.may_grant(request.user, household)
    return {
        "timeline": timelines.transitions(household, HOUSEHOLD),
        "sessions": household.information_sessions.select_related("recorded_by"),
        "consents": household.consents.select_related("information", "recorded_by"),
        "withdrawals": withdrawals,
        "active_consent": services.active_consent(household),
        "may_preselect": services.can(household, "pre_select"),
        "may_record_intake": services.can(household, "record_intake"),
        "may_inform": household.status in services.INFORMABLE,
        "may_consent": services.can(household, "record_consent"),
        "may_withdraw": services.can(household, "withdraw"),
        "profile": AnonymousProfile.objects.filter(household=household).first(),
        "interests": ProfileInterest.objects.filter(profile__household=household)
        .select_related("group", "group__municipality")
        .order_by("created_at"),
        "accesses": accesses,
        "may_grant": may_grant,
        "access_form": CaseAccessForm(users=caseaccess.grantable_users(household))
        if may_grant
        else None,
    }


@role_required(*MANAGERS)
def household_edit(request, pk):
    household = get_household(request.user, pk)
    sees = can_see_sensitive(request.user, household)
    form = HouseholdForm(
        request.POST or None, instance=household, user=request.user, show_sensitive=sees
    )
    members = MemberFormSet(request.POST or None, instance=household, prefix="members")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        with transaction.atomic():
            form.save()
            members.save()
            changed = form.changed_data + (["members"] if members.has_changed() else [])
            if set(form.instance.languages) != set(form.initial.get("languages") or []):
                changed.append("languages")
            audit.record(audit.Action.UPDATE, actor=request.user, obj=household, fields=changed)
        messages.success(request, _("Saved."))
        return redirect("newcomers:household_detail", pk=household.pk)
    if sees and request.method == "GET":
        # The form needs the values to edit them: opening it is a reveal for correction,
        # naming the sensitive fields it shows filled.
        shown = [n for n in sensitive_field_names(Household) if is_filled(getattr(household, n))]
        reveal(request.user, household, shown, summary="edit form", purpose=Purpose.CORRECTION)
    return render(
        request,
        "newcomers/household_form.html",
        {
            "form": form,
            "members": members,
            "household": household,
            "title": _("Edit %(name)s") % {"name": household.pseudonym},
        },
    )


@role_required(*MANAGERS)
def household_identity(request, pk):
    household = get_household(request.user, pk)
    if not can_see_sensitive(request.user, household):
        audit.record(
            audit.Action.PERMISSION_DENIED,
            actor=request.user,
            obj=household,
            summary="identity without case access",
        )
        messages.error(request, _("You need case access to see the identity."))
        return redirect("newcomers:household_detail", pk=household.pk)
    identity = HouseholdIdentity.objects.filter(household=household).first() or HouseholdIdentity(
        household=household
    )
    form = IdentityForm(request.POST or None, instance=identity)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(
            audit.Action.UPDATE,
            actor=request.user,
            obj=household,
            fields=[f"householdidentity.{n}" for n in form.changed_data],
        )
        messages.success(request, _("Identity saved."))
        return redirect("newcomers:household_detail", pk=household.pk)
    if request.method == "GET":
        reveal(
            request.user,
            household,
            [
                f"householdidentity.{n}"
                for n in display.IDENTITY_FIELDS
                if is_filled(getattr(identity, n))
            ],
            summary="identity form",
            purpose=Purpose.CORRECTION,
        )
    return render(request, "newcomers/identity_form.html", {"form": form, "household": household})


@role_required(*MANAGERS)
def household_import(request):
    from newcomers.importer import TEMPLATE_COLUMNS, HouseholdImporter

    return import_view(
        request,
        HouseholdImporter,
        title=gettext_lazy("Import households"),
        template_columns=TEMPLATE_COLUMNS,
        back_url=reverse("newcomers:household_list"),
    )
