"""Demo housing: providers and offers in every state in Utrecht, Amersfoort and Zeist.

Runs after newcomers/demo.py (INSTALLED_APPS order): when that app left households in
``ctx.extra["households"]``, allocated and occupied homes are given to fitting ones.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from housing.models import Allocation, HousingOffer, HousingProvider

S = HousingOffer.Status
K = HousingOffer.Kind
TOWNS = ("Utrecht", "Amersfoort", "Zeist")
NEIGHBOURHOODS = {
    "Utrecht": [
        "Overvecht",
        "Kanaleneiland",
        "Lombok",
        "Leidsche Rijn",
        "Zuilen",
        "Hoograven",
        "Tuinwijk",
    ],
    "Amersfoort": [
        "Kattenbroek",
        "Vathorst",
        "Soesterkwartier",
        "Schothorst",
        "Liendert",
        "Nieuwland",
        "Binnenstad",
    ],
    "Zeist": [
        "Vollenhove",
        "Crosestein",
        "Kerckebosch",
        "Austerlitz",
        "Den Dolder",
        "Centrum",
        "Hoge Dennen",
    ],
}
# Every state in every town; the kind follows what that state usually holds.
STATES = [
    (S.PROSPECT, K.PERMANENT),
    (S.OFFERED, K.INTERMEDIATE),
    (S.OFFERED, K.PERMANENT),
    (S.RESERVED, K.PERMANENT),
    (S.ALLOCATED, K.PERMANENT),
    (S.OCCUPIED, K.INTERMEDIATE),
    (S.RELEASED, K.INTERMEDIATE),
    (S.WITHDRAWN, K.HOST_FAMILY),
    (S.OFFERED, K.HOST_FAMILY),
]


def _providers(ctx, town) -> list[HousingProvider]:
    return [
        HousingProvider.objects.create(
            name=f"Woonstichting {town.name} (demo)",
            municipality=town,
            kind=HousingProvider.Kind.HOUSING_CORPORATION,
            contact_name="Ilse de Boer",
            contact_email=f"verhuur@{town.name.lower()}.demo",
            reduced_rent=True,
        ),
        HousingProvider.objects.create(
            name=f"Gemeente {town.name} vastgoed (demo)",
            municipality=town,
            kind=HousingProvider.Kind.MUNICIPALITY,
            contact_name="Ahmed Bouzid",
        ),
        HousingProvider.objects.create(
            name=f"Particuliere verhuurder {town.name} (demo)",
            municipality=town,
            kind=HousingProvider.Kind.PRIVATE_LANDLORD,
            contact_name="Joost Smit",
            guarantee_fund=True,
            deposit_support=True,
        ),
        HousingProvider.objects.create(
            name=f"Gastgezin {town.name} (demo)",
            municipality=town,
            kind=HousingProvider.Kind.HOST_FAMILY,
            contact_name="Familie Meijer",
        ),
    ]


def _offer(ctx, town, providers, index, status, kind) -> HousingOffer:
    rng = ctx.rng
    bedrooms = 1 if kind == K.HOST_FAMILY else rng.randint(1, 4)
    provider = providers[3] if kind == K.HOST_FAMILY else providers[index % 3]
    lived_in = status in (S.OCCUPIED, S.RELEASED)
    start = ctx.today + timedelta(days=rng.randint(-200, -30) if lived_in else rng.randint(-30, 60))
    temporary = kind != K.PERMANENT
    neighbourhood = NEIGHBOURHOODS[town.name][index % 7]
    return HousingOffer.objects.create(
        municipality=town,
        provider=provider,
        kind=kind,
        status=status,
        neighbourhood=neighbourhood,
        address=f"{neighbourhood}laan {rng.randint(1, 180)}, {town.name}",
        bedrooms=bedrooms,
        max_occupants=1 if kind == K.HOST_FAMILY else bedrooms * 2,
        step_free=rng.random() < 0.3,
        ground_floor=rng.random() < 0.3,
        rent=Decimal(rng.randrange(350, 950, 5)),
        service_costs=Decimal(rng.randrange(20, 90)),
        deposit=Decimal(0 if provider.deposit_support else rng.choice([0, 500, 900])),
        furnishing=rng.choice(list(HousingOffer.Furnishing)),
        available_from=start,
        available_until=start + timedelta(days=365) if temporary else None,
        reserved_by=ctx.users.get("coordinator") if status == S.RESERVED else None,
        reserved_at=timezone.now() if status == S.RESERVED else None,
        reservation_note="Voorstel match (demo)" if status == S.RESERVED else "",
    )


# Households that plausibly have (or had) a home: approved for, or living in, the town.
HOUSED_STATUSES = ("approved", "arrived", "in_sponsorship", "completed")


def _households_in(ctx, town) -> list:
    """newcomers/demo.py leaves {status: [households]}; a flat list is accepted too."""
    households = ctx.extra.get("households") or []
    if isinstance(households, dict):
        households = [h for status in HOUSED_STATUSES for h in households.get(status, [])]
    return [h for h in households if getattr(h, "municipality_id", None) == town.pk]


def _allocate(ctx, offer, candidates) -> Allocation | None:
    """Give an allocated/occupied/released demo home to a fitting household, if any."""
    for household in candidates:
        if household.members.count() <= offer.max_occupants:
            candidates.remove(household)
            end = None
            if offer.status == S.RELEASED:
                end = max(
                    offer.available_from + timedelta(days=1),
                    ctx.today - timedelta(days=ctx.rng.randint(1, 30)),
                )
            elif offer.available_until:
                end = offer.available_until
            return Allocation.objects.create(
                offer=offer,
                household=household,
                period=DateRange(offer.available_from, end),
                status=Allocation.Status.ENDED
                if offer.status == S.RELEASED
                else Allocation.Status.ACTIVE,
            )
    return None


def seed(ctx) -> None:
    offers = []
    for name in TOWNS:
        town = ctx.towns[name]
        providers = _providers(ctx, town)
        candidates = _households_in(ctx, town)
        for index, (status, kind) in enumerate(STATES):
            offer = _offer(ctx, town, providers, index, status, kind)
            if status in (S.ALLOCATED, S.OCCUPIED, S.RELEASED):
                _allocate(ctx, offer, candidates)
            offers.append(offer)
    ctx.extra["offers"] = offers
