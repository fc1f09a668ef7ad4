"""Coordinator screens: the group list, a group's page and its workflow actions."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groups import invitations, membership, services
from groups.filters import SponsorGroupFilter
from groups.forms import (
    DocumentsForm,
    MemberProfileForm,
    PlanIntakeForm,
    ReasonForm,
    RecordIntakeForm,
)
from groups.imports import EXPORT_COLUMNS, member_rows
from groups.models import GroupMember, Intake, MembershipChange, SponsorGroup
from groups.timeline import timeline
from sponsorship import audit
from sponsorship.access import get_visible_or_404
from sponsorship.bulk import BulkAction
from sponsorship.errors import add_form_errors, flash_errors
from sponsorship.lists import FilteredListView
from sponsorship.vocab import language_name


def _managed_group_or_404(request, pk) -> SponsorGroup:
    """The group, if the user is staff who may manage groups (403) and sees it (404)."""
    if not request.user.has_perm("groups.manage_group"):
        raise PermissionDenied
    return get_visible_or_404(
        SponsorGroup.objects.select_related("programme", "municipality"), request.user, pk=pk
    )


def may_read_intake_notes(user) -> bool:
    # rules.has_perm, not user.has_perm: Django lets superusers pass every has_perm, and
    # intake notes stay with coordinators even for administrators.
    return rules.has_perm("groups.view_intake_notes", user)


class SponsorGroupList(FilteredListView):
    model = SponsorGroup
    filterset_class = SponsorGroupFilter
    template_name = "groups/group_list.html"
    orderings = {
        "name": "name",
        "town": "municipality__name",
        "status": "status",
        "members": "member_count",
        "household": "max_household_size",
        "applied": "created_at",
    }
    default_ordering = "-applied"
    csv_filename = "sponsor-groups"
    export_permission = "groups.manage_group"
    # The import's columns, one row per active member: an export imports back.
    csv_columns = EXPORT_COLUMNS
    bulk_export = True
    bulk_actions = {
        "invite": BulkAction(
            label=gettext_lazy("Send account invitations"),
            run=invitations.invite_group,
            permission="groups.manage_group",
            row_label=lambda g: g.name,
            confirm=gettext_lazy(
                "Invite every member of the selected groups who has no account yet?"
            ),
            done=gettext_lazy("Invitations sent for %(n)d groups."),
        )
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("groups.manage_group"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        qs = (
            super()
            .base_queryset()
            .select_related("programme", "municipality")
            .annotate(member_count=Count("members", filter=Q(members__active=True)))
        )
        if self.request.GET.get("format") or self.request.method == "POST":
            qs = qs.prefetch_related("members")  # the export's rows (bulk export posts)
        return qs

    def export_rows(self, obj) -> list:
        return member_rows(obj)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for group in context["object_list"]:
            group.language_names = [language_name(c) for c in group.languages]
        return context


group_list = SponsorGroupList.as_view()


def _intake_context(request, group) -> dict:
    intake = Intake.objects.filter(group=group).select_related("interviewer").first()
    show_notes = intake is not None and may_read_intake_notes(request.user)
    if show_notes and intake.held_on:
        audit.record(
            audit.Action.VIEW_SENSITIVE,
            actor=request.user,
            obj=intake,
            fields=list(Intake.NOTE_FIELDS),
            summary="intake notes",
        )
    return {"intake": intake, "show_notes": show_notes}


def group_detail(request, pk):
    group = get_visible_or_404(
        SponsorGroup.objects.select_related("programme", "municipality"), request.user, pk=pk
    )
    if request.user.is_group_member:
        return redirect("groups:workspace_detail", pk=group.pk)
    if not request.user.has_perm("groups.manage_group"):
        raise PermissionDenied
    step, problems = services.next_step(group)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "members": group.members.order_by("-active", "-is_contact", "name"),
            "timeline": timeline(group),
            "next_step": step,
            "next_label": services.MANUAL_STEPS[step][1].label if step else "",
            "problems": problems,
            "changes": group.membership_changes.pending().select_related("member", "proposed_by"),
            "can_record_intake": may_read_intake_notes(request.user),
            **_intake_context(request, group),
        },
    )


def plan_intake(request, pk):
    group = _managed_group_or_404(request, pk)
    intake = Intake.objects.filter(group=group).first()
    initial = {"interviewer": request.user.pk} if request.user.is_coordinator else {}
    if intake:
        initial = {
            "planned_at": intake.planned_at,
            "location": intake.location,
            "interviewer": intake.interviewer_id,
        }
    form = PlanIntakeForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_intake(group, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The intake is planned."))
            return redirect("groups:detail", pk=group.pk)
    return render(
        request,
        "groups/form_page.html",
        {"group": group, "form": form, "title": _("Plan the intake"), "submit": _("Save")},
    )


def record_intake(request, pk):
    group = _managed_group_or_404(request, pk)
    if not may_read_intake_notes(request.user):
        raise PermissionDenied  # the form shows and writes the coordinators-only notes
    intake = Intake.objects.filter(group=group).first()
    if intake is None:
        messages.error(request, _("Plan the intake before recording it."))
        return redirect("groups:detail", pk=group.pk)
    form = RecordIntakeForm(request.POST or None, instance=intake)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_intake(
                group,
                request.user,
                held_on=data["held_on"],
                outcome=data["outcome"],
                notes={f: data[f] for f in Intake.NOTE_FIELDS},
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The intake is recorded."))
            return redirect("groups:detail", pk=group.pk)
    return render(
        request,
        "groups/form_page.html",
        {"group": group, "form": form, "title": _("Record the intake"), "submit": _("Save")},
    )


def member_documents(request, pk):
    member = get_visible_or_404(GroupMember.objects.select_related("group"), request.user, pk=pk)
    if not request.user.has_perm("groups.manage_group"):
        raise PermissionDenied
    form = DocumentsForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_documents(member, request.user, **form.cleaned_data)
        except ValidationError as exc:
            member.refresh_from_db()
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Saved for %(name)s.") % {"name": member.name})
            return redirect("groups:detail", pk=member.group_id)
    return render(
        request,
        "groups/form_page.html",
        {
            "group": member.group,
            "form": form,
            "submit": _("Save"),
            "title": _("Declaration and VOG of %(name)s") % {"name": member.name},
            "intro": _("Record status and dates only; never upload or store the documents."),
        },
    )


@require_POST
def transition(request, pk, step):
    """A manual forward step; the derived ones (ready for matching, matched, active,
    completed) have no URL: their owning operations make them."""
    if step not in services.MANUAL_STEPS:
        raise Http404
    group = _managed_group_or_404(request, pk)
    function, target = services.MANUAL_STEPS[step]
    try:
        function(group, request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The group is now “%(status)s”.") % {"status": target.label})
    return redirect("groups:detail", pk=group.pk)


CLOSE_ACTIONS = {
    "withdraw": (services.withdraw, gettext_lazy("Withdraw the group")),
    "reject": (services.reject, gettext_lazy("Reject the group")),
}


def close_group(request, pk, kind):
    group = _managed_group_or_404(request, pk)
    if kind not in CLOSE_ACTIONS:
        raise PermissionDenied
    function, title = CLOSE_ACTIONS[kind]
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            function(group, request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(
                request,
                _("The group is now “%(status)s”.") % {"status": group.get_status_display()},
            )
            return redirect("groups:detail", pk=group.pk)
    return render(
        request,
        "groups/form_page.html",
        {"group": group, "form": form, "title": title, "submit": title, "danger": True},
    )


@require_POST
def decide_change(request, pk, decision):
    change = get_visible_or_404(
        MembershipChange.objects.select_related("group"), request.user, pk=pk
    )
    if not request.user.has_perm("groups.manage_group") or decision not in ("confirm", "decline"):
        raise PermissionDenied
    try:
        membership.decide(change, request.user, confirm=decision == "confirm")
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("The proposal is %(decision)s.")
            % {"decision": change.get_decision_display().lower()},
        )
    return redirect("groups:detail", pk=change.group_id)


def member_profile(request, pk):
    """A member edits their own profile; a coordinator may edit any member in scope."""
    member = get_visible_or_404(GroupMember.objects.select_related("group"), request.user, pk=pk)
    is_self = member.user_id == request.user.pk
    if not (is_self or request.user.has_perm("groups.manage_group")):
        raise PermissionDenied
    form = MemberProfileForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        membership.update_profile(member, request.user, form)
        messages.success(request, _("The profile is saved."))
        if is_self and request.user.is_group_member:
            return redirect("groups:workspace_detail", pk=member.group_id)
        return redirect("groups:detail", pk=member.group_id)
    return render(
        request,
        "groups/form_page.html",
        {
            "group": member.group,
            "form": form,
            "submit": _("Save"),
            "title": _("Profile of %(name)s") % {"name": member.name},
        },
    )
