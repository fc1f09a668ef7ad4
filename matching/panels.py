"""Home-page panels: runs and proposals to review for staff, the own match for members."""

from django.db.models import Count, Q

from matching.models import MatchingRun, MatchProposal

S = MatchProposal.Status


def coordinator_panel(request):
    proposals = MatchProposal.objects.visible_to(request.user).aggregate(
        proposed=Count("pk", filter=Q(status=S.PROPOSED)),
        sent=Count("pk", filter=Q(status=S.SENT)),
        approved=Count("pk", filter=Q(status=S.APPROVED)),
    )
    proposals["active_runs"] = MatchingRun.objects.visible_to(request.user).active().count()
    return proposals


def municipal_panel(request):
    pending = MatchProposal.objects.visible_to(request.user).filter(status=S.SENT).count()
    return {"pending": pending}


def member_panel(request):
    proposals = list(MatchProposal.objects.visible_to(request.user).select_related("group"))
    return {"proposals": proposals} if proposals else None
