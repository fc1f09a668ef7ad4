"""Coordinators enrol several members of one group in a session at once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import SponsorGroup
from sponsorship.errors import add_form_errors
from sponsorship.input_guard import parse_int
from training import enrolment as enrolment_service
from training.forms import EnrolGroupForm, groups_with_eligible_members
from training.views import require_manage, session_or_404


def enrol_group(request, pk):
    """Step 1 (GET ?group=): choose the group; step 2: tick its members and enrol them."""
    require_manage(request)
    session = session_or_404(request, pk)
    if session.starts_at <= timezone.now():
        messages.error(request, _("This session has already started."))
        return redirect("training:session_detail", pk=session.pk)
    choices = groups_with_eligible_members(request.user, session)
    group_id = parse_int(request.POST.get("group") or request.GET.get("group") or "")
    # Only a group offered in step 1 (in scope, with members to enrol) is taken.
    group = (
        SponsorGroup.objects.filter(pk=group_id).first()
        if group_id in {gid for gid, _name in choices}
        else None
    )
    form = None
    if group is not None:
        form = EnrolGroupForm(
            request.POST if request.method == "POST" else None,
            user=request.user,
            session=session,
            group=group,
        )
        if request.method == "POST" and form.is_valid():
            members = form.cleaned_data["members"]
            try:
                enrolment_service.enrol_many(session, members, request.user)
            except ValidationError as exc:
                add_form_errors(form, ValidationError([_("Nobody was enrolled."), *exc.messages]))
            else:
                messages.success(
                    request,
                    _("%(n)d members of %(group)s are enrolled.")
                    % {"n": len(members), "group": group.name},
                )
                return redirect("training:session_detail", pk=session.pk)
    return render(
        request,
        "training/enrol_group.html",
        {
            "session": session,
            "choices": choices,
            "group": group,
            "form": form,
            "places_left": session.capacity - enrolment_service.seated_count(session),
        },
    )
