from datetime import date

from groups.models import SponsorGroup
from newcomers import services
from newcomers.models import CaseAccess, Household, ProfileInterest
from tests.access import ADMIN, ANON, COORD, LOGIN, MEMBER, MUNI, Route
from tests.factories import CoordinatorFactory
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory
from tests.newcomers.factories import HouseholdFactory, IdentityFactory

STAFF_ONLY = {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 200}
# Object pages: municipal staff get 403 from the role check before scope is looked at.
MANAGE = {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 200}
ACTION = {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 403, ADMIN: 302}


def build(world):
    coordinator = world.users["coordinator"]
    household = HouseholdFactory(municipality=world.town, programme=world.programme)
    IdentityFactory(household=household)
    CaseAccess.objects.create(household=household, user=coordinator, granted_by=coordinator)
    services.pre_select(household, actor=coordinator)
    session = services.record_information(
        household,
        actor=coordinator,
        informed_by="UNHCR",
        informed_on=date(2026, 10, 1),
        language="ar",
        topics=["programme", "voluntary", "withdrawal", "data"],
    )
    services.record_consent(
        household,
        actor=coordinator,
        information=session,
        participate=True,
        processing=True,
        share_profile=True,
        given_on=date(2026, 10, 1),
    )
    world.household = household
    world.profile = services.publish_profile(household, actor=coordinator)
    # Revoking someone else's grant, so the coordinator keeps access for the other routes.
    colleague = CoordinatorFactory(email="matrix.colleague@example.org", towns=[world.town])
    world.access = CaseAccess.objects.create(
        household=household, user=colleague, granted_by=coordinator
    )
    # The member must belong to a group that may signal interest (the groups module's
    # world may already provide one; a second group would change its routes).
    member = world.users["member"]
    if not SponsorGroup.objects.filter(
        members__user=member, status__in=SponsorGroup.APPROVED_STATES
    ).exists():
        group = SponsorGroupFactory(
            municipality=world.town,
            programme=world.programme,
            status=SponsorGroup.Status.READY_FOR_MATCHING,
        )
        GroupMemberFactory(group=group, user=member)
    interested = SponsorGroupFactory(
        municipality=world.town,
        programme=world.programme,
        status=SponsorGroup.Status.READY_FOR_MATCHING,
    )
    world.interest = ProfileInterest.objects.create(profile=world.profile, group=interested)
    # A matched household of the town: the municipal officer's pseudonymous dossier.
    world.matched = HouseholdFactory(
        municipality=world.town, programme=world.programme, status=Household.Status.MATCHED
    )


def pk(w):
    return {"pk": w.household.pk}


ROUTES = {
    "newcomers:household_list": Route(STAFF_ONLY),
    "newcomers:household_create": Route(STAFF_ONLY),
    "newcomers:household_import": Route(STAFF_ONLY),
    "newcomers:household_detail": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 404, ADMIN: 200}, kwargs=pk
    ),
    "newcomers:household_edit": Route(MANAGE, kwargs=pk),
    # A reveal needs case access: the administrator here holds none (403, audited).
    "newcomers:household_reveal": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 403},
        kwargs=pk,
        method="post",
        data=lambda w: {"field": "all", "purpose": "care"},
    ),
    # Without case access (the administrator here) the identity page redirects back.
    "newcomers:household_identity": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 302}, kwargs=pk
    ),
    # The household is consented by now: the view answers with the refusal, a redirect.
    "newcomers:household_preselect": Route(ACTION, kwargs=pk, method="post"),
    "newcomers:household_information": Route(MANAGE, kwargs=pk),
    "newcomers:household_consent": Route(MANAGE, kwargs=pk),
    "newcomers:household_intake": Route(MANAGE, kwargs=pk),
    "newcomers:household_withdraw": Route(MANAGE, kwargs=pk),
    "newcomers:household_support_arranged": Route(ACTION, kwargs=pk, method="post"),
    "newcomers:case_access_grant": Route(ACTION, kwargs=pk, method="post"),
    "newcomers:case_access_revoke": Route(
        ACTION, kwargs=lambda w: {"pk": w.household.pk, "access_pk": w.access.pk}, method="post"
    ),
    "newcomers:profile_review": Route(MANAGE, kwargs=pk),
    "newcomers:profile_publish": Route(ACTION, kwargs=pk, method="post"),
    "newcomers:profile_unpublish": Route(ACTION, kwargs=pk, method="post"),
    "newcomers:interest_preference": Route(
        ACTION,
        kwargs=lambda w: {"pk": w.household.pk, "interest_pk": w.interest.pk},
        method="post",
        data=lambda w: {"prefers": "1"},
    ),
    "newcomers:profile_list": Route({ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 200, ADMIN: 200}),
    "newcomers:profile_detail": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 200, ADMIN: 200},
        kwargs=lambda w: {"code": w.profile.code},
    ),
    "newcomers:profile_interest": Route(
        {ANON: LOGIN, COORD: 403, MUNI: 403, MEMBER: 302, ADMIN: 403},
        kwargs=lambda w: {"code": w.profile.code},
        method="post",
    ),
}
