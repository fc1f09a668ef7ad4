"""The group members' workspace: their own group only."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import extensions, membership
from groups.checklist import checklist
from groups.forms import ProposeAdditionForm
from groups.models import GroupMember, SponsorGroup
from sponsorship.access import get_visible_or_404, role_required
from sponsorship.errors import add_form_errors, flash_errors
from sponsorship.models import Role


@role_required(Role.GROUP_MEMBER)
def workspace(request):
    groups = list(SponsorGroup.objects.visible_to(request.user).select_related("municipality"))
    if len(groups) == 1:
        return redirect("groups:workspace_detail", pk=groups[0].pk)
    return render(request, "groups/workspace_list.html", {"groups": groups})


@role_required(Role.GROUP_MEMBER)
def workspace_detail(request, pk):
    group = get_visible_or_404(
        SponsorGroup.objects.select_related("programme", "municipality"), request.user, pk=pk
    )
    me = group.members.filter(user=request.user, active=True).first()
    is_contact = bool(me and me.is_contact)
    return render(
        request,
        "groups/workspace.html",
        {
            "group": group,
            "me": me,
            "is_contact": is_contact,
            "members": group.members.active(),
            "checklist": checklist(group),
            "workspace_sections": extensions.workspace_sections(),
            "changes": group.membership_changes.pending().select_related("member")
            if is_contact
            else [],
        },
    )


def _contact_group_or_404(request, pk) -> SponsorGroup:
    group = get_visible_or_404(SponsorGroup, request.user, pk=pk)
    if not rules.has_perm("groups.propose_member_change", request.user, group):
        raise PermissionDenied
    return group


def propose_addition(request, pk):
    group = _contact_group_or_404(request, pk)
    form = ProposeAdditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership.propose_addition(group, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Proposal sent; a coordinator will confirm it."))
            return redirect("groups:workspace_detail", pk=group.pk)
    return render(
        request,
        "groups/form_page.html",
        {
            "group": group,
            "form": form,
            "title": _("Propose a new member"),
            "submit": _("Propose"),
            "back": "groups:workspace_detail",
        },
    )


@require_POST
def propose_removal(request, pk):
    member = get_visible_or_404(GroupMember.objects.select_related("group"), request.user, pk=pk)
    if not rules.has_perm("groups.propose_member_change", request.user, member.group):
        raise PermissionDenied
    try:
        membership.propose_removal(
            member, request.user, reason=request.POST.get("reason", "")[:2000]
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Proposal sent; a coordinator will confirm it."))
    return redirect("groups:workspace_detail", pk=member.group_id)
