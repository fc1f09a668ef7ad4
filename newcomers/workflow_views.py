"""Workflow actions on a household: each parses input, calls one service, redirects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from newcomers import caseaccess, services
from newcomers.forms import (
    CaseAccessForm,
    ConsentForm,
    InformationForm,
    IntakeForm,
    WithdrawalForm,
)
from newcomers.models import CaseAccess
from newcomers.views import MANAGERS, get_household
from sponsorship.access import role_required
from sponsorship.errors import add_form_errors


def _done(request, household, message):
    messages.success(request, message)
    return _back(request, household)


def _refused(request, household, exc):
    messages.error(request, " ".join(exc.messages))
    return _back(request, household)


def _back(request, household):
    """Back to the page the action was taken on (``next``, this site only), else the
    household's page: the pre-selection list acts on a household and stays in place."""
    target = request.POST.get("next", "")
    # A path on this site only: redirect() would read a bare word as a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("newcomers:household_detail", pk=household.pk)


@require_POST
@role_required(*MANAGERS)
def household_preselect(request, pk):
    """The one bare state button: pre-selecting is a decision with nothing behind it. The
    later states come with their records (forms here) or from other apps' operations."""
    household = get_household(request.user, pk)
    try:
        services.pre_select(household, actor=request.user)
    except ValidationError as exc:
        return _refused(request, household, exc)
    return _done(
        request,
        household,
        _("State changed to “%(state)s”.") % {"state": household.get_status_display()},
    )


def _form_page(request, household, form, template, action):
    """GET shows the form; a valid POST runs ``action(data)``; refusals show on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            return action(form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
    return render(request, template, {"form": form, "household": household})


@role_required(*MANAGERS)
def household_information(request, pk):
    household = get_household(request.user, pk)
    form = InformationForm(request.POST or None, initial={"informed_on": timezone.localdate()})

    def action(data):
        services.record_information(household, actor=request.user, **data)
        return _done(request, household, _("Information session recorded."))

    return _form_page(request, household, form, "newcomers/information_form.html", action)


@role_required(*MANAGERS)
def household_intake(request, pk):
    household = get_household(request.user, pk)
    form = IntakeForm(
        request.POST or None,
        household=household,
        initial={"held_on": timezone.localdate(), "interviewer": request.user.pk},
    )

    def action(data):
        services.record_intake(household, actor=request.user, **data)
        return _done(request, household, _("Intake recorded."))

    return _form_page(request, household, form, "newcomers/intake_form.html", action)


@role_required(*MANAGERS)
def household_consent(request, pk):
    household = get_household(request.user, pk)
    form = ConsentForm(
        request.POST or None, household=household, initial={"given_on": timezone.localdate()}
    )

    def action(data):
        services.record_consent(household, actor=request.user, **data)
        return _done(request, household, _("Consent recorded."))

    return _form_page(request, household, form, "newcomers/consent_form.html", action)


@role_required(*MANAGERS)
def household_withdraw(request, pk):
    household = get_household(request.user, pk)
    form = WithdrawalForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})

    def action(data):
        services.withdraw(household, actor=request.user, **data)
        return _done(
            request,
            household,
            _(
                "Withdrawal recorded. The coordinators were notified to arrange alternative "
                "support."
            ),
        )

    return _form_page(request, household, form, "newcomers/withdrawal_form.html", action)


@require_POST
@role_required(*MANAGERS)
def household_support_arranged(request, pk):
    household = get_household(request.user, pk)
    try:
        services.alternative_support_arranged(household, actor=request.user)
    except ValidationError as exc:
        return _refused(request, household, exc)
    return _done(request, household, _("Alternative support marked as arranged."))


@require_POST
@role_required(*MANAGERS)
def case_access_grant(request, pk):
    household = get_household(request.user, pk)
    form = CaseAccessForm(request.POST, users=caseaccess.grantable_users(household))
    if not form.is_valid():
        messages.error(request, _("Choose a colleague and give a reason."))
        return redirect("newcomers:household_detail", pk=household.pk)
    try:
        caseaccess.grant(household, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, household, exc)
    return _done(request, household, _("Case access granted."))


@require_POST
@role_required(*MANAGERS)
def case_access_revoke(request, pk, access_pk):
    household = get_household(request.user, pk)
    access = get_object_or_404(CaseAccess, pk=access_pk, household=household)
    try:
        caseaccess.revoke(access, actor=request.user)
    except ValidationError as exc:
        return _refused(request, household, exc)
    return _done(request, household, _("Case access revoked."))
