"""Declarations and VOGs of all members on one screen: valid rows saved through the
service in one go, a refused row keeps what was typed and shows the error by its field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import GroupMember
from sponsorship.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(group):
    return reverse("groups:group_documents", args=[group.pk])


def _post_data(group, rows):
    """rows: {member: (declaration, vog issued, vog received)} as ISO strings or ''."""
    members = list(group.members.active().order_by("name", "pk"))
    data = {"members-TOTAL_FORMS": str(len(members)), "members-INITIAL_FORMS": str(len(members))}
    for i, member in enumerate(members):
        values = rows.get(member.pk, ("", "", ""))
        data[f"members-{i}-id"] = str(member.pk)
        for name, value in zip(
            ("declaration_signed_on", "vog_issued_on", "vog_received_on"), values, strict=True
        ):
            data[f"members-{i}-{name}"] = value
    return data


def test_the_page_has_one_row_per_active_member(client_for, coordinator, group):
    left = group.members.last()
    left.active = False
    left.save()
    response = client_for(coordinator).get(_url(group))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert left.name not in response.content.decode()


def test_valid_rows_are_saved_and_a_refused_row_keeps_its_input(client_for, coordinator, group):
    today = timezone.localdate()
    first, second, third = group.members.order_by("name", "pk")
    good = (
        str(today - timedelta(days=3)),
        str(today - timedelta(days=20)),
        str(today - timedelta(days=10)),
    )
    future = str(today + timedelta(days=5))
    response = client_for(coordinator).post(
        _url(group),
        _post_data(group, {first.pk: good, second.pk: (future, "", ""), third.pk: good}),
    )
    assert response.status_code == 200  # the page again, with the error by the field
    first.refresh_from_db()
    third.refresh_from_db()
    second.refresh_from_db()
    assert first.declaration_signed_on == today - timedelta(days=3)
    assert third.vog_received_on == today - timedelta(days=10)
    assert second.declaration_signed_on is None
    rows = response.context["formset"].forms
    refused = next(f for f in rows if f.instance.pk == second.pk)
    assert "declaration_signed_on" in refused.errors
    assert f'value="{future}"' in response.content.decode()  # nothing typed is lost
    assert (
        AuditEvent.objects.filter(
            object_type="groups.groupmember", summary="declaration/VOG status"
        ).count()
        == 2
    )


def test_all_rows_valid_redirects_to_the_group(client_for, coordinator, group):
    today = str(timezone.localdate())
    member = group.members.first()
    response = client_for(coordinator).post(
        _url(group), _post_data(group, {member.pk: (today, "", "")})
    )
    assert response.status_code == 302
    assert response.url == reverse("groups:detail", args=[group.pk])
    member.refresh_from_db()
    assert str(member.declaration_signed_on) == today


def test_unchanged_rows_are_not_touched(client_for, coordinator, group):
    client_for(coordinator).post(_url(group), _post_data(group, {}))
    assert not AuditEvent.objects.filter(summary="declaration/VOG status").exists()


def test_a_member_of_another_group_cannot_be_slipped_in(
    client_for, coordinator, group, town, programme
):
    from tests.groups.factories import SponsorGroupFactory

    elsewhere = SponsorGroupFactory(municipality=town, programme=programme, members=1)
    stranger = elsewhere.members.get()
    data = _post_data(group, {})
    data["members-0-id"] = str(stranger.pk)
    data["members-0-declaration_signed_on"] = str(timezone.localdate())
    extra = {
        "members-TOTAL_FORMS": "4",
        "members-3-id": "",
        "members-3-declaration_signed_on": str(timezone.localdate()),
    }
    response = client_for(coordinator).post(_url(group), {**data, **extra})
    assert response.status_code == 200
    stranger.refresh_from_db()
    assert stranger.declaration_signed_on is None
    assert GroupMember.objects.count() == 4  # no member made from the extra row


def test_roles_and_scope(client_for, municipal_officer, group_member, other_coordinator, group):
    assert client_for(municipal_officer).get(_url(group)).status_code == 403
    assert client_for(group_member).get(_url(group)).status_code == 403
    assert client_for(other_coordinator).get(_url(group)).status_code == 404
