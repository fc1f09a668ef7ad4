"""A sponsorship's page: checklist and arrival, check-ins and signals, evaluations, the
household's feedback link; and the household's public feedback page."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groups.forms import ReasonForm
from sponsorship.access import get_visible_or_404
from sponsorship.bulk import BulkAction
from sponsorship.errors import add_form_errors, flash_errors
from sponsorship.lists import FilteredListView
from sponsorships import arrival_checklist, monitoring
from sponsorships import services as sponsorships
from sponsorships.forms import (
    ArrivalForm,
    CheckInForm,
    EvaluationForm,
    FeedbackLinkForm,
    HouseholdFeedbackForm,
    ResolveForm,
)
from sponsorships.monitoring_models import Evaluation, Signal
from sponsorships.sponsorship_models import Sponsorship


def _sponsorship_or_404(request, pk) -> Sponsorship:
    return get_visible_or_404(
        Sponsorship.objects.select_related(
            "group__programme", "group__municipality", "household", "plan"
        ),
        request.user,
        pk=pk,
    )


def _managed(request, pk) -> Sponsorship:
    """Coordinator steps: 403 for other roles, 404 outside the coordinator's scope."""
    if not request.user.has_perm("groups.manage_group"):
        raise PermissionDenied
    return _sponsorship_or_404(request, pk)


class SponsorshipFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Sponsorship.Status.choices)

    class Meta:
        model = Sponsorship
        fields = ["status"]


class SponsorshipList(FilteredListView):
    model = Sponsorship
    filterset_class = SponsorshipFilter
    template_name = "sponsorships/sponsorship_list.html"
    orderings = {
        "group": "group__name",
        "status": "status",
        "arrival": "arrival_date",
        "ends": "ends_on",
    }
    default_ordering = "group"
    csv_filename = "sponsorships"
    export_permission = "groups.manage_group"
    csv_columns = {
        "group": lambda s: s.group.name,
        "town": lambda s: s.group.municipality.name,
        "household": lambda s: s.household.reference,
        "status": lambda s: s.get_status_display(),
        "arrival": lambda s: s.arrival_date or s.expected_arrival or "",
        "ends": lambda s: s.ends_on or "",
    }
    bulk_export = True
    bulk_actions = {
        "complete": BulkAction(
            label=gettext_lazy("Close the sponsorship year"),
            run=lambda sponsorship, actor: sponsorships.complete(actor, sponsorship),
            permission="groups.manage_group",
            row_label=lambda s: s.group.name,
            confirm=gettext_lazy(
                "Close the year of the selected sponsorships? Their groups and "
                "households are completed as well."
            ),
            done=gettext_lazy("%(n)d sponsorships completed."),
        )
    }

    def base_queryset(self):
        return super().base_queryset().select_related("group__municipality", "household", "plan")


def sponsorship_list(request):
    if not request.user.has_perm("groups.manage_group"):
        raise PermissionDenied
    return SponsorshipList.as_view()(request)


def sponsorship_detail(request, pk):
    return _render_detail(request, _sponsorship_or_404(request, pk))


def _render_detail(request, sponsorship, *, end_form=None):
    manage = request.user.has_perm("groups.manage_group")
    link = sponsorship.feedback_links.filter(revoked_at__isnull=True).first() if manage else None
    return render(
        request,
        "sponsorships/sponsorship_detail.html",
        {
            "sponsorship": sponsorship,
            "group": sponsorship.group,
            "manage": manage,
            "checklist": arrival_checklist.checklist(sponsorship),
            "checkins": sponsorship.checkins.select_related("author")[:20],
            "signals": sponsorship.signals.all(),
            "evaluations": sponsorship.evaluations.all(),
            "next_checkin": monitoring.checkin_due(sponsorship),
            "arrival_form": ArrivalForm(initial={"on_date": timezone.localdate()}),
            "feedback_link": link,
            "link_form": FeedbackLinkForm(),
            "resolve_form": ResolveForm(),
            "can_check_in": sponsorship.is_running,
            "end_form": end_form or ReasonForm(),
        },
    )


@require_POST
def checklist_tick(request, pk):
    sponsorship = _managed(request, pk)
    try:
        arrival_checklist.set_tick(
            request.user,
            sponsorship,
            request.POST.get("item", ""),
            done=request.POST.get("done") == "1",
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("sponsorships:sponsorship", pk=sponsorship.pk)


@require_POST
def register_arrival(request, pk):
    sponsorship = _managed(request, pk)
    form = ArrivalForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("sponsorships:sponsorship", pk=sponsorship.pk)
    try:
        sponsorships.register_arrival(
            request.user,
            sponsorship,
            form.cleaned_data["on_date"],
            form.cleaned_data["override_reason"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Arrival registered: the sponsorship year has started."))
    return redirect("sponsorships:sponsorship", pk=sponsorship.pk)


def checkin_add(request, pk):
    sponsorship = _sponsorship_or_404(request, pk)
    if request.user.is_municipal_staff:
        raise PermissionDenied
    form = CheckInForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in CheckInForm.Meta.fields}
        try:
            monitoring.record_checkin(request.user, sponsorship, signals=form.signals(), **data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Check-in recorded."))
            return redirect("sponsorships:sponsorship", pk=sponsorship.pk)
    return render(
        request,
        "sponsorships/sponsorship_form.html",
        {
            "sponsorship": sponsorship,
            "form": form,
            "title": _("Check-in"),
            "submit": _("Save check-in"),
        },
    )


@require_POST
def signal_resolve(request, pk):
    signal = get_object_or_404(Signal, pk=pk)
    sponsorship = _sponsorship_or_404(request, signal.sponsorship_id)
    if request.user.is_municipal_staff:
        raise PermissionDenied
    try:
        monitoring.resolve_signal(request.user, signal, request.POST.get("resolution", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("sponsorships:sponsorship", pk=sponsorship.pk)


def evaluation_add(request, pk, kind):
    sponsorship = _managed(request, pk)
    if kind not in Evaluation.Kind.values:
        raise PermissionDenied
    form = EvaluationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            monitoring.record_evaluation(request.user, sponsorship, kind=kind, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Evaluation recorded."))
            return redirect("sponsorships:sponsorship", pk=sponsorship.pk)
    return render(
        request,
        "sponsorships/sponsorship_form.html",
        {
            "sponsorship": sponsorship,
            "form": form,
            "title": Evaluation.Kind(kind).label,
            "submit": _("Save"),
        },
    )


@require_POST
def sponsorship_complete(request, pk):
    sponsorship = _managed(request, pk)
    try:
        sponsorships.complete(request.user, sponsorship)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The sponsorship is completed."))
    return redirect("sponsorships:sponsorship", pk=sponsorship.pk)


@require_POST
def sponsorship_end_early(request, pk):
    """End before the year is over: the household may stop at any time, the group too."""
    sponsorship = _managed(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            sponsorships.end_early(request.user, sponsorship, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # e.g. already closed: nothing to correct
                flash_errors(request, exc)
                return redirect("sponsorships:sponsorship", pk=sponsorship.pk)
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The sponsorship has ended early."))
            return redirect("sponsorships:sponsorship", pk=sponsorship.pk)
    # Bad input: the detail page again, with the error next to the reason field.
    return _render_detail(request, sponsorship, end_form=form)


@require_POST
def feedback_link_create(request, pk):
    sponsorship = _managed(request, pk)
    try:
        monitoring.create_feedback_link(request.user, sponsorship, request.POST.get("language", ""))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("sponsorships:sponsorship", pk=sponsorship.pk)


# --- the household's page: no account, a personal link, their language ------------------

FEEDBACK_TEXTS = {
    "nl": {
        "title": "Hoe gaat het?",
        "wellbeing": "Hoe gaat het met u en uw gezin?",
        "good": "Goed",
        "okay": "Gaat wel",
        "difficult": "Moeilijk",
        "problem": "Is er een probleem? Waarover?",
        "urgent": "Het is dringend",
        "message": "Uw bericht (mag in uw eigen taal)",
        "send": "Versturen",
        "thanks": "Dank u. Uw bericht is ontvangen.",
        "gone": "Deze link werkt niet meer. Vraag uw contactpersoon om een nieuwe.",
    },
    "en": {
        "title": "How are you doing?",
        "wellbeing": "How are you and your family doing?",
        "good": "Good",
        "okay": "Okay",
        "difficult": "Difficult",
        "problem": "Is there a problem? About what?",
        "urgent": "It is urgent",
        "message": "Your message (in your own language is fine)",
        "send": "Send",
        "thanks": "Thank you. Your message was received.",
        "gone": "This link no longer works. Ask your contact person for a new one.",
    },
    "ar": {
        "title": "كيف حالكم؟",
        "wellbeing": "كيف حالك وحال عائلتك؟",
        "good": "جيد",
        "okay": "مقبول",
        "difficult": "صعب",
        "problem": "هل هناك مشكلة؟ بخصوص ماذا؟",
        "urgent": "الأمر عاجل",
        "message": "رسالتك (يمكنك الكتابة بلغتك)",
        "send": "إرسال",
        "thanks": "شكراً لك. تم استلام رسالتك.",
        "gone": "هذا الرابط لم يعد يعمل. اطلب رابطاً جديداً من الشخص المسؤول عنك.",
    },
    "uk": {
        "title": "Як справи?",
        "wellbeing": "Як почуваєтеся ви та ваша родина?",
        "good": "Добре",
        "okay": "Нормально",
        "difficult": "Складно",
        "problem": "Чи є проблема? Щодо чого?",
        "urgent": "Це терміново",
        "message": "Ваше повідомлення (можна рідною мовою)",
        "send": "Надіслати",
        "thanks": "Дякуємо. Ваше повідомлення отримано.",
        "gone": "Це посилання більше не діє. Попросіть контактну особу про нове.",
    },
    "fa": {
        "title": "حالتان چطور است؟",
        "wellbeing": "حال شما و خانواده‌تان چطور است؟",
        "good": "خوب",
        "okay": "معمولی",
        "difficult": "سخت",
        "problem": "آیا مشکلی هست؟ درباره چه؟",
        "urgent": "فوری است",
        "message": "پیام شما (می‌توانید به زبان خودتان بنویسید)",
        "send": "ارسال",
        "thanks": "متشکریم. پیام شما دریافت شد.",
        "gone": "این پیوند دیگر کار نمی‌کند. از فرد تماس خود پیوند تازه بخواهید.",
    },
}
RTL = {"ar", "fa"}


@login_not_required
def household_feedback(request, token):
    link = monitoring.link_for_token(token)
    language = request.GET.get("lang") or (link.language if link else "en")
    language = language if language in FEEDBACK_TEXTS else "en"
    texts = FEEDBACK_TEXTS[language]
    context = {
        "t": texts,
        "language": language,
        "rtl": language in RTL,
        "languages": list(FEEDBACK_TEXTS),
        "token": token,
        "categories": Signal.Category.choices,
    }
    if link is None:
        return render(request, "sponsorships/feedback.html", {**context, "gone": True}, status=404)
    form = HouseholdFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        monitoring.household_feedback(link, **form.cleaned_data)
        return render(request, "sponsorships/feedback.html", {**context, "done": True})
    return render(request, "sponsorships/feedback.html", {**context, "form": form})
