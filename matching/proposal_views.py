"""Coordinator pages for proposals: list, review, accept, edit, send, withdraw, by hand,
the household's answer and the introduction meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groups.models import SponsorGroup
from housing.models import HousingOffer
from matching import services
from matching.filters import ProposalFilter
from matching.forms import (
    EditProposalForm,
    ManualProposalForm,
    MeetingForm,
    MeetingOutcomeForm,
    OptionalReasonForm,
    ReasonForm,
)
from matching.lookups import PROPOSAL_RELATED, get_meeting_for_user, get_proposal_for_user
from matching.machines import PROPOSAL
from matching.models import MatchProposal
from matching.texts import alternatives_for, criteria_for, score_parts
from sponsorship import timelines
from sponsorship.bulk import BulkAction
from sponsorship.errors import add_form_errors, flash_errors
from sponsorship.lists import FilteredListView
from sponsorship.vocab import label


class ProposalList(FilteredListView):
    """Coordinators: every proposal in scope; municipal staff: those sent to them."""

    model = MatchProposal
    filterset_class = ProposalFilter
    template_name = "matching/proposal_list.html"
    orderings = {
        "created": "created_at",
        "status": "status",
        "score": "score",
        "household": "household__pseudonym",
    }
    default_ordering = "-created"
    csv_filename = "match-proposals"
    csv_columns = {
        "id": lambda p: p.pk,
        "status": lambda p: label(p.status, "matching.MatchProposal.status"),
        "household": lambda p: p.household.reference,
        "group": lambda p: p.group.name,
        "home": lambda p: p.offer_id,
        "municipality": lambda p: p.offer.municipality.name,
        "score": lambda p: round(p.score, 2),
        "run": lambda p: p.run_id or "",
    }
    bulk_export = True
    bulk_actions = {
        "accept": BulkAction(
            label=gettext_lazy("Accept"),
            run=services.accept,
            permission="matching.review",
            row_label=lambda p: p.household.reference,
            confirm=gettext_lazy("Accept the selected proposals?"),
            done=gettext_lazy("%(n)d proposals accepted."),
        ),
        "send": BulkAction(
            label=gettext_lazy("Send to the municipality"),
            run=services.send,
            permission="matching.review",
            row_label=lambda p: p.household.reference,
            confirm=gettext_lazy(
                "Send the selected proposals to the municipality for its decision?"
            ),
            done=gettext_lazy("%(n)d proposals sent to the municipality."),
        ),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("matching.view_dossier"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return super().base_queryset().select_related(*PROPOSAL_RELATED)


proposal_list = ProposalList.as_view()


def proposal_detail(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    groups = SponsorGroup.objects.in_bulk([a["group_id"] for a in proposal.alternatives])
    offers = HousingOffer.objects.in_bulk([a["offer_id"] for a in proposal.alternatives])
    alternatives = [
        {**a, "group": groups.get(a["group_id"]), "offer": offers.get(a["offer_id"])}
        for a in alternatives_for(request.user, proposal.household, proposal.alternatives)
    ]
    criteria = criteria_for(request.user, proposal.household, proposal.criteria)
    return render(
        request,
        "matching/proposal_detail.html",
        {
            "proposal": proposal,
            "criteria": criteria,
            "score": score_parts(proposal, criteria),
            "alternatives": alternatives,
            "warnings": criteria_for(request.user, proposal.household, proposal.warnings),
            "meetings": proposal.meetings.all(),
            "history": timelines.merged(proposal, PROPOSAL, limit=30),
            "reason_form": ReasonForm(),
            "decline_form": OptionalReasonForm(),
        },
    )


def _action(request, pk, call, success: str):
    proposal = get_proposal_for_user(request.user, pk)
    try:
        call(proposal)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("matching:proposal_detail", pk=proposal.pk)


@require_POST
def proposal_accept(request, pk):
    return _action(request, pk, lambda p: services.accept(p, request.user), _("Proposal accepted."))


@require_POST
def proposal_send(request, pk):
    return _action(
        request,
        pk,
        lambda p: services.send(p, request.user),
        _("Proposal sent to the municipality."),
    )


@require_POST
def proposal_withdraw(request, pk):
    return _action(
        request,
        pk,
        lambda p: services.withdraw(p, request.user, reason=request.POST.get("reason", "")),
        _("Proposal withdrawn."),
    )


@require_POST
def proposal_confirm_household(request, pk):
    return _action(
        request,
        pk,
        lambda p: services.confirm_for_household(p, request.user),
        _("The household's confirmation was recorded."),
    )


@require_POST
def proposal_decline_household(request, pk):
    return _action(
        request,
        pk,
        lambda p: services.decline(
            p,
            request.user,
            side=MatchProposal.Side.HOUSEHOLD,
            reason=request.POST.get("reason", ""),
        ),
        _("The household declined; group and household are free for a later run."),
    )


def proposal_edit(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    form = EditProposalForm(
        request.POST or None,
        user=request.user,
        proposal=proposal,
        initial={"group": proposal.group, "offer": proposal.offer},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit(proposal, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Proposal changed and accepted."))
            return redirect("matching:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "matching/form_page.html",
        {
            "form": form,
            "proposal": proposal,
            "title": _("Change group or home"),
            "submit": _("Check and save"),
        },
    )


@permission_required("matching.review", raise_exception=True)
def proposal_create(request):
    form = ManualProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.create_manual(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Proposal made and accepted."))
            return redirect("matching:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "matching/form_page.html",
        {"form": form, "title": _("Make a proposal by hand"), "submit": _("Check and save")},
    )


def meeting_plan(request, pk):
    proposal = get_proposal_for_user(request.user, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_meeting(proposal, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Introduction meeting planned."))
            return redirect("matching:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "matching/form_page.html",
        {
            "form": form,
            "proposal": proposal,
            "title": _("Plan an introduction meeting"),
            "submit": _("Plan"),
        },
    )


def meeting_record(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    form = MeetingOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting(meeting, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("matching:proposal_detail", pk=meeting.proposal_id)
    return render(
        request,
        "matching/form_page.html",
        {
            "form": form,
            "proposal": meeting.proposal,
            "title": _("How did the meeting go?"),
            "submit": _("Save"),
        },
    )
