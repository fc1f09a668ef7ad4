"""Matching URLs: coordinators run and review, municipal staff decide on what was sent to
their municipality, the group's members see and confirm their approved match.

State-changing routes get their own proposal each, so the order in which the matrix
visits routes and roles cannot make one route's expectations depend on another's.
"""

from __future__ import annotations

from django.utils import timezone

from matching.engine import ALGORITHM_VERSION, Snapshot
from matching.models import IntroductionMeeting, MatchingRun, MatchProposal
from tests.access import ADMIN, ANON, COORD, LOGIN, MEMBER, MUNI, Route
from tests.matching.test_matching_support import (
    cleared_household,
    home,
    proposal,
)

S = MatchProposal.Status


def _proposal(world, status=S.PROPOSED):
    household = cleared_household(world.town, world.programme)
    return proposal(household, world.matching_group, home(world.town), status=status)


def build(world):
    # The persona member is an ordinary member of ``world.group`` (tests/access/groups.py):
    # they see the match, but confirming or declining is the contact member's (a message).
    world.matching_group = world.group
    run = MatchingRun.objects.create(
        programme=world.programme,
        scope_key=str(world.town.pk),
        snapshot=Snapshot((), (), ()).to_json(),
        algorithm_version=ALGORITHM_VERSION,
        status=MatchingRun.Status.SUCCEEDED,
    )
    run.municipalities.set([world.town])
    world.matching_run = run
    for key, status in (
        ("proposed", S.PROPOSED),
        ("accept", S.PROPOSED),
        ("accepted", S.ACCEPTED),
        ("withdraw", S.PROPOSED),
        ("sent", S.SENT),
        ("approve", S.SENT),
        ("reject", S.SENT),
        ("approved", S.APPROVED),
        ("confirm_h", S.APPROVED),
        ("decline_h", S.APPROVED),
        ("confirm_g", S.APPROVED),
        ("decline_g", S.APPROVED),
    ):
        world.objects[f"match_{key}"] = _proposal(world, status)
    world.match_meeting = IntroductionMeeting.objects.create(
        proposal=world.objects["match_approved"],
        planned_at=timezone.now(),
        mode=IntroductionMeeting.Mode.ONLINE,
    )


COORD_PAGE = {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 200}
COORD_POST = {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 403, ADMIN: 302}
STAFF_PAGE = {ANON: LOGIN, COORD: 200, MUNI: 200, MEMBER: 403, ADMIN: 200}
DECIDE_POST = {ANON: LOGIN, COORD: 403, MUNI: 302, MEMBER: 403, ADMIN: 403}
MEMBER_PAGE = {ANON: LOGIN, COORD: 403, MUNI: 403, MEMBER: 200, ADMIN: 403}
MEMBER_POST = {ANON: LOGIN, COORD: 403, MUNI: 403, MEMBER: 302, ADMIN: 403}
# Coordinator pages about one proposal: municipal staff use the dossier instead.
PROPOSAL_PAGE = COORD_PAGE


def _run(w):
    return {"pk": w.matching_run.pk}


def _p(key):
    return lambda w: {"pk": w.objects[f"match_{key}"].pk}


def _reason(w):
    return {"reason": "Access matrix"}


ROUTES = {
    "matching:run_list": Route(COORD_PAGE),
    "matching:run_start": Route(COORD_PAGE),
    "matching:run_detail": Route(COORD_PAGE, kwargs=_run),
    "matching:run_progress": Route(COORD_PAGE, kwargs=_run),
    "matching:run_cancel": Route(COORD_POST, kwargs=_run, method="post"),
    "matching:run_replay": Route(COORD_POST, kwargs=_run, method="post"),
    "matching:preselection": Route(COORD_PAGE),
    "matching:proposal_list": Route(STAFF_PAGE),
    "matching:proposal_create": Route(COORD_PAGE),
    "matching:proposal_detail": Route(PROPOSAL_PAGE, kwargs=_p("proposed")),
    "matching:proposal_edit": Route(PROPOSAL_PAGE, kwargs=_p("proposed")),
    "matching:proposal_accept": Route(COORD_POST, kwargs=_p("accept"), method="post"),
    "matching:proposal_send": Route(COORD_POST, kwargs=_p("accepted"), method="post"),
    "matching:proposal_withdraw": Route(
        COORD_POST, kwargs=_p("withdraw"), method="post", data=_reason
    ),
    "matching:proposal_confirm_household": Route(COORD_POST, kwargs=_p("confirm_h"), method="post"),
    "matching:proposal_decline_household": Route(
        COORD_POST, kwargs=_p("decline_h"), method="post", data=_reason
    ),
    "matching:meeting_plan": Route(PROPOSAL_PAGE, kwargs=_p("approved")),
    "matching:meeting_record": Route(PROPOSAL_PAGE, kwargs=lambda w: {"pk": w.match_meeting.pk}),
    "matching:dossier": Route(STAFF_PAGE, kwargs=_p("sent")),
    "matching:dossier_pdf": Route(STAFF_PAGE, kwargs=_p("sent")),
    "matching:proposal_approve": Route(DECIDE_POST, kwargs=_p("approve"), method="post"),
    "matching:proposal_reject": Route(
        DECIDE_POST, kwargs=_p("reject"), method="post", data=_reason
    ),
    "matching:my_matches": Route(MEMBER_PAGE),
    "matching:my_match": Route(MEMBER_PAGE, kwargs=_p("approved")),
    "matching:my_match_confirm": Route(MEMBER_POST, kwargs=_p("confirm_g"), method="post"),
    "matching:my_match_decline": Route(
        MEMBER_POST, kwargs=_p("decline_g"), method="post", data=_reason
    ),
}
