"""The adapter between the database and the engine: build a ``Snapshot`` of one scope.

What a run may use (issue #7): groups ready for matching, homes offered, households whose
intake was held; declined and named pairings; the groups' interest in anonymous profiles;
the programme's weights. Households, groups and homes held by a proposal a coordinator
already accepted (or later) are left out: they are spoken for.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils import translation

from groups.models import SponsorGroup
from housing import geo
from housing.models import HousingOffer
from matching.engine import GroupIn, HouseholdIn, OfferIn, Options, Snapshot, Weights
from matching.models import DeclinedPairing, MatchingWeights, MatchProposal, NamedPairing
from newcomers.choices import Interest, StudyGoal, WorkSector
from newcomers.consent import active_consent, with_consent_in_force
from newcomers.models import Household, ProfileInterest
from sponsorship.vocab import LANGUAGES, Vulnerability

# Proposals a new run must not undo; plain "proposed" ones are replaced by the new run.
HELD = (
    MatchProposal.Status.ACCEPTED,
    MatchProposal.Status.SENT,
    MatchProposal.Status.APPROVED,
    MatchProposal.Status.CONFIRMED,
)


def scope_key(municipality_ids) -> str:
    return ",".join(str(i) for i in sorted(set(municipality_ids)))


def weights_for(programme) -> Weights:
    """The programme's weights: stored overrides on top of the engine's defaults."""
    stored = MatchingWeights.objects.filter(programme=programme).first()
    values = stored.values if stored else {}
    known = Weights.__dataclass_fields__
    return Weights(**{k: float(v) for k, v in values.items() if k in known})


def options_for(programme) -> Options:
    return Options(allow_naming=programme.groups_may_name_newcomer)


def _held(field: str) -> set[int]:
    return set(MatchProposal.objects.filter(status__in=HELD).values_list(field, flat=True))


def _code_labels() -> dict[str, str]:
    # English, like the engine's own texts; the snapshot must not depend on the viewer.
    with translation.override("en"):
        labels = {}
        for choices in (
            Vulnerability.choices,
            Interest.choices,
            StudyGoal.choices,
            WorkSector.choices,
            LANGUAGES,
        ):
            labels.update({code: str(label) for code, label in choices})
    return labels


# Phase 1 looks at every household not yet matched; the run only at those with an intake.
PRESELECTION_STATUSES = (
    Household.Status.IDENTIFIED,
    Household.Status.PRE_SELECTED,
    Household.Status.INFORMED,
    Household.Status.CONSENTED,
    Household.Status.INTAKE_HELD,
)


def _households(programme, towns: set[int], statuses) -> list[Household]:
    qs = with_consent_in_force(
        Household.objects.filter(programme=programme, status__in=statuses)
        .exclude(pk__in=_held("household_id"))
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related("acceptable_municipalities")
    )
    return [h for h in qs if _acceptable(h) & towns]


def _acceptable(household: Household) -> set[int]:
    ids = {m.pk for m in household.acceptable_municipalities.all()}
    return ids | {household.municipality_id}


def _consent_ok(household: Household) -> bool:
    in_force = getattr(household, "consent_in_force", None)  # the snapshot's annotation
    return active_consent(household) is not None if in_force is None else in_force


def household_in(
    household: Household, *, named_group_id=None, preferred_group_ids=frozenset()
) -> HouseholdIn:
    """One household as the engine sees it (its consent and intake checked here)."""
    goals = {household.study_goal, household.work_sector} - {""}
    return HouseholdIn(
        id=household.pk,
        size=household.size,
        acceptable_municipality_ids=frozenset(_acceptable(household)),
        expected_arrival=household.expected_arrival,
        consent_ok=_consent_ok(household),
        intake_ok=household.intake_held_on is not None,
        needs_step_free=household.needs_step_free,
        needs_ground_floor=household.needs_ground_floor,
        vulnerabilities=frozenset(household.vulnerabilities),
        languages=frozenset(household.languages),
        interests=frozenset(household.interests),
        goals=frozenset(goals),
        # DOMAIN: background only with consent; the database already refuses it otherwise.
        cultural_background=household.cultural_background.strip().lower()
        if household.background_consent
        else "",
        named_group_id=named_group_id,
        preferred_group_ids=frozenset(preferred_group_ids),
    )


def _preferences(household_ids) -> dict[int, set[int]]:
    """Groups each household said it prefers, among those interested in its profile."""
    from newcomers.models import ProfileInterest

    prefs: dict[int, set[int]] = {}
    rows = ProfileInterest.objects.filter(
        profile__household_id__in=household_ids, preferred_by_household=True
    )
    for household_id, group_id in rows.values_list("profile__household_id", "group_id"):
        prefs.setdefault(household_id, set()).add(group_id)
    return prefs


def _sector_codes() -> dict[str, str]:
    """Free-text sector names members type, normalised to the work-sector codes."""
    with translation.override("en"):
        names = {str(label).lower(): code for code, label in WorkSector.choices}
    names.update({code: code for code in WorkSector.values})
    return names


def group_in(group: SponsorGroup, members, interested: set[int]) -> GroupIn:
    """One group: its own town, coordinates of its neighbourhood, what its members bring."""
    lat, lon = geo.place_for(group.municipality, group.neighbourhood)
    sectors = _sector_codes()
    experience_text = " ".join(m.experience_vulnerable_groups.lower() for m in members)
    with translation.override("en"):
        experience = {
            code
            for code, label in Vulnerability.choices
            if code.replace("_", " ") in experience_text or str(label).lower() in experience_text
        }
    return GroupIn(
        id=group.pk,
        municipality_id=group.municipality_id,
        lat=float(lat),
        lon=float(lon),
        ready=group.status == SponsorGroup.Status.READY_FOR_MATCHING,
        capacity=1,
        max_household_size=group.max_household_size,
        supported_vulnerabilities=frozenset(group.supported_vulnerabilities),
        languages=frozenset(group.languages),
        interests=frozenset(group.interests),
        professional_sectors=frozenset(
            sectors[s] for m in members if (s := m.professional_sector.strip().lower()) in sectors
        ),
        experience=frozenset(experience),
        interested_household_ids=frozenset(interested),
    )


def _groups(programme, towns: set[int]) -> list[SponsorGroup]:
    return list(
        SponsorGroup.objects.filter(
            programme=programme,
            status=SponsorGroup.Status.READY_FOR_MATCHING,
            municipality_id__in=towns,
        )
        .exclude(pk__in=_held("group_id"))
        .select_related("municipality")
        .prefetch_related("members")
    )


def _interests(group_ids) -> dict[int, set[int]]:
    found = defaultdict(set)
    for group_id, household_id in ProfileInterest.objects.filter(
        group_id__in=group_ids
    ).values_list("group_id", "profile__household_id"):
        found[group_id].add(household_id)
    return found


def offer_in(offer: HousingOffer) -> OfferIn:
    return OfferIn(
        id=offer.pk,
        municipality_id=offer.municipality_id,
        lat=float(offer.latitude),
        lon=float(offer.longitude),
        max_occupants=offer.max_occupants,
        available_from=offer.available_from,
        available_until=offer.available_until,
        step_free=offer.step_free,
        ground_floor=offer.ground_floor,
    )


def _offers(towns: set[int]) -> list[HousingOffer]:
    return list(
        HousingOffer.objects.filter(
            status=HousingOffer.Status.OFFERED, municipality_id__in=towns
        ).exclude(pk__in=_held("offer_id"))
    )


def declined_pairs(household_ids) -> tuple[frozenset, frozenset]:
    rows = DeclinedPairing.objects.filter(household_id__in=household_ids)
    groups = frozenset((r.household_id, r.group_id) for r in rows)
    offers = frozenset((r.household_id, r.offer_id) for r in rows if r.offer_id)
    return groups, offers


def build_snapshot(
    programme, municipalities, *, statuses=(Household.Status.INTAKE_HELD,)
) -> Snapshot:
    """Everything a run of ``programme`` over ``municipalities`` needs, frozen."""
    from sponsorship.models import Municipality

    towns = {getattr(m, "pk", m) for m in municipalities}
    # The engine needs an arrival date to check a home's availability.
    households = [h for h in _households(programme, towns, statuses) if h.expected_arrival]
    named = dict(
        NamedPairing.objects.filter(household__in=households).values_list(
            "household_id", "group_id"
        )
    )
    preferred = _preferences([h.pk for h in households])
    groups = _groups(programme, towns)
    interested = _interests([g.pk for g in groups])
    declined_g, declined_o = declined_pairs([h.pk for h in households])
    mentioned = set(towns).union(*(_acceptable(h) for h in households))
    names = dict(Municipality.objects.filter(pk__in=mentioned).values_list("pk", "name"))
    return Snapshot(
        households=tuple(
            household_in(
                h, named_group_id=named.get(h.pk), preferred_group_ids=preferred.get(h.pk, ())
            )
            for h in households
        ),
        groups=tuple(
            group_in(g, [m for m in g.members.all() if m.active], interested.get(g.pk, set()))
            for g in groups
        ),
        offers=tuple(offer_in(o) for o in _offers(towns)),
        weights=weights_for(programme),
        options=options_for(programme),
        declined_groups=declined_g,
        declined_offers=declined_o,
        municipality_names=names,
        code_labels=_code_labels(),
    )
