"""Demo housing: providers and offers in Utrecht, Amersfoort and Zeist.

Made through housing.services, in the states a home reaches on its own: prospect,
offered, reserved and withdrawn. Allocated, occupied and released follow from an
allocation, so those homes come from matching/demo.py, whose matches the municipality
approves (the home is allocated), whose households move in (occupied) and move on from
their intermediate home to a permanent one (released).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from housing import services
from housing.models import HousingOffer, HousingProvider

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
# The states a home reaches without a household, in every town; the kind follows what that
# state usually holds.
STATES = [
    (S.PROSPECT, K.PERMANENT),
    (S.OFFERED, K.INTERMEDIATE),
    (S.OFFERED, K.PERMANENT),
    (S.RESERVED, K.PERMANENT),
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
    start = ctx.today + timedelta(days=rng.randint(-30, 60))
    temporary = kind != K.PERMANENT
    neighbourhood = NEIGHBOURHOODS[town.name][index % 7]
    offer = services.create_offer(
        None,
        municipality=town,
        provider=provider,
        kind=kind,
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
    )
    if status == S.PROSPECT:
        return offer
    if status == S.WITHDRAWN:
        return services.withdraw_offer(None, offer, reason="Host family moved (demo).")
    services.publish_offer(None, offer)
    if status == S.RESERVED:
        services.reserve_offer(ctx.users["coordinator"], offer, note="Voorstel match (demo)")
    offer.refresh_from_db()
    return offer


def seed(ctx) -> None:
    offers = []
    for name in TOWNS:
        town = ctx.towns[name]
        providers = _providers(ctx, town)
        for index, (status, kind) in enumerate(STATES):
            offers.append(_offer(ctx, town, providers, index, status, kind))
    ctx.extra["offers"] = offers
