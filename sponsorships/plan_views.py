"""The resettlement plan: members write it in their workspace, coordinators review it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sponsorship.access import get_visible_or_404
from sponsorship.errors import flash_errors
from sponsorship.pdf import PDF_CONTENT_TYPE, content_disposition, render_pdf
from sponsorships import plans
from sponsorships.forms import PlanTaskForm, SectionForm
from sponsorships.plan_models import Domain, PlanSection, PlanTask, ResettlementPlan


def _plan_or_404(request, pk) -> ResettlementPlan:
    return get_visible_or_404(
        ResettlementPlan.objects.select_related(
            "sponsorship__group__programme", "sponsorship__household"
        ),
        request.user,
        pk=pk,
    )


def may_edit(user, plan: ResettlementPlan) -> bool:
    """Only the group's own active members write the plan (coordinators review it)."""
    return (
        user.is_group_member
        and plan.sponsorship.group.members.filter(user=user, active=True).exists()
    )


def may_review(user) -> bool:
    return user.has_perm("groups.manage_group")


def _editable_plan(request, plan) -> ResettlementPlan:
    if not may_edit(request.user, plan):
        raise PermissionDenied
    return plan


def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    sections = plan.sections.prefetch_related("tasks__member")
    versions = list(plan.versions.order_by("-number"))
    comments = versions[0].comments.select_related("author") if versions else []
    from sponsorships.arrival_checklist import checklist

    return render(
        request,
        "sponsorships/plan_detail.html",
        {
            "plan": plan,
            "sponsorship": plan.sponsorship,
            "group": plan.sponsorship.group,
            "sections": sections,
            "versions": versions,
            "comments": comments,
            "can_edit": may_edit(request.user, plan) and plan.is_editable,
            "can_report": may_edit(request.user, plan),
            "can_review": may_review(request.user) and plan.status == plan.Status.SUBMITTED,
            "problems": plans.submission_problems(plan) if plan.is_editable else [],
            "checklist": checklist(plan.sponsorship),
            "task_statuses": PlanTask.Status.choices,
            "domains": Domain.choices,
        },
    )


def section_edit(request, pk):
    section = get_object_or_404(PlanSection, pk=pk)
    plan = _editable_plan(request, _plan_or_404(request, section.plan_id))
    form = SectionForm(request.POST or None, initial={"notes": section.notes})
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_section(request.user, section, form.cleaned_data["notes"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Section saved."))
        return redirect("sponsorships:plan", pk=plan.pk)
    return render(
        request,
        "sponsorships/plan_form.html",
        {"plan": plan, "form": form, "title": section.get_domain_display(), "submit": _("Save")},
    )


def _task_form_page(request, plan, section, task=None):
    group = plan.sponsorship.group
    form = PlanTaskForm(request.POST or None, instance=task, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_task(request.user, form, section)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Task saved."))
        return redirect("sponsorships:plan", pk=plan.pk)
    return render(
        request,
        "sponsorships/plan_form.html",
        {
            "plan": plan,
            "form": form,
            "submit": _("Save"),
            "title": _("Task in “%(section)s”") % {"section": section.get_domain_display()},
        },
    )


def task_add(request, pk):
    section = get_object_or_404(PlanSection, pk=pk)
    plan = _editable_plan(request, _plan_or_404(request, section.plan_id))
    return _task_form_page(request, plan, section)


def task_edit(request, pk):
    task = get_object_or_404(PlanTask.objects.select_related("section"), pk=pk)
    plan = _editable_plan(request, _plan_or_404(request, task.section.plan_id))
    return _task_form_page(request, plan, task.section, task)


@require_POST
def task_delete(request, pk):
    task = get_object_or_404(PlanTask.objects.select_related("section"), pk=pk)
    plan = _editable_plan(request, _plan_or_404(request, task.section.plan_id))
    try:
        plans.delete_task(request.user, task)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("sponsorships:plan", pk=plan.pk)


@require_POST
def task_status(request, pk):
    task = get_object_or_404(PlanTask.objects.select_related("section"), pk=pk)
    plan = _editable_plan(request, _plan_or_404(request, task.section.plan_id))
    try:
        plans.set_task_status(request.user, task, request.POST.get("status", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("sponsorships:plan", pk=plan.pk)


@require_POST
def plan_submit(request, pk):
    plan = _editable_plan(request, _plan_or_404(request, pk))
    try:
        version = plans.submit(request.user, plan)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Version %(n)d submitted for review.") % {"n": version.number})
    return redirect("sponsorships:plan", pk=plan.pk)


@require_POST
def plan_review(request, pk):
    if not may_review(request.user):
        raise PermissionDenied
    plan = _plan_or_404(request, pk)
    comments = {d: request.POST.get(f"comment_{d}", "")[:4000] for d in Domain.values}
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            plans.approve(request.user, plan, comments)
            messages.success(request, _("The plan is approved."))
        elif decision == "return":
            plans.return_for_changes(request.user, plan, comments)
            messages.success(request, _("The plan was returned to the group."))
        else:
            raise ValidationError(_("Choose approve or return."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("sponsorships:plan", pk=plan.pk)


def plan_version(request, pk, number):
    plan = _plan_or_404(request, pk)
    version = plan.versions.filter(number=number).first()
    if version is None:
        raise Http404
    previous = plan.versions.filter(number=number - 1).first()
    return render(
        request,
        "sponsorships/plan_version.html",
        {
            "plan": plan,
            "version": version,
            "previous": previous,
            "diff": plans.compare(previous.snapshot if previous else {}, version.snapshot),
            "comments": version.comments.select_related("author"),
        },
    )


# The PDF's fixed words in both document languages, kept here because the plan's
# printable copy must be right in Dutch even before the UI catalogue has these strings.
PDF_LABELS = {
    "nl": {
        "title": "Hervestigingsplan",
        "status": "Status",
        "arrival": "aankomst",
        "domains": {
            "housing": "Wonen",
            "income": "Inkomen",
            "language": "Taal en inburgering",
            "health": "Gezondheid",
            "work_education": "Werk en onderwijs",
            "social_network": "Sociaal netwerk",
            "equality": "Gelijkwaardigheid en regie",
        },
        "statuses": {
            "draft": "concept",
            "submitted": "ingediend",
            "returned": "teruggestuurd",
            "approved": "goedgekeurd",
        },
    },
    "en": {
        "title": "Resettlement plan",
        "status": "Status",
        "arrival": "arrival",
        "domains": {
            "housing": "Housing",
            "income": "Income",
            "language": "Language and civic integration",
            "health": "Health",
            "work_education": "Work and education",
            "social_network": "Social network",
            "equality": "Equality and agency",
        },
        "statuses": {
            "draft": "draft",
            "submitted": "submitted",
            "returned": "returned for changes",
            "approved": "approved",
        },
    },
}


def _household_context(plan, labels=None):
    sponsorship = plan.sponsorship
    sections = list(plan.sections.prefetch_related("tasks__member"))
    return {
        "plan": plan,
        "group": sponsorship.group,
        "labels": labels,
        "pseudonym": sponsorship.household.pseudonym,
        "section_rows": [
            (labels["domains"][s.domain] if labels else s.get_domain_display(), s) for s in sections
        ],
        "status_label": labels["statuses"][plan.status] if labels else "",
    }


def household_language(household) -> str:
    """The household's first language the UI speaks (their list is ordered), else the
    current UI language: their own copy of the plan is in their language where available."""
    ui_languages = [code for code, _name in settings.LANGUAGES]
    for code in household.languages:
        if code in ui_languages:
            return code
    return translation.get_language() or settings.LANGUAGE_CODE


def plan_household(request, pk):
    """The household's own, printable view: pseudonym only, no internal comments."""
    plan = _plan_or_404(request, pk)
    language = household_language(plan.sponsorship.household)
    # The context too: domain labels and the word "arrival" are translated when built.
    with translation.override(language):
        response = render(
            request,
            "sponsorships/plan_household.html",
            {**_household_context(plan), "language": language},
        )
    response["Content-Language"] = language
    return response


def plan_pdf(request, pk):
    plan = _plan_or_404(request, pk)
    # ?lang=nl|en asks for a copy in that language; by default the household's.
    language = request.GET.get("lang", "")
    if language not in PDF_LABELS:
        language = household_language(plan.sponsorship.household)
    if language not in PDF_LABELS:  # a UI language the PDF has no labels for
        language = settings.LANGUAGE_CODE
    pdf = render_pdf(
        "sponsorships/plan_pdf.html",
        _household_context(plan, PDF_LABELS[language]),
        language=language,
    )
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(
        f"resettlement-plan-{plan.pk}-{language}.pdf"
    )
    return response
