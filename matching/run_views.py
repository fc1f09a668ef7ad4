"""Coordinator pages for runs: list, start, live progress, cancel, replay, pre-selection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching import runs
from matching.filters import RunFilter
from matching.forms import RunScopeForm
from matching.lookups import get_run_for_user
from matching.models import MatchingRun, UnmatchedHousehold
from matching.texts import Names, failure_text, hints_for, reasons_for
from sponsorship.errors import flash_errors
from sponsorship.lists import FilteredListView
from sponsorship.models import Role


class RunList(FilteredListView):
    model = MatchingRun
    filterset_class = RunFilter
    template_name = "matching/run_list.html"
    orderings = {"created": "created_at", "status": "status", "programme": "programme__name"}
    default_ordering = "-created"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("matching.run"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .select_related("programme", "created_by")
            .prefetch_related("municipalities")
        )


run_list = RunList.as_view()


@permission_required("matching.run", raise_exception=True)
def run_start(request):
    form = RunScopeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            run = runs.start_run(
                request.user, form.cleaned_data["programme"], form.cleaned_data["municipalities"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The run was queued."))
            return redirect("matching:run_detail", pk=run.pk)
    return render(request, "matching/run_start.html", {"form": form})


def _run_context(request, run) -> dict:
    proposals = run.proposals.select_related(
        "household", "group", "offer", "offer__municipality"
    ).order_by("household_id")
    unmatched = list(
        UnmatchedHousehold.objects.filter(run=run)
        .select_related("household")
        .prefetch_related("household__members")
    )
    names = Names(request.user).load([r for row in unmatched for r in row.reasons + row.what_if])
    for row in unmatched:
        row.reason_rows = reasons_for(request.user, row.household, row.reasons, names)
        row.hint_rows = hints_for(request.user, row.household, row.what_if, names)
    return {
        "run": run,
        "proposals": proposals,
        "unmatched": unmatched,
        "municipalities": run.municipalities.all(),
        "failure": failure_text(run),
    }


def run_detail(request, pk):
    run = runs.fail_if_stale(get_run_for_user(request.user, pk))
    return render(request, "matching/run_detail.html", _run_context(request, run))


def run_progress(request, pk):
    """The htmx poll target; also where a dead worker is noticed while someone watches."""
    run = runs.fail_if_stale(get_run_for_user(request.user, pk))
    response = render(
        request, "matching/fragments/run_progress.html", {"run": run, "failure": failure_text(run)}
    )
    if not run.is_active and request.headers.get("HX-Request"):
        # Finished: reload the whole page so the proposals appear.
        response["HX-Refresh"] = "true"
    return response


@require_POST
def run_cancel(request, pk):
    run = get_run_for_user(request.user, pk)
    try:
        runs.cancel_run(request.user, run)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Cancellation requested."))
    return redirect("matching:run_detail", pk=run.pk)


@require_POST
def run_replay(request, pk):
    run = get_run_for_user(request.user, pk)
    try:
        replay = runs.replay_run(request.user, run)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("matching:run_detail", pk=run.pk)
    messages.success(request, _("The stored snapshot is being run again."))
    return redirect("matching:run_detail", pk=replay.pk)


@permission_required("matching.run", raise_exception=True)
def preselection(request):
    """Phase 1: who is eligible now, and why the others are not."""
    from matching.engine import preselect
    from matching.snapshot import PRESELECTION_STATUSES, build_snapshot
    from newcomers.models import Household

    form = RunScopeForm(request.GET or None, user=request.user)
    result = None
    if request.GET and form.is_valid():
        snapshot = build_snapshot(
            form.cleaned_data["programme"],
            form.cleaned_data["municipalities"],
            statuses=PRESELECTION_STATUSES,
        )
        outcome = preselect(snapshot)
        households = Household.objects.prefetch_related("members").in_bulk(
            [h.id for h in snapshot.households]
        )
        stored = [
            (
                [r.__dict__ for r in row.reasons],
                [w.__dict__ for w in row.what_if],
                households[row.household_id],
            )
            for row in outcome.ineligible
        ]
        names = Names(request.user).load(
            [r for reasons, hints, _h in stored for r in reasons + hints]
        )
        result = {
            "eligible": [households[i] for i in outcome.eligible],
            "ineligible": [
                {
                    "household": household,
                    "reasons": reasons_for(request.user, household, reasons, names),
                    "hints": hints_for(request.user, household, hints, names),
                }
                for reasons, hints, household in stored
            ],
        }
    return render(
        request,
        "matching/preselection.html",
        {
            "form": form,
            "result": result,
            "here": request.get_full_path(),
            "may_preselect": request.user.role in (Role.COORDINATOR, Role.ADMINISTRATOR),
        },
    )
