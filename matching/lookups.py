"""One helper per object kind: the object the user may touch, or 403 (role) / 404 (scope)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from matching.models import IntroductionMeeting, MatchingRun, MatchProposal
from sponsorship.access import get_visible_or_404


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def get_run_for_user(user, pk: int) -> MatchingRun:
    _require(user, "matching.run")
    return get_visible_or_404(
        MatchingRun.objects.select_related("programme", "created_by"), user, pk=pk
    )


PROPOSAL_RELATED = (
    "household",
    "group",
    "group__municipality",
    "offer",
    "offer__municipality",
    "programme",
    "run",
    "allocation",
)


def get_proposal_for_user(user, pk: int, perm: str = "matching.review") -> MatchProposal:
    _require(user, perm)
    return get_visible_or_404(MatchProposal.objects.select_related(*PROPOSAL_RELATED), user, pk=pk)


def get_meeting_for_user(user, pk: int) -> IntroductionMeeting:
    _require(user, "matching.review")
    meeting = IntroductionMeeting.objects.select_related("proposal").filter(pk=pk).first()
    if meeting is None:
        from django.http import Http404

        raise Http404
    get_proposal_for_user(user, meeting.proposal_id)
    return meeting
