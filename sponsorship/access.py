"""The one place that decides access.

- Objects: every model a user may read has a queryset method ``visible_to(user)``; lists
  show that queryset and object URLs open through ``get_visible_or_404`` on it, so what a
  list shows and what a URL opens cannot disagree. Out of scope is 404, never a leak.
- Actions: role-level permissions are `rules` predicates (sponsorship/rules.py and each
  app's rules.py), checked with ``user.has_perm`` or the ``permission_required`` decorator.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which rows a user may see. Subclasses implement visible_to."""

    def visible_to(self, user):  # pragma: no cover - abstract
        raise NotImplementedError


def coordinator_municipality_ids(user) -> set[int] | None:
    """Municipality ids in a coordinator's scope; None means every municipality.

    Staff of the national coordinator work across the whole network; staff of a local
    partner work in the towns assigned to them.
    """
    cached = getattr(user, "_scope_municipality_ids", False)
    if cached is not False:
        return cached
    from sponsorship.models import Organisation

    if user.organisation and user.organisation.kind == Organisation.Kind.NATIONAL_COORDINATOR:
        ids = None
    else:
        ids = set(user.scope_municipalities.values_list("pk", flat=True))
    user._scope_municipality_ids = ids
    return ids


def coordinator_programme_ids(user) -> set[int] | None:
    """Programme ids in a coordinator's scope; None means every programme."""
    cached = getattr(user, "_scope_programme_ids", False)
    if cached is not False:
        return cached
    ids = set(user.scope_programmes.values_list("pk", flat=True)) or None
    user._scope_programme_ids = ids
    return ids


def scope_filter(user, municipality_field: str, programme_field: str | None = None) -> models.Q:
    """A Q object restricting rows to a coordinator's towns (and programmes)."""
    q = models.Q()
    municipality_ids = coordinator_municipality_ids(user)
    if municipality_ids is not None:
        q &= models.Q(**{f"{municipality_field}__in": municipality_ids})
    if programme_field:
        programme_ids = coordinator_programme_ids(user)
        if programme_ids is not None:
            q &= models.Q(**{f"{programme_field}__in": programme_ids})
    return q


def get_visible_or_404(queryset_or_model, user, **lookup):
    """Return the object if ``user`` may see it; else 404 (and audit the attempt)."""
    from sponsorship import audit

    qs = queryset_or_model
    if isinstance(qs, type) and issubclass(qs, models.Model):
        qs = qs._default_manager.all()
    try:
        return qs.visible_to(user).get(**lookup)
    except qs.model.DoesNotExist:
        if qs.filter(**lookup).exists():
            audit.record(
                audit.Action.PERMISSION_DENIED,
                actor=user,
                object_type=qs.model._meta.label_lower,
                object_id=str(lookup.get("pk", lookup)),
                summary="object outside the user's scope",
            )
        raise Http404(f"No {qs.model._meta.verbose_name} matches the given query.") from None


def role_required(*roles):
    """View decorator: only users with one of ``roles`` pass; others get 403 (audited)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = roles
        return wrapper

    return decorator


def invitable_roles(actor) -> list[str]:
    """The roles ``actor`` may invite someone into (the invitation form offers these)."""
    from sponsorship.models import Role

    if actor is None or not actor.is_authenticated:
        return []
    if actor.role == Role.ADMINISTRATOR:
        return [Role.COORDINATOR, Role.MUNICIPAL_STAFF, Role.ADMINISTRATOR, Role.GROUP_MEMBER]
    if actor.role == Role.COORDINATOR:
        return [Role.COORDINATOR, Role.GROUP_MEMBER]
    if actor.role == Role.MUNICIPAL_STAFF:
        return [Role.MUNICIPAL_STAFF]
    return []


def may_invite(
    actor, role, *, organisation=None, municipality=None, scope_municipalities=()
) -> bool:
    """Who may invite whom: the one rule, for the form, the service and the tests.

    A municipality's final say on a proposal is only worth something if nobody outside it
    can create its staff: municipal staff are invited by an administrator or by staff of
    that same municipality. A coordinator invites coordinators of their own organisation
    (within their own towns) and group members; only an administrator creates
    administrators.
    """
    from sponsorship.models import Role

    if role not in invitable_roles(actor):
        return False
    if actor.role == Role.ADMINISTRATOR:
        return True
    if role == Role.MUNICIPAL_STAFF:
        return municipality is not None and municipality.pk == actor.municipality_id
    if role == Role.COORDINATOR:
        if organisation is None or organisation.pk != actor.organisation_id:
            return False
        own = coordinator_municipality_ids(actor)
        return own is None or {m.pk for m in scope_municipalities} <= own
    return role == Role.GROUP_MEMBER


def visible_staff(user):
    """Staff accounts ``user`` may find (the search's "people"): administrators everyone;
    a coordinator the colleagues of their organisation and the coordinators and municipal
    staff of their towns; municipal staff their colleagues and their town's coordinators.
    Nobody else, and never group members (they are found as members of a group)."""
    from sponsorship.models import STAFF_ROLES, Role, User

    staff = User.objects.filter(is_active=True, role__in=STAFF_ROLES)
    if not user.is_authenticated or user.role not in STAFF_ROLES:
        return staff.none()
    if user.is_administrator:
        return staff
    if user.is_coordinator:
        towns = coordinator_municipality_ids(user)
        if towns is None:
            return staff.exclude(role=Role.ADMINISTRATOR)
        return staff.filter(
            models.Q(organisation_id=user.organisation_id)
            | models.Q(role=Role.COORDINATOR, scope_municipalities__in=towns)
            | models.Q(role=Role.COORDINATOR, organisation__kind="national_coordinator")
            | models.Q(role=Role.MUNICIPAL_STAFF, municipality_id__in=towns)
        ).distinct()
    return staff.filter(
        models.Q(role=Role.MUNICIPAL_STAFF, municipality_id=user.municipality_id)
        | models.Q(role=Role.COORDINATOR, scope_municipalities=user.municipality_id)
    ).distinct()
