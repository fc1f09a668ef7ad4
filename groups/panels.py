"""Home-page panels: new applications for coordinators, the own group for members."""

from django.db.models import Count, Q

from groups.models import MembershipChange, SponsorGroup


def applications_panel(request):
    groups = SponsorGroup.objects.visible_to(request.user)
    counts = groups.aggregate(
        applied=Count("pk", filter=Q(status=SponsorGroup.Status.APPLIED)),
        in_intake=Count(
            "pk",
            filter=Q(
                status__in=[SponsorGroup.Status.INTAKE_PLANNED, SponsorGroup.Status.INTAKE_HELD]
            ),
        ),
        open=Count("pk", filter=Q(status__in=SponsorGroup.OPEN_STATES)),
    )
    counts["changes"] = MembershipChange.objects.visible_to(request.user).pending().count()
    return counts


def my_group_panel(request):
    groups = list(SponsorGroup.objects.visible_to(request.user).select_related("municipality"))
    return {"groups": groups} if groups else None
