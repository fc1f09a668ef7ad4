"""What the header search finds in groups: groups (name, neighbourhood, town) and members
(name, e-mail), both scoped like the group list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import GroupMember, SponsorGroup
from sponsorship import search
from sponsorship.models import Municipality


def _may(user) -> bool:
    return user.has_perm("groups.manage_group")


def towns_matching(terms: search.Terms):
    """Towns whose name matches, as a subquery (a group or offer is found by its town)."""
    return search.matching(Municipality.objects.all(), terms, "name").values("pk")


def _groups(user, terms):
    qs = SponsorGroup.objects.visible_to(user).select_related("municipality")
    return search.matching(
        qs, terms, "name", "neighbourhood", also=Q(municipality__in=towns_matching(terms))
    )


def _group_hit(group, user):
    return search.Hit(
        title=group.name,
        url=reverse("groups:detail", args=[group.pk]),
        detail=f"{group.municipality.name} · {group.get_status_display()}",
    )


def _members(user, terms):
    qs = GroupMember.objects.visible_to(user).filter(active=True).select_related("group")
    return search.matching(qs, terms, "name", "email")


def _member_hit(member, user):
    return search.Hit(
        title=member.name,
        url=reverse("groups:detail", args=[member.group_id]),
        detail=f"{member.email} · {member.group.name}",
    )


def _list(q):
    return f"{reverse('groups:list')}?{urlencode({'q': q})}"


search.register(
    search.Provider(
        key="groups",
        label=_("Sponsor groups"),
        order=10,
        may_search=_may,
        find=_groups,
        hit=_group_hit,
        more_url=_list,
    )
)
search.register(
    search.Provider(
        key="members",
        label=_("Group members"),
        order=50,
        may_search=_may,
        find=_members,
        hit=_member_hit,
        more_url=_list,
    )
)
