"""Members' training page, e-learning reports and certificates; the group progress matrix
and the move to "ready for matching" for coordinators; the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from groups import services as group_services
from groups.models import GroupMember, SponsorGroup
from sponsorship import audit
from sponsorship.access import get_visible_or_404, role_required
from sponsorship.errors import flash_errors
from sponsorship.models import Role
from sponsorship.pdf import PDF_CONTENT_TYPE, content_disposition
from training import certificates, completions, verification
from training.forms import ReportForm, VerifyForm
from training.models import Completion, Enrolment, TrainingModule, TrainingSession
from training.progress import progress_matrix
from training.readiness import group_readiness
from training.views import require_manage


def _memberships(user):
    return list(
        GroupMember.objects.filter(user=user, active=True).select_related("group__programme")
    )


@role_required(Role.GROUP_MEMBER)
def mine(request):
    memberships = _memberships(request.user)
    programmes = [m.group.programme_id for m in memberships]
    enrolments = (
        Enrolment.objects.visible_to(request.user)
        .active()
        .select_related("session__module", "session__municipality")
        .order_by("-session__starts_at")
    )
    taken = [e.session_id for e in enrolments if e.status != Enrolment.Status.CANCELLED]
    upcoming = (
        TrainingSession.objects.visible_to(request.user)
        .filter(starts_at__gt=timezone.now(), module__kind=TrainingModule.Kind.SESSION)
        .exclude(pk__in=taken)
        .select_related("module", "municipality")
        .with_counts()
        .order_by("starts_at")[:30]
    )
    return render(
        request,
        "training/mine.html",
        {
            "memberships": memberships,
            "enrolments": enrolments,
            "upcoming": upcoming,
            "completions": Completion.objects.visible_to(request.user).select_related("module"),
            "e_learning": TrainingModule.objects.filter(
                programme__in=programmes, kind=TrainingModule.Kind.E_LEARNING
            ),
            "readiness": [
                (m.group, group_readiness(m.group))
                for m in memberships
                if m.group.status == SponsorGroup.Status.IN_TRAINING
            ],
        },
    )


@role_required(Role.GROUP_MEMBER)
def report_e_learning(request, pk):
    module = get_visible_or_404(TrainingModule, request.user, pk=pk)
    member = (
        GroupMember.objects.filter(
            user=request.user, active=True, group__programme_id=module.programme_id
        )
        .select_related("group")
        .first()
    )
    if member is None:
        raise PermissionDenied
    form = ReportForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            completions.report_e_learning(
                member, module, request.user, form.cleaned_data["completed_on"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Thank you; a coordinator will confirm it."))
            return redirect("training:mine")
    return render(
        request,
        "training/form_page.html",
        {
            "form": form,
            "title": _("I completed “%(module)s”") % {"module": module.name},
            "intro": module.description,
            "submit": _("Report"),
            "back_url": "training:mine",
        },
    )


def certificate(request, pk):
    completion = get_visible_or_404(
        Completion.objects.confirmed().select_related(
            "module__programme", "member__user", "enrolment__session"
        ),
        request.user,
        pk=pk,
    )
    pdf = certificates.render_certificate(completion)
    audit.record(
        audit.Action.EXPORT,
        actor=request.user,
        obj=completion,
        fields=["certificate"],
        summary="certificate downloaded",
    )
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(
        certificates.certificate_filename(completion)
    )
    return response


def group_progress(request, pk):
    require_manage(request)
    group = get_visible_or_404(
        SponsorGroup.objects.select_related("programme", "municipality"), request.user, pk=pk
    )
    modules, rows = progress_matrix(group)
    return render(
        request,
        "training/group_progress.html",
        {
            "group": group,
            "modules": modules,
            "rows": rows,
            "readiness": group_readiness(group),
            "can_mark_ready": group.status == SponsorGroup.Status.IN_TRAINING,
        },
    )


@require_POST
def mark_ready(request, pk):
    """The groups service makes the move (and checks the gate again, under its lock)."""
    require_manage(request)
    group = get_visible_or_404(SponsorGroup, request.user, pk=pk)
    try:
        group_services.mark_ready_for_matching(group, request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("%(group)s is ready for matching.") % {"group": group.name})
    return redirect("training:group_progress", pk=group.pk)


@login_not_required
@require_GET
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("training:verify", code=verification.normalise(form.cleaned_data["code"]))
    return render(request, "training/verify.html", {"form": form, "checked": False})


@login_not_required
@require_GET
def verify(request, code):
    """Public: says whether a certificate is genuine, naming the holder by initials only."""
    completion = verification.verify(code)
    context = {
        "form": VerifyForm(initial={"code": code}),
        "checked": True,
        "completion": completion,
        "code": verification.normalise(code),
    }
    if completion:
        context["initials"] = verification.initials(completion.holder_name)
    return render(request, "training/verify.html", context, status=200 if completion else 404)
