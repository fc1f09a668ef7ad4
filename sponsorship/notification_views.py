"""The notification list (every role), mark-as-read and the e-mail preference."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sponsorship import notifications
from sponsorship.input_guard import parse_int
from sponsorship.notifications import Notification, NotificationPreference


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("E-mail"), choices=NotificationPreference.Mode.choices, widget=forms.RadioSelect
    )


def notification_list(request):
    # Only the user's own rows: notifications are personal, so no visible_to scope.
    qs = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    form = PreferenceForm(initial={"mode": notifications.mode_for(request.user)})
    return render(
        request,
        "sponsorship/notifications.html",
        {
            "page_obj": page,
            "object_list": page.object_list,
            "form": form,
            "unread": notifications.unread_count(request.user),
        },
    )


@require_POST
def mark_read(request):
    # No id at all means "mark all read"; an id that is not a plain number names no
    # notification of the user's and is ignored (it must not widen the request to all).
    submitted = request.POST.getlist("id")
    ids = [i for i in map(parse_int, submitted) if i is not None]
    notifications.mark_read(request.user, ids if submitted else None)
    return redirect("notifications:list")


@require_POST
def preferences(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        notifications.set_mode(request.user, form.cleaned_data["mode"])
        messages.success(request, _("Your e-mail preference is saved."))
    else:
        messages.error(request, _("Choose how you want to receive e-mails."))
    return redirect("notifications:list")
