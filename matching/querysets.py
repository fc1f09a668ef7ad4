"""Who may see which runs and proposals (the single place; see sponsorship/access.py)."""

from __future__ import annotations

from django.db.models import Q

from sponsorship.access import (
    ScopedQuerySet,
    coordinator_municipality_ids,
    coordinator_programme_ids,
)


def _programme_q(user, field: str = "programme") -> Q:
    ids = coordinator_programme_ids(user)
    return Q() if ids is None else Q(**{f"{field}__in": ids})


class MatchingRunQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Administrators all; coordinators runs touching one of their towns (in their
        programmes); nobody else sees runs."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        if not user.is_coordinator:
            return self.none()
        qs = self.filter(_programme_q(user))
        towns = coordinator_municipality_ids(user)
        if towns is not None:
            through = self.model.municipalities.through
            qs = qs.filter(
                pk__in=through.objects.filter(municipality_id__in=towns).values("matchingrun_id")
            )
        return qs

    def active(self):
        return self.filter(status__in=self.model.ACTIVE)


class MatchProposalQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Administrators all; coordinators proposals whose household or home lies in their
        towns; municipal staff proposals for a home in their municipality once sent;
        group members the approved and confirmed match of their own group."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator:
            towns = coordinator_municipality_ids(user)
            qs = self.filter(_programme_q(user))
            if towns is None:
                return qs
            return qs.filter(
                Q(household__municipality_id__in=towns) | Q(offer__municipality_id__in=towns)
            )
        if user.is_municipal_staff:
            return self.filter(offer__municipality_id=user.municipality_id, sent_at__isnull=False)
        if user.is_group_member:
            from groups.models import GroupMember

            groups = GroupMember.objects.filter(user=user, active=True).values("group_id")
            return self.filter(
                group_id__in=groups,
                status__in=[self.model.Status.APPROVED, self.model.Status.CONFIRMED],
            )
        return self.none()

    def open(self):
        return self.filter(status__in=self.model.OPEN)
