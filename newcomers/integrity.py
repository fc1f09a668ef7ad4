"""The household's own invariants (docs/integrity.md); see sponsorship/integrity.py."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from newcomers.models import AnonymousProfile, Household, Withdrawal
from sponsorship.integrity import Invariant, offence

S = Household.Status
ARRIVED = (S.ARRIVED, S.IN_SPONSORSHIP, S.COMPLETED)
# From the intake on, a household has been interviewed (withdrawn ones may or may not).
INTERVIEWED = (S.INTAKE_HELD, S.MATCHED, S.APPROVED, *ARRIVED)
# States that rest on the household's consent: withdrawal is the only way to lose it.
CONSENTING = (S.CONSENTED, *INTERVIEWED)


def arrived_without_date():
    return Household.objects.filter(status__in=ARRIVED, arrival_date__isnull=True)


def interviewed_without_intake():
    return Household.objects.filter(status__in=INTERVIEWED, intake_held_on__isnull=True)


def withdrawn_without_withdrawal():
    return Household.objects.filter(status=S.WITHDRAWN).exclude(
        Exists(Withdrawal.objects.filter(household=OuterRef("pk")))
    )


def consenting_without_consent():
    from newcomers.services import active_consent

    households = Household.objects.filter(status__in=CONSENTING).prefetch_related(
        "consents", "withdrawals"
    )
    return [h for h in households if active_consent(h) is None]


def published_profile_of_closed_household():
    return [
        offence(p, f"household status={p.household.status}")
        for p in AnonymousProfile.objects.filter(published=True)
        .exclude(household__status__in=AnonymousProfile.OPEN)
        .select_related("household")
    ]


def published_profile_without_consent():
    from newcomers.services import active_consent

    profiles = AnonymousProfile.objects.filter(published=True).select_related("household")
    found = []
    for profile in profiles:
        consent = active_consent(profile.household)
        if consent is None or not consent.share_profile:
            found.append(offence(profile, "no consent in force to share the profile"))
    return found


INVARIANTS = [
    Invariant(
        "household.arrived_has_arrival_date",
        "A household that arrived (arrived, in sponsorship, completed) has its arrival date.",
        arrived_without_date,
    ),
    Invariant(
        "household.interviewed_has_intake_date",
        "A household from intake held onwards has the date of its intake interview.",
        interviewed_without_intake,
    ),
    Invariant(
        "household.consenting_has_consent",
        "A household from consented onwards (not withdrawn) has a consent in force.",
        consenting_without_consent,
    ),
    Invariant(
        "household.withdrawn_has_withdrawal",
        "A withdrawn household has the withdrawal record that says when.",
        withdrawn_without_withdrawal,
    ),
    Invariant(
        "profile.published_only_while_open",
        "An anonymous profile is published only while its household is consented or "
        "intake held (never once matched, withdrawn or later).",
        published_profile_of_closed_household,
    ),
    Invariant(
        "profile.published_with_consent",
        "A published anonymous profile rests on a consent in force to share it.",
        published_profile_without_consent,
    ),
]
