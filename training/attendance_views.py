"""Coordinators after a session: the attendance sheet (screen and printable PDF), the zip
of the session's certificates, and confirming members' e-learning reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sponsorship.access import get_visible_or_404
from sponsorship.errors import flash_errors
from sponsorship.pdf import PDF_CONTENT_TYPE, content_disposition, render_pdf
from training import certificates, completions
from training.models import CertificateBundle, Completion, Enrolment
from training.views import require_manage, session_or_404


def attendance(request, pk):
    require_manage(request)
    session = session_or_404(request, pk)
    sheet = list(completions.attendance_sheet(session))
    if request.method == "POST":
        ids = {e.pk for e in sheet}
        if request.POST.get("all_present"):
            # Everyone holding a place; walk-ins from the waiting list are ticked by hand.
            present = {e.pk for e in sheet if e.status in Enrolment.SEATED}
        else:
            try:
                present = {int(v) for v in request.POST.getlist("present")}
            except ValueError:
                present = None
        if present is None or not present <= ids:
            messages.error(request, _("The attendance list does not match this session."))
            return redirect("training:attendance", pk=session.pk)
        try:
            counts = completions.register_attendance(session, request.user, present)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(
                request, _("Attendance saved: %(attended)d present, %(absent)d absent.") % counts
            )
        return redirect("training:attendance", pk=session.pk)
    return render(
        request,
        "training/attendance.html",
        {"session": session, "sheet": sheet, "started": session.starts_at <= timezone.now()},
    )


def attendance_pdf(request, pk):
    """The printable sheet: names, groups and a column to sign."""
    require_manage(request)
    session = session_or_404(request, pk)
    pdf = render_pdf(
        "training/pdf/attendance.html",
        {"session": session, "sheet": completions.attendance_sheet(session)},
    )
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(
        f"attendance-{session.pk}.pdf", inline=True
    )
    return response


@require_POST
def bundle_start(request, pk):
    require_manage(request)
    session = session_or_404(request, pk)
    if not certificates.session_completions(session).exists():
        messages.error(
            request, _("Nobody has a certificate for this session yet; register attendance first.")
        )
        return redirect("training:session_detail", pk=session.pk)
    bundle = certificates.request_bundle(session, request.user)
    return redirect("training:bundle_status", pk=bundle.pk)


def _bundle_or_404(request, pk) -> CertificateBundle:
    require_manage(request)
    return get_visible_or_404(
        CertificateBundle.objects.select_related("session__module"), request.user, pk=pk
    )


def bundle_status(request, pk):
    """The progress page; htmx polls the fragment until the zip is ready."""
    bundle = _bundle_or_404(request, pk)
    template = (
        "training/fragments/bundle_progress.html" if request.htmx else "training/bundle_status.html"
    )
    return render(request, template, {"bundle": bundle, "session": bundle.session})


def bundle_download(request, pk):
    bundle = _bundle_or_404(request, pk)
    if bundle.status != CertificateBundle.Status.DONE or not bundle.file:
        raise Http404("The zip is not ready.")
    return FileResponse(
        bundle.file.open("rb"),
        as_attachment=True,
        filename=f"certificates-session-{bundle.session_id}.zip",
        content_type="application/zip",
    )


def reports(request):
    """E-learning completions reported by members, waiting for confirmation."""
    require_manage(request)
    pending = (
        Completion.objects.visible_to(request.user)
        .filter(confirmed_at__isnull=True)
        .select_related("member__group", "module")
        .order_by("reported_at", "pk")
    )
    return render(request, "training/reports.html", {"reports": pending})


@require_POST
def decide_report(request, pk, decision):
    require_manage(request)
    report = get_visible_or_404(
        Completion.objects.select_related("member", "module"), request.user, pk=pk
    )
    if decision not in ("confirm", "decline"):
        raise PermissionDenied
    try:
        if decision == "confirm":
            completions.confirm_report(report, request.user)
            messages.success(
                request,
                _("Confirmed: %(name)s completed %(module)s.")
                % {"name": report.member.name, "module": report.module.name},
            )
        else:
            completions.decline_report(report, request.user)
            messages.success(request, _("The report is declined."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("training:reports")
