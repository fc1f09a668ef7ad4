from sponsorship.models import AuditEvent
from tests.access import ADMIN, ANON, COORD, LOGIN, MEMBER, MUNI, Route
from tests.factories import MunicipalityFactory, OrganisationFactory


def build(world):
    world.invitation_token = "matrix-invalid-token"
    world.other_town = MunicipalityFactory(name="Elders")
    world.other_organisation = OrganisationFactory(name="Another partner")
    world.audit_event = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN)


ROUTES = {
    # Anonymous visitors get the public landing page, everyone else their role home.
    "home": Route({ANON: 200, COORD: 200, MUNI: 200, MEMBER: 200, ADMIN: 200}),
    # Public; 200 or 503 depending on whether a worker runs (see test_healthz.py).
    "healthz": Route({r: {200, 503} for r in (ANON, COORD, MUNI, MEMBER, ADMIN)}),
    # Browsers POST violation reports here from any page; GET is refused (tests/test_csp.py).
    "csp_report": Route(dict.fromkeys((ANON, COORD, MUNI, MEMBER, ADMIN), 405)),
    # Staff search; group members have none (their workspace shows their group).
    "search": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 200, MEMBER: 403, ADMIN: 200}, query="?q=utrecht"
    ),
    "audit_list": Route({ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 200}),
    "invitation_list": Route({ANON: LOGIN, COORD: 200, MUNI: 200, MEMBER: 403, ADMIN: 200}),
    # An unknown token is 404 for everyone: the page is public but reveals nothing.
    "invitation_accept": Route(
        {ANON: 404, COORD: 404, MUNI: 404, MEMBER: 404, ADMIN: 404},
        kwargs=lambda w: {"token": w.invitation_token},
    ),
    # Representatives of the third-party trees.
    "account_login": Route({ANON: 200, COORD: 302, MUNI: 302, MEMBER: 302, ADMIN: 302}),
    "admin:index": Route({ANON: 302, COORD: 302, MUNI: 302, MEMBER: 302, ADMIN: 200}),
    "set_language": Route(
        {ANON: 302, COORD: 302, MUNI: 302, MEMBER: 302, ADMIN: 302},
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
    ),
}


# Who may invite whom (sponsorship.access.may_invite): each target is the invitation form's
# data; test_access_matrix.test_invitation_rule posts it as every role and also calls the
# service directly. Municipal staff only by an administrator or the municipality itself.
INVITATION_TARGETS = {
    "administrator": lambda w: {"role": "administrator"},
    "coordinator of the inviter's organisation": lambda w: {
        "role": "coordinator",
        "organisation": w.users[COORD].organisation,
        "scope_municipalities": [w.town],
    },
    "coordinator of another organisation": lambda w: {
        "role": "coordinator",
        "organisation": w.other_organisation,
        "scope_municipalities": [w.town],
    },
    "municipal staff of the town": lambda w: {"role": "municipal_staff", "municipality": w.town},
    "municipal staff of another town": lambda w: {
        "role": "municipal_staff",
        "municipality": w.other_town,
    },
}
_NOBODY = dict.fromkeys(INVITATION_TARGETS, False)
INVITATION_RULE = {
    ANON: _NOBODY,
    MEMBER: _NOBODY,
    ADMIN: dict.fromkeys(INVITATION_TARGETS, True),
    COORD: {**_NOBODY, "coordinator of the inviter's organisation": True},
    MUNI: {**_NOBODY, "municipal staff of the town": True},
}
