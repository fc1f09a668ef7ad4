"""Who may see which training records (the single place; see sponsorship/access.py).

Coordinators see sessions in their towns (and online sessions without a town) of their
programmes; members see the sessions of their own group's programme and only their own
enrolments and completions. Municipal staff see no training records.
"""

from __future__ import annotations

from django.db import models

from sponsorship.access import ScopedQuerySet, coordinator_programme_ids, scope_filter


def _member_programme_ids(user):
    from groups.models import GroupMember

    return GroupMember.objects.filter(user=user, active=True).values("group__programme_id")


def _programme_filter(user, field: str) -> models.Q:
    ids = coordinator_programme_ids(user)
    return models.Q() if ids is None else models.Q(**{f"{field}__in": ids})


class TrainingModuleQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or user.is_municipal_staff:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator:
            return self.filter(_programme_filter(user, "programme"))
        return self.filter(programme__in=_member_programme_ids(user))

    def required(self):
        return self.filter(required=True)


class TrainingSessionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or user.is_municipal_staff:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator:
            # Online sessions have no town: every coordinator of the programme sees them.
            town = scope_filter(user, "municipality") | models.Q(municipality__isnull=True)
            return self.filter(town, _programme_filter(user, "module__programme"))
        return self.filter(module__programme__in=_member_programme_ids(user))

    def with_counts(self):
        """Annotate ``enrolled_count``, ``waitlist_count`` and ``places_left`` in one query."""
        active = models.Q(enrolments__status__in=("enrolled", "attended", "absent"))
        return self.annotate(
            enrolled_count=models.Count("enrolments", filter=active),
            waitlist_count=models.Count(
                "enrolments", filter=models.Q(enrolments__status="waitlisted")
            ),
        ).annotate(places_left=models.F("capacity") - models.F("enrolled_count"))


class _MemberRecordQuerySet(ScopedQuerySet):
    """Enrolments and completions: coordinators by the member's group, members their own."""

    def visible_to(self, user):
        if not user.is_authenticated or user.is_municipal_staff:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator:
            return self.filter(
                scope_filter(user, "member__group__municipality", "member__group__programme")
            )
        return self.filter(member__user=user)


class EnrolmentQuerySet(_MemberRecordQuerySet):
    def active(self):
        return self.exclude(status="cancelled")


class CompletionQuerySet(_MemberRecordQuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class CertificateBundleQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        from training.models import TrainingSession

        if not user.is_authenticated or not (user.is_coordinator or user.is_administrator):
            return self.none()
        return self.filter(session__in=TrainingSession.objects.visible_to(user))
