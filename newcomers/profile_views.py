"""The anonymous profile: coordinators review and publish it; groups browse it and say
they are interested. Group-facing pages read only ``AnonymousProfile.content``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from newcomers import services
from newcomers.models import AnonymousProfile, ProfileInterest
from newcomers.profile import generate, labelled
from newcomers.views import MANAGERS, get_household
from sponsorship.access import get_visible_or_404, role_required
from sponsorship.models import Role

PROFILE_READERS = (Role.COORDINATOR, Role.ADMINISTRATOR, Role.GROUP_MEMBER)


@role_required(*MANAGERS)
def profile_review(request, pk):
    """The coordinator sees exactly what groups would see before publishing."""
    household = get_household(request.user, pk)
    profile = AnonymousProfile.objects.filter(household=household).first()
    draft = generate(household)
    return render(
        request,
        "newcomers/profile_review.html",
        {
            "household": household,
            "profile": profile,
            "draft": labelled(draft),
            "stale": bool(profile and profile.published and profile.content != draft),
            "consent": services.active_consent(household),
        },
    )


@require_POST
@role_required(*MANAGERS)
def profile_publish(request, pk):
    household = get_household(request.user, pk)
    try:
        services.publish_profile(household, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("newcomers:profile_review", pk=household.pk)
    messages.success(request, _("The anonymous profile is published to groups."))
    return redirect("newcomers:household_detail", pk=household.pk)


@require_POST
@role_required(*MANAGERS)
def interest_preference(request, pk, interest_pk):
    household = get_household(request.user, pk)
    interest = get_object_or_404(ProfileInterest, pk=interest_pk, profile__household=household)
    prefers = request.POST.get("prefers") == "1"
    services.record_household_preference(interest, actor=request.user, prefers=prefers)
    messages.success(
        request,
        _("The household's preference is recorded.")
        if prefers
        else _("The preference is removed."),
    )
    return redirect("newcomers:household_detail", pk=household.pk)


@require_POST
@role_required(*MANAGERS)
def profile_unpublish(request, pk):
    household = get_household(request.user, pk)
    try:
        services.unpublish_profile(household, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Groups no longer see the profile."))
    return redirect("newcomers:household_detail", pk=household.pk)


def _open_profiles(user):
    return AnonymousProfile.objects.visible_to(user).filter(
        published=True, household__status__in=AnonymousProfile.OPEN
    )


@role_required(*PROFILE_READERS)
def profile_list(request):
    profiles = _open_profiles(request.user).order_by("-published_at", "code")
    interested = set(_my_interests(request.user).values_list("profile_id", flat=True))
    return render(
        request,
        "newcomers/profile_list.html",
        {
            "profiles": [(p, labelled(p.content), p.pk in interested) for p in profiles[:200]],
        },
    )


@role_required(*PROFILE_READERS)
def profile_detail(request, code):
    profile = get_visible_or_404(_open_profiles(request.user), request.user, code=code)
    return render(
        request,
        "newcomers/profile_detail.html",
        {
            "profile": profile,
            "content": labelled(profile.content),
            "groups": _my_groups(request.user),
            "interested": _my_interests(request.user).filter(profile=profile).exists(),
        },
    )


@require_POST
@role_required(Role.GROUP_MEMBER)
def profile_interest(request, code):
    profile = get_visible_or_404(_open_profiles(request.user), request.user, code=code)
    groups = _my_groups(request.user)
    group = (
        groups.filter(pk=request.POST.get("group") or None).first()
        if len(groups) > 1
        else groups.first()
    )
    if group is None:
        raise PermissionDenied
    try:
        services.express_interest(profile, group=group, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your group's interest was passed on to the coordinator."))
    return redirect("newcomers:profile_detail", code=profile.code)


def _my_groups(user):
    """Groups the user is an active member of that are approved and not yet matched."""
    from groups.models import SponsorGroup

    if not user.is_group_member:
        return SponsorGroup.objects.none()
    return (
        SponsorGroup.objects.visible_to(user)
        .filter(status__in=SponsorGroup.APPROVED_STATES)
        .exclude(
            status__in=[
                SponsorGroup.Status.MATCHED,
                SponsorGroup.Status.ACTIVE,
                SponsorGroup.Status.COMPLETED,
            ]
        )
    )


def _my_interests(user):
    from newcomers.models import ProfileInterest

    return ProfileInterest.objects.filter(group__in=_my_groups(user))
