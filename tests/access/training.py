"""Access to the training pages.

The persona member belongs to ``world.group`` (in ``world.town``, built by
tests/access/groups.py); ``world.foreign_session`` is in another town and programme, so
the coordinator and the member get 404 there. Municipal staff see no training records."""

from datetime import timedelta

from django.utils import timezone

from tests.access import ADMIN, ANON, COORD, LOGIN, MEMBER, MUNI, Route
from tests.factories import MunicipalityFactory, ProgrammeFactory
from tests.training.factories import (
    EnrolmentFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    completion,
)
from training.models import CertificateBundle, TrainingModule


def build(world):
    # The groups module's approved group, whose member the persona is (groups.build runs
    # first): a second membership would change the groups pages' behaviour.
    world.training_group, world.training_member = world.group, world.own_member
    module = TrainingModuleFactory(programme=world.programme, code="matrix-start")
    world.e_learning = TrainingModuleFactory(
        programme=world.programme, code="matrix-elearn", kind=TrainingModule.Kind.E_LEARNING
    )
    world.session = TrainingSessionFactory(module=module, municipality=world.town)
    world.own_enrolment = EnrolmentFactory(session=world.session, member=world.training_member)
    world.own_completion = completion(world.training_member, module)
    other = world.training_group.members.exclude(pk=world.training_member.pk).first()
    world.report = world.e_learning.completions.create(
        member=other, completed_on=timezone.localdate(), source="e_learning"
    )
    world.past_session = TrainingSessionFactory(
        module=module, municipality=world.town, starts_at=timezone.now() - timedelta(days=2)
    )
    world.foreign_session = TrainingSessionFactory(
        municipality=MunicipalityFactory(),
        module=TrainingModuleFactory(programme=ProgrammeFactory()),
    )
    world.bundle = CertificateBundle.objects.create(
        session=world.session, requested_by=world.users["admin"]
    )


STAFF = {ANON: LOGIN, COORD: 200, MUNI: 403, MEMBER: 403, ADMIN: 200}
STAFF_POST = {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 403, ADMIN: 302}
FOREIGN = {ANON: LOGIN, COORD: 404, MUNI: 403, MEMBER: 403, ADMIN: 200}
PUBLIC = {r: 200 for r in (ANON, COORD, MUNI, MEMBER, ADMIN)}


def _session(w):
    return {"pk": w.session.pk}


ROUTES = {
    "training:session_list": Route(STAFF),
    "training:session_calendar": Route(STAFF),
    "training:session_create": Route(STAFF),
    # Members see their programme's sessions; municipal staff none (404 via visible_to).
    "training:session_detail": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 200, ADMIN: 200}, kwargs=_session
    ),
    "training:session_edit": Route(FOREIGN, kwargs=lambda w: {"pk": w.foreign_session.pk}),
    "training:session_ics": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 200, ADMIN: 200}, kwargs=_session
    ),
    # The member is already enrolled: the service refuses and the view redirects.
    "training:enrol": Route(
        {ANON: LOGIN, COORD: 302, MUNI: 403, MEMBER: 302, ADMIN: 302},
        kwargs=_session,
        method="post",
    ),
    # Step 1 of enrolling a group's members: the foreign session is out of scope.
    "training:enrol_group": Route(FOREIGN, kwargs=lambda w: {"pk": w.foreign_session.pk}),
    # Only the persona's own enrolment is theirs; municipal staff cannot see it.
    "training:cancel": Route(
        {ANON: LOGIN, COORD: 302, MUNI: 404, MEMBER: 302, ADMIN: 302},
        kwargs=lambda w: {"pk": w.own_enrolment.pk},
        method="post",
    ),
    "training:attendance": Route(STAFF, kwargs=lambda w: {"pk": w.past_session.pk}),
    "training:attendance_pdf": Route(STAFF, kwargs=_session),
    "training:bundle_start": Route(STAFF_POST, kwargs=_session, method="post"),
    "training:bundle_status": Route(STAFF, kwargs=lambda w: {"pk": w.bundle.pk}),
    # Not built yet: 404 for those who may see it.
    "training:bundle_download": Route(
        {ANON: LOGIN, COORD: 404, MUNI: 403, MEMBER: 403, ADMIN: 404},
        kwargs=lambda w: {"pk": w.bundle.pk},
    ),
    "training:reports": Route(STAFF),
    "training:decide_report": Route(
        STAFF_POST, method="post", kwargs=lambda w: {"pk": w.report.pk, "decision": "confirm"}
    ),
    "training:group_progress": Route(STAFF, kwargs=lambda w: {"pk": w.training_group.pk}),
    "training:mark_ready": Route(
        STAFF_POST, method="post", kwargs=lambda w: {"pk": w.training_group.pk}
    ),
    "training:mine": Route({ANON: LOGIN, COORD: 403, MUNI: 403, MEMBER: 200, ADMIN: 403}),
    "training:report": Route(
        {ANON: LOGIN, COORD: 403, MUNI: 403, MEMBER: 200, ADMIN: 403},
        kwargs=lambda w: {"pk": w.e_learning.pk},
    ),
    "training:certificate": Route(
        {ANON: LOGIN, COORD: 200, MUNI: 404, MEMBER: 200, ADMIN: 200},
        kwargs=lambda w: {"pk": w.own_completion.pk},
    ),
    "training:verify_form": Route(PUBLIC),
    "training:verify": Route(PUBLIC, kwargs=lambda w: {"code": w.own_completion.verification_code}),
}
