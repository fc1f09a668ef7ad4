"""What waits on the home page (sponsorship/queue.py): groups and VOGs.

Coordinators: applications without an intake, membership changes to decide, certificates
of conduct running out. Members: their group's next steps. Plans and signals are
sponsorships/queue.py's.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.checklist import checklist
from groups.models import GroupMember, MembershipChange, SponsorGroup
from sponsorship.dates import add_months
from sponsorship.queue import (
    THRESHOLDS,
    Entry,
    QueueItem,
    due_text,
    entries,
    summarise,
    waiting,
    waiting_text,
)


def applications(request):
    today = timezone.localdate()
    qs = SponsorGroup.objects.visible_to(request.user).filter(
        status=SponsorGroup.Status.APPLIED, intake__isnull=True
    )
    return waiting(
        qs,
        "created_at",
        today,
        key="applications",
        order=10,
        label=_("Applications without an intake"),
        url=reverse("groups:list") + "?status=applied",
        rows=lambda: entries(
            qs.order_by("created_at", "pk"),
            str,
            lambda g: reverse("groups:detail", args=[g.pk]),
            lambda g: waiting_text(g.created_at, today),
        ),
    )


def membership_changes(request):
    today = timezone.localdate()
    qs = MembershipChange.objects.visible_to(request.user).pending()
    return waiting(
        qs,
        "proposed_at",
        today,
        key="membership_changes",
        order=15,
        label=_("Membership changes to decide"),
        url=reverse("groups:list"),
        rows=lambda: entries(
            qs.select_related("group").order_by("proposed_at", "pk"),
            lambda c: c.group.name,
            lambda c: reverse("groups:detail", args=[c.group_id]),
            lambda c: waiting_text(c.proposed_at, today),
        ),
    )


def vogs_expiring(request):
    """Active members of open groups whose VOG stops counting within the warning period
    (or already did); how long a VOG counts is groups/vog.py's rule."""
    from groups import vog

    today = timezone.localdate()
    # counts_until(issued) <= today + warning  <=>  issued <= (today + warning) - validity
    cutoff = add_months(
        today + timedelta(days=THRESHOLDS.expiry_warning_days), -vog.VOG_VALID_MONTHS
    )
    qs = (
        GroupMember.objects.visible_to(request.user)
        .active()
        .filter(group__status__in=SponsorGroup.OPEN_STATES, vog_issued_on__lte=cutoff)
    )
    count, oldest = summarise(qs, "vog_issued_on")
    if not count:
        return None
    return QueueItem(
        key="vogs",
        order=50,
        label=_("Certificates of conduct (VOG) running out"),
        count=count,
        url=reverse("groups:list"),
        age=due_text(vog.counts_until(oldest), today),
        due=True,
        entries=entries(
            qs.select_related("group").order_by("vog_issued_on", "pk"),
            lambda m: f"{m.name} ({m.group.name})",
            lambda m: reverse("groups:detail", args=[m.group_id]),
            lambda m: due_text(vog.counts_until(m.vog_issued_on), today),
        ),
    )


# --- group members ---------------------------------------------------------------------


def group_next_steps(request):
    """Per own group: how many steps of its checklist are open, and the next one (the
    details, e.g. who still misses a training, are on the workspace)."""
    items = []
    for group in SponsorGroup.objects.visible_to(request.user).open():
        steps = [item for item in checklist(group) if not item.done]
        if not steps:
            continue
        url = reverse("groups:workspace_detail", args=[group.pk])
        items.append(
            QueueItem(
                key=f"group_steps_{group.pk}",
                order=10,
                count=len(steps),
                url=url,
                label=_("Open steps for %(group)s") % {"group": group.name},
                entries=(Entry(str(_("Next: %(step)s") % {"step": steps[0].label}), url),),
            )
        )
    return items
