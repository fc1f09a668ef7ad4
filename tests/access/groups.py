"""Access to the sponsor group pages. The persona member belongs to ``world.group``;
``world.foreign_group`` is in another town, so coordinators and members get 404 there."""

from groups.models import SponsorGroup
from tests.access import ADMIN, ANON, COORD, LOGIN, MEMBER, MUNI, Route
from tests.factories import MunicipalityFactory
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory


def build(world):
    member = world.users["member"]
    world.group = SponsorGroupFactory(
        municipality=world.town,
        programme=world.programme,
        members=2,
        status=SponsorGroup.Status.APPROVED,
    )
    world.own_member = GroupMemberFactory(group=world.group, user=member, email=member.email)
    world.other_member = world.group.members.exclude(pk=world.own_member.pk).first()
    world.foreign_group = SponsorGroupFactory(
        programme=world.programme, members=3, municipality=MunicipalityFactory()
    )
    world.foreign_member = world.foreign_group.members.first()
    world.change = world.foreign_group.membership_changes.create(
        kind="remove", member=world.foreign_member, proposed_by=member
    )


STAFF_ONLY = {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 200}
# Out of the coordinator's and the member's scope: 404; municipal staff lack the role: 403.
FOREIGN = {ANON: LOGIN, COORD: 404, MUNI: 403, MEMBER: 403, ADMIN: 200}
PUBLIC = {r: 200 for r in (ANON, COORD, MUNI, MEMBER, ADMIN)}

ROUTES = {
    "groups:list": Route(STAFF_ONLY),
    "groups:import": Route(STAFF_ONLY),
    # The member is sent on to their workspace; municipal staff see no group details.
    "groups:detail": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 302, ADMIN: 200},
        kwargs=lambda w: {"pk": w.group.pk},
    ),
    "groups:plan_intake": Route(FOREIGN, kwargs=lambda w: {"pk": w.foreign_group.pk}),
    # Intake notes: coordinators only, not even administrators.
    "groups:record_intake": Route(
        {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 403, ADMIN: 403},
        kwargs=lambda w: {"pk": w.group.pk},
    ),
    "groups:transition": Route(
        {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 403, ADMIN: 302},
        kwargs=lambda w: {"pk": w.group.pk, "step": "start_training"},
        method="post",
    ),
    "groups:close": Route(FOREIGN, kwargs=lambda w: {"pk": w.foreign_group.pk, "kind": "withdraw"}),
    "groups:group_documents": Route(FOREIGN, kwargs=lambda w: {"pk": w.foreign_group.pk}),
    "groups:member_documents": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 403, ADMIN: 200},
        kwargs=lambda w: {"pk": w.other_member.pk},
    ),
    # Own profile: the member edits it; coordinators in scope too.
    "groups:member_profile": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 200, ADMIN: 200},
        kwargs=lambda w: {"pk": w.own_member.pk},
    ),
    "groups:decide_change": Route(
        {ANON: LOGIN, COORD: 404, MUNI: 404, MEMBER: 404, ADMIN: 302},
        method="post",
        kwargs=lambda w: {"pk": w.change.pk, "decision": "decline"},
    ),
    "groups:workspace": Route({ANON: LOGIN, COORD: 403, MUNI: 403, MEMBER: 302, ADMIN: 403}),
    "groups:workspace_detail": Route(
        {ANON: LOGIN, COORD: 403, MUNI: 403, MEMBER: 200, ADMIN: 403},
        kwargs=lambda w: {"pk": w.group.pk},
    ),
    # Only the contact member proposes; the persona is an ordinary member (403).
    "groups:propose_addition": Route(
        {ANON: LOGIN, COORD: 403, MUNI: 404, MEMBER: 403, ADMIN: 403},
        kwargs=lambda w: {"pk": w.group.pk},
    ),
    "groups:propose_removal": Route(
        {ANON: LOGIN, COORD: 403, MUNI: 404, MEMBER: 403, ADMIN: 403},
        method="post",
        kwargs=lambda w: {"pk": w.other_member.pk},
    ),
    "groups:apply": Route(PUBLIC),
    "groups:apply_done": Route(PUBLIC),
    "groups:apply_start": Route(
        PUBLIC, kwargs=lambda w: {"slug": w.programme.slug, "town": w.town.pk}
    ),
    "groups:apply_resume": Route(
        {r: 404 for r in PUBLIC}, kwargs=lambda w: {"token": "no-such-draft"}
    ),
    "groups:apply_step": Route(
        {r: 404 for r in PUBLIC}, kwargs=lambda w: {"token": "no-such-draft", "step": "members"}
    ),
}
