"""Home-page panels: the next sessions of a member, the training workload of coordinators."""

from django.utils import timezone

from training.models import Completion, Enrolment, TrainingSession


def my_training_panel(request):
    upcoming = (
        Enrolment.objects.visible_to(request.user)
        .active()
        .filter(session__starts_at__gt=timezone.now())
        .select_related("session__module")
        .order_by("session__starts_at")[:3]
    )
    return {"next": list(upcoming)}


def sessions_panel(request):
    sessions = TrainingSession.objects.visible_to(request.user)
    return {
        "upcoming": sessions.filter(starts_at__gt=timezone.now()).count(),
        "reports": Completion.objects.visible_to(request.user)
        .filter(confirmed_at__isnull=True)
        .count(),
    }
