"""Sessions: the coordinators' list and calendar, creating and editing, a session's page,
enrolling (oneself or, for coordinators, a member) and cancelling, and the .ics file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.models import GroupMember
from sponsorship import audit
from sponsorship.access import get_visible_or_404
from sponsorship.errors import add_form_errors, flash_errors
from sponsorship.lists import FilteredListView
from sponsorship.vocab import label
from training import enrolment as enrolment_service
from training.filters import SessionFilter
from training.forms import EnrolMemberForm, SessionForm
from training.ics import session_ics
from training.models import Enrolment, TrainingSession
from training.monthgrid import month_grid, parse_month, shift_month


def require_manage(request) -> None:
    if not request.user.has_perm("training.manage_training"):
        raise PermissionDenied


def session_or_404(request, pk) -> TrainingSession:
    """The session if the user may see it (404 otherwise, audited)."""
    qs = TrainingSession.objects.select_related("module__programme", "municipality")
    return get_visible_or_404(qs, request.user, pk=pk)


def own_member(user, programme_id: int) -> GroupMember | None:
    """The member's active membership in a group of ``programme_id``."""
    return (
        GroupMember.objects.filter(user=user, active=True, group__programme_id=programme_id)
        .select_related("group")
        .first()
    )


class SessionList(FilteredListView):
    model = TrainingSession
    filterset_class = SessionFilter
    template_name = "training/session_list.html"
    orderings = {
        "starts": "starts_at",
        "module": "module__code",
        "town": "municipality__name",
        "language": "language",
        "places": "places_left",
    }
    default_ordering = "starts"
    csv_filename = "training-sessions"
    export_permission = "training.manage_training"
    csv_columns = {
        "module": lambda s: s.module.name,
        "module_code": lambda s: s.module.code,
        "starts": lambda s: timezone.localtime(s.starts_at).isoformat(),
        "ends": lambda s: timezone.localtime(s.ends_at).isoformat(),
        "town": lambda s: s.municipality.name if s.municipality else "",
        "place": lambda s: s.place,
        "online": lambda s: s.online_url,
        "trainer": lambda s: s.trainer,
        "language": lambda s: label(s.language, "language"),
        "capacity": lambda s: s.capacity,
        "enrolled": lambda s: s.enrolled_count,
        "waitlisted": lambda s: s.waitlist_count,
    }

    def dispatch(self, request, *args, **kwargs):
        require_manage(request)
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .select_related("module__programme", "municipality")
            .with_counts()
        )


session_list = SessionList.as_view()


def session_calendar(request):
    require_manage(request)
    first = parse_month(request.GET.get("month"), timezone.localdate())
    following = shift_month(first, 1)
    sessions = (
        TrainingSession.objects.visible_to(request.user)
        .filter(starts_at__date__gte=first, starts_at__date__lt=following)
        .select_related("module", "municipality")
        .with_counts()
    )
    weeks = month_grid(
        first.year, first.month, sessions, lambda s: timezone.localtime(s.starts_at).date()
    )
    return render(
        request,
        "training/session_calendar.html",
        {
            "weeks": weeks,
            "month": first,
            "previous": shift_month(first, -1),
            "next": following,
            "today": timezone.localdate(),
        },
    )


def session_create(request):
    require_manage(request)
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        session = form.save()
        audit.record(
            audit.Action.CREATE, actor=request.user, obj=session, fields=list(form.cleaned_data)
        )
        messages.success(request, _("The session is planned."))
        return redirect("training:session_detail", pk=session.pk)
    return render(
        request,
        "training/form_page.html",
        {
            "form": form,
            "title": _("Plan a session"),
            "submit": _("Save"),
            "back_url": "training:session_list",
        },
    )


def session_edit(request, pk):
    require_manage(request)
    session = session_or_404(request, pk)
    form = SessionForm(request.POST or None, instance=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = enrolment_service.update_session(
                form.save(commit=False), request.user, form.changed_data
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The session is saved."))
            if promoted:
                messages.info(
                    request,
                    _("%(n)d people moved up from the waiting list.") % {"n": len(promoted)},
                )
            return redirect("training:session_detail", pk=session.pk)
    return render(
        request,
        "training/form_page.html",
        {"form": form, "title": _("Edit the session"), "submit": _("Save"), "object": session},
    )


def session_detail(request, pk):
    session = session_or_404(request, pk)
    manager = request.user.has_perm("training.manage_training")
    context = {"session": session, "manager": manager, "now": timezone.now()}
    if manager:
        enrolments = (
            session.enrolments.active().select_related("member__group").order_by("created_at", "pk")
        )
        context.update(
            enrolments=enrolments,
            seated=[e for e in enrolments if e.status in Enrolment.SEATED],
            waiting=[e for e in enrolments if e.status == Enrolment.Status.WAITLISTED],
            enrol_form=EnrolMemberForm(user=request.user, session=session),
            bundle=session.certificate_bundles.first(),
        )
    else:
        me = own_member(request.user, session.module.programme_id)
        mine = session.enrolments.active().filter(member=me).first() if me else None
        context.update(
            me=me,
            mine=mine,
            position=mine and enrolment_service.waitlist_position(mine),
            places_left=session.capacity - enrolment_service.seated_count(session),
        )
    return render(request, "training/session_detail.html", context)


@require_POST
def enrol(request, pk):
    """A member enrols themselves; a coordinator enrols the member chosen in the form."""
    manager = request.user.has_perm("training.manage_training")
    if not (manager or request.user.has_perm("training.take_training")):
        raise PermissionDenied
    session = session_or_404(request, pk)
    if manager:
        form = EnrolMemberForm(request.POST, user=request.user, session=session)
        member = form.cleaned_data["member"] if form.is_valid() else None
        if member is None:
            messages.error(request, _("Choose a member of a group in training."))
            return redirect("training:session_detail", pk=session.pk)
    else:
        member = own_member(request.user, session.module.programme_id)
        if member is None:
            raise PermissionDenied
    _enrol(request, session, member)
    return redirect("training:session_detail", pk=session.pk)


def _enrol(request, session, member) -> None:
    try:
        enrolment = enrolment_service.enrol(session, member, request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return
    if enrolment.status == Enrolment.Status.ENROLLED:
        messages.success(request, _("%(name)s is enrolled.") % {"name": member.name})
    else:
        messages.warning(
            request,
            _("The session is full: %(name)s is on the waiting list (number %(n)d).")
            % {"name": member.name, "n": enrolment_service.waitlist_position(enrolment)},
        )


@require_POST
def cancel(request, pk):
    enrolment = get_visible_or_404(
        Enrolment.objects.select_related("session", "member"), request.user, pk=pk
    )
    manager = request.user.has_perm("training.manage_training")
    if not manager and enrolment.member.user_id != request.user.pk:
        raise PermissionDenied
    try:
        promoted = enrolment_service.cancel(enrolment, request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The enrolment is cancelled."))
        if promoted and manager:
            messages.info(
                request,
                _("%(names)s moved up from the waiting list.")
                % {"names": ", ".join(e.member.name for e in promoted)},
            )
    if manager:
        return redirect("training:session_detail", pk=enrolment.session_id)
    return redirect("training:mine")


def session_calendar_file(request, pk):
    session = session_or_404(request, pk)
    response = HttpResponse(session_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-{session.pk}.ics"'
    return response
