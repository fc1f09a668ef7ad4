import pytest

from groups.models import SponsorGroup
from tests.groups.factories import GroupMemberFactory, SponsorGroupFactory


@pytest.fixture
def group(town, programme):
    """An applied group of three members in ``town`` (programme minimum: 3)."""
    return SponsorGroupFactory(municipality=town, programme=programme, members=3)


@pytest.fixture
def other_group(other_town, programme):
    return SponsorGroupFactory(
        municipality=other_town, programme=programme, members=3, name="Other group"
    )


@pytest.fixture
def member_of_group(group, group_member):
    """``group_member`` (the persona) as an active, non-contact member of ``group``."""
    GroupMemberFactory(
        group=group, user=group_member, email=group_member.email, name="Persona Member"
    )
    return group_member


@pytest.fixture
def approved_group(town, programme, group_member):
    group = SponsorGroupFactory(
        municipality=town, programme=programme, members=3, status=SponsorGroup.Status.APPROVED
    )
    contact = group.members.get(is_contact=True)
    contact.user, contact.email = group_member, group_member.email
    contact.save()
    return group
