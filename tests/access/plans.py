"""Access to sponsorships, plans, monitoring and notifications.

The persona member belongs to the group of ``world.sponsorship`` (in ``world.town``);
``world.foreign_sponsorship`` is in another town: coordinators and members get 404 there.
"""

from datetime import date

from sponsorship.models import Municipality
from sponsorships import monitoring
from sponsorships import services as sponsorships
from sponsorships.services import start_sponsorship
from tests.access import ADMIN, ANON, COORD, LOGIN, MEMBER, MUNI, Route
from tests.factories import MunicipalityFactory
from tests.newcomers.factories import HouseholdFactory
from tests.sponsorships.plan_helpers import make_sponsorship


def build(world):
    coordinator = world.users["coordinator"]
    # The persona is a member of one group only (groups:workspace redirects to it), so the
    # sponsorship is that of tests/access/groups.py's ``world.group``.
    household = HouseholdFactory(
        programme=world.programme,
        municipality=world.town,
        status="approved",
        expected_arrival=date(2026, 1, 5),
    )
    world.sponsorship = start_sponsorship(coordinator, group=world.group, household=household)
    world.plan = world.sponsorship.plan
    world.section = world.plan.sections.get(domain="housing")
    world.task = world.section.tasks.first()
    # A separate task for the delete route, so the other task routes still find theirs.
    world.doomed_task = world.plan.sections.get(domain="health").tasks.first()
    foreign_town = MunicipalityFactory(name="Elsewhere")
    world.foreign_sponsorship = make_sponsorship(foreign_town, world.programme, actor=coordinator)
    world.foreign_plan = world.foreign_sponsorship.plan
    # An arrived sponsorship (override: the checklist is not the point here) with a signal.
    world.running = make_sponsorship(world.town, world.programme, actor=coordinator)
    sponsorships.register_arrival(coordinator, world.running, date(2026, 1, 5), "access test")
    world.signal = monitoring.raise_signal(
        coordinator, world.running, category="housing", severity="low", description="Leaking tap"
    )
    world.link = monitoring.create_feedback_link(coordinator, world.running, "en")
    assert Municipality.objects.filter(pk=world.town.pk).exists()


STAFF = {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 200}
# The persona member's own plan: members and staff in scope read it; municipal staff do not.
OWN_READ = {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 200, ADMIN: 200}
# Writing the plan: only the group's own members.
OWN_WRITE = {ANON: LOGIN, COORD: 403, MUNI: 404, MEMBER: 200, ADMIN: 403}
OWN_WRITE_POST = {ANON: LOGIN, COORD: 403, MUNI: 404, MEMBER: 302, ADMIN: 403}
# Out of scope for the coordinator (other town) and the member (other group).
FOREIGN = {ANON: LOGIN, COORD: 404, MUNI: 404, MEMBER: 404, ADMIN: 200}
STAFF_POST = {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 403, ADMIN: 302}
EVERYONE = {ANON: LOGIN, COORD: 200, MUNI: 200, MEMBER: 200, ADMIN: 200}
EVERYONE_POST = {ANON: LOGIN, COORD: 302, MUNI: 302, MEMBER: 302, ADMIN: 302}


def _sp(w):
    return {"pk": w.sponsorship.pk}


def _plan(w):
    return {"pk": w.plan.pk}


ROUTES = {
    "sponsorships:sponsorships": Route(STAFF),
    "sponsorships:sponsorship": Route(OWN_READ, kwargs=_sp),
    "sponsorships:checklist_tick": Route(
        {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 403, ADMIN: 302},
        method="post",
        kwargs=_sp,
        data=lambda w: {"item": "social_map", "done": "1"},
    ),
    "sponsorships:register_arrival": Route(STAFF_POST, method="post", kwargs=_sp),
    "sponsorships:checkin_add": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 200, ADMIN: 200}, kwargs=_sp
    ),
    "sponsorships:evaluation_add": Route(
        STAFF, kwargs=lambda w: {"pk": w.running.pk, "kind": "interim"}
    ),
    "sponsorships:sponsorship_complete": Route(STAFF_POST, method="post", kwargs=_sp),
    # Without a reason nothing changes: the page again with the error (200) for staff.
    "sponsorships:sponsorship_end_early": Route(STAFF, method="post", kwargs=_sp),
    "sponsorships:feedback_link_create": Route(
        STAFF_POST, method="post", kwargs=_sp, data=lambda w: {"language": "nl"}
    ),
    # The member is not in the running sponsorship's group: 404; municipal staff 404 too.
    "sponsorships:signal_resolve": Route(
        {ANON: LOGIN, COORD: 302, MUNI: 404, MEMBER: 404, ADMIN: 302},
        method="post",
        kwargs=lambda w: {"pk": w.signal.pk},
        data=lambda w: {"resolution": ""},
    ),
    # Public: the personal link is the key (each role submits nothing, only reads).
    "sponsorships:household_feedback": Route(
        {r: 200 for r in (ANON, COORD, MUNI, MEMBER, ADMIN)},
        kwargs=lambda w: {"token": w.link.token},
    ),
    "sponsorships:plan": Route(OWN_READ, kwargs=_plan),
    "sponsorships:plan_household": Route(OWN_READ, kwargs=_plan),
    "sponsorships:plan_pdf": Route(FOREIGN, kwargs=lambda w: {"pk": w.foreign_plan.pk}),
    "sponsorships:plan_version": Route(
        {r: 404 if r != ANON else LOGIN for r in (ANON, COORD, MUNI, MEMBER, ADMIN)},
        kwargs=lambda w: {"pk": w.plan.pk, "number": 9},
    ),
    "sponsorships:plan_submit": Route(OWN_WRITE_POST, method="post", kwargs=_plan),
    "sponsorships:plan_review": Route(
        {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 403, ADMIN: 302}, method="post", kwargs=_plan
    ),
    "sponsorships:plan_section": Route(OWN_WRITE, kwargs=lambda w: {"pk": w.section.pk}),
    "sponsorships:plan_task_add": Route(OWN_WRITE, kwargs=lambda w: {"pk": w.section.pk}),
    "sponsorships:plan_task": Route(OWN_WRITE, kwargs=lambda w: {"pk": w.task.pk}),
    "sponsorships:plan_task_status": Route(
        OWN_WRITE_POST,
        method="post",
        kwargs=lambda w: {"pk": w.task.pk},
        data=lambda w: {"status": "in_progress"},
    ),
    "sponsorships:plan_task_delete": Route(
        {ANON: LOGIN, COORD: 403, MUNI: 404, MEMBER: 302, ADMIN: {403, 404}},
        method="post",
        kwargs=lambda w: {"pk": w.doomed_task.pk},
    ),
    "notifications:list": Route(EVERYONE),
    "notifications:mark_read": Route(EVERYONE_POST, method="post"),
    "notifications:preferences": Route(
        EVERYONE_POST, method="post", data=lambda w: {"mode": "digest"}
    ),
}
