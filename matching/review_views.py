"""The municipality's review (pseudonymous dossier, PDF, approve, reject) and the group's
own match page (anonymous profile, confirm, decline)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching import services
from matching.dossier import dossier
from matching.forms import OptionalReasonForm, ReasonForm
from matching.lookups import PROPOSAL_RELATED, get_proposal_for_user
from matching.models import MatchProposal
from sponsorship import audit
from sponsorship.access import get_visible_or_404, role_required
from sponsorship.errors import flash_errors
from sponsorship.models import Role
from sponsorship.pdf import PDF_CONTENT_TYPE, content_disposition, render_pdf


def dossier_view(request, pk):
    proposal = get_proposal_for_user(request.user, pk, perm="matching.view_dossier")
    context = dossier(request.user, proposal)
    context["reason_form"] = ReasonForm()
    context["can_decide"] = (
        request.user.has_perm("matching.decide") and proposal.status == MatchProposal.Status.SENT
    )
    return render(request, "matching/dossier.html", context)


def dossier_pdf(request, pk):
    proposal = get_proposal_for_user(request.user, pk, perm="matching.view_dossier")
    pdf = render_pdf("matching/pdf/dossier.html", dossier(request.user, proposal))
    audit.record(audit.Action.EXPORT, actor=request.user, obj=proposal, summary="match dossier PDF")
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(
        f"match-dossier-{proposal.household.reference}.pdf"
    )
    return response


def _decide(request, pk, call, success: str):
    proposal = get_proposal_for_user(request.user, pk, perm="matching.decide")
    try:
        call(proposal)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("matching:dossier", pk=proposal.pk)


@require_POST
@role_required(Role.MUNICIPAL_STAFF)  # not has_perm: superusers pass every rules check
def proposal_approve(request, pk):
    return _decide(
        request,
        pk,
        lambda p: services.approve(p, request.user),
        _("Match approved; the home is allocated."),
    )


@require_POST
@role_required(Role.MUNICIPAL_STAFF)
def proposal_reject(request, pk):
    return _decide(
        request,
        pk,
        lambda p: services.reject(p, request.user, reason=request.POST.get("reason", "")),
        _("Match rejected."),
    )


# --- the group's side ---------------------------------------------------------------------


def _profile(household) -> dict:
    """Only the anonymous general profile (codes, counts, a town and an arrival quarter),
    in words."""
    from newcomers import profile

    return profile.labelled(profile.build(profile.snapshot(household)))


@role_required(Role.GROUP_MEMBER)
def my_matches(request):
    proposals = MatchProposal.objects.visible_to(request.user).select_related(
        "group", "offer", "offer__municipality"
    )
    return render(request, "matching/my_matches.html", {"proposals": proposals})


@role_required(Role.GROUP_MEMBER)
def my_match(request, pk):
    proposal = get_visible_or_404(
        MatchProposal.objects.select_related(*PROPOSAL_RELATED), request.user, pk=pk
    )
    from groups.membership import is_contact_member

    return render(
        request,
        "matching/my_match.html",
        {
            "proposal": proposal,
            "profile": _profile(proposal.household),
            "code": getattr(getattr(proposal.household, "anonymous_profile", None), "code", ""),
            "is_contact": is_contact_member(request.user, proposal.group),
            "meetings": proposal.meetings.all(),
            "decline_form": OptionalReasonForm(),
        },
    )


def _group_action(request, pk, call, success: str):
    proposal = get_visible_or_404(MatchProposal, request.user, pk=pk)
    try:
        call(proposal)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("matching:my_match", pk=proposal.pk)


@require_POST
@role_required(Role.GROUP_MEMBER)
def my_match_confirm(request, pk):
    return _group_action(
        request,
        pk,
        lambda p: services.confirm_for_group(p, request.user),
        _("Thank you: your group confirmed the match."),
    )


@require_POST
@role_required(Role.GROUP_MEMBER)
def my_match_decline(request, pk):
    return _group_action(
        request,
        pk,
        lambda p: services.decline(
            p, request.user, side=MatchProposal.Side.GROUP, reason=request.POST.get("reason", "")
        ),
        _("Your group declined. This has no consequences; you stay available for matching."),
    )
