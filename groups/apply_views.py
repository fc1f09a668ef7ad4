"""The public application (no account): choose programme and town, then four steps.

Every step is saved server-side in an ApplicationDraft, so the e-mailed link resumes it.
"""

from __future__ import annotations

import logging

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups import application
from groups.apply_forms import CapacityForm, ConsentForm, GroupStepForm, MemberForm, member_formset
from sponsorship import ratelimit
from sponsorship.models import Municipality, Programme

logger = logging.getLogger(__name__)

DRAFTS_PER_HOUR = 10
SUBMISSIONS_PER_HOUR = 5
STEP_TITLES = {
    "group": _("Your group"),
    "members": _("Members"),
    "capacity": _("What you can take on"),
    "consent": _("Privacy and submit"),
}


class ChooseForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.filter(active=True)
    )
    municipality = forms.ModelChoiceField(label=_("Town"), queryset=Municipality.objects.all())

    def clean(self):
        data = super().clean()
        programme, town = data.get("programme"), data.get("municipality")
        if programme and town and programme.country != town.country:
            self.add_error("municipality", _("This programme does not run in this town."))
        return data


@login_not_required
def apply_index(request):
    form = ChooseForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect(
            "groups:apply_start",
            slug=form.cleaned_data["programme"].slug,
            town=form.cleaned_data["municipality"].pk,
        )
    return render(request, "groups/apply_index.html", {"form": form})


def _limited(request):
    return render(request, "groups/apply_limited.html", status=429)


def _spam(request, form) -> bool:
    if form.is_spam():
        # Look like success so the bot learns nothing; nothing is stored or sent.
        logger.info("group application honeypot filled")
        return True
    return False


@login_not_required
def apply_start(request, slug, town):
    programme = get_object_or_404(Programme, slug=slug, active=True)
    municipality = get_object_or_404(Municipality, pk=town, country=programme.country)
    form = GroupStepForm(request.POST or None)
    if request.method == "POST":
        if _spam(request, form):
            return redirect("groups:apply_done")
        if form.is_valid():
            if not ratelimit.allow(
                request, "group-draft", limit=DRAFTS_PER_HOUR, window_seconds=3600
            ):
                return _limited(request)
            draft = application.start_draft(
                programme=programme, municipality=municipality, group_data=_group_data(form)
            )
            return redirect("groups:apply_step", token=draft.token, step="members")
    return _render_step(request, None, "group", {"form": form}, programme, municipality)


def _group_data(form) -> dict:
    keys = ("name", "neighbourhood", "email", "interests", "motivation")
    return {k: form.cleaned_data[k] for k in keys}


def _render_step(request, draft, step, context, programme, municipality, status=200):
    done = set(draft.data) if draft else set()
    return render(
        request,
        f"groups/apply_{step}.html",
        {
            "draft": draft,
            "step": step,
            "programme": programme,
            "municipality": municipality,
            "steps": [
                (s, STEP_TITLES[s], s in done or s == "group" and draft) for s in application.STEPS
            ],
            **context,
        },
        status=status,
    )


@login_not_required
def apply_resume(request, token):
    """The e-mailed link: continue where the applicant stopped, not at step 1."""
    draft = application.open_draft(token)
    if draft is None:
        return render(request, "groups/apply_expired.html", status=404)
    return redirect("groups:apply_step", token=token, step=application.first_incomplete_step(draft))


@login_not_required
def apply_step(request, token, step):
    draft = application.open_draft(token)
    if draft is None:
        return render(request, "groups/apply_expired.html", status=404)
    if step not in application.STEPS:
        raise Http404
    first_open = application.first_incomplete_step(draft)
    if application.STEPS.index(step) > application.STEPS.index(first_open):
        return redirect("groups:apply_step", token=token, step=first_open)
    return STEP_HANDLERS[step](request, draft)


def _next(draft, step):
    following = application.STEPS[application.STEPS.index(step) + 1]
    return redirect("groups:apply_step", token=draft.token, step=following)


def _step_group(request, draft):
    initial = GroupStepForm.initial_from(draft.data["group"])
    form = GroupStepForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if _spam(request, form):
            return redirect("groups:apply_done")
        if form.is_valid():
            application.save_step(draft, "group", _group_data(form))
            return _next(draft, "group")
    return _render_step(
        request, draft, "group", {"form": form}, draft.programme, draft.municipality
    )


def _step_members(request, draft):
    saved = draft.data.get("members")
    initial = (
        [MemberForm.initial_from(m) for m in saved]
        if saved
        else [{"email": draft.email, "is_contact": True}]
    )
    formset = member_formset(
        draft.programme,
        data=request.POST or None,
        initial=initial,
        extra=1 if request.GET.get("add") else 0,
        taken_emails=application.duplicate_emails,
    )
    if request.method == "POST" and formset.is_valid():
        application.save_step(draft, "members", formset.members())
        if "add_member" in request.POST:
            url = reverse("groups:apply_step", args=[draft.token, "members"])
            return redirect(f"{url}?add=1")
        return _next(draft, "members")
    return _render_step(
        request, draft, "members", {"formset": formset}, draft.programme, draft.municipality
    )


def _step_capacity(request, draft):
    form = CapacityForm(
        request.POST or None, initial=draft.data.get("capacity"), programme=draft.programme
    )
    if request.method == "POST" and form.is_valid():
        application.save_step(draft, "capacity", form.cleaned_data)
        return _next(draft, "capacity")
    return _render_step(
        request, draft, "capacity", {"form": form}, draft.programme, draft.municipality
    )


def _step_consent(request, draft):
    form = ConsentForm(request.POST or None)
    if request.method == "POST":
        if _spam(request, form):
            return redirect("groups:apply_done")
        if form.is_valid():
            if not ratelimit.allow(
                request, "group-submit", limit=SUBMISSIONS_PER_HOUR, window_seconds=3600
            ):
                return _limited(request)
            try:
                application.submit(draft)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return redirect("groups:apply_done")
    return _render_step(
        request,
        draft,
        "consent",
        {
            "form": form,
            "summary": draft.data,
            "privacy_version": application.PRIVACY_NOTICE_VERSION,
        },
        draft.programme,
        draft.municipality,
    )


STEP_HANDLERS = {
    "group": _step_group,
    "members": _step_members,
    "capacity": _step_capacity,
    "consent": _step_consent,
}


@login_not_required
def apply_done(request):
    return render(request, "groups/apply_done.html")
