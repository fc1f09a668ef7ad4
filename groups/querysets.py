"""Who may see which groups (the single place; see sponsorship/access.py)."""

from __future__ import annotations

from sponsorship.access import ScopedQuerySet, scope_filter


def _member_group_ids(user):
    """Subquery: the groups in which ``user`` is an active member."""
    from groups.models import GroupMember

    return GroupMember.objects.filter(user=user, active=True).values("group_id")


class SponsorGroupQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Administrators all; coordinators their towns/programmes; members their own
        group; municipal staff nothing (they see no group details at this stage)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self.all()
        if user.is_coordinator:
            return self.filter(scope_filter(user, "municipality", "programme"))
        if user.is_group_member:
            return self.filter(pk__in=_member_group_ids(user))
        return self.none()

    def open(self):
        from groups.models import SponsorGroup

        return self.filter(status__in=SponsorGroup.OPEN_STATES)


class GroupMemberQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        from groups.models import SponsorGroup

        return self.filter(group__in=SponsorGroup.objects.visible_to(user))

    def active(self):
        return self.filter(active=True)


class MembershipChangeQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        from groups.models import SponsorGroup

        return self.filter(group__in=SponsorGroup.objects.visible_to(user))

    def pending(self):
        return self.filter(decision="pending")
