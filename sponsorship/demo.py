"""Deterministic demo data shared by every app: towns, organisations, programmes, users.

Each app has a ``demo.py`` with ``seed(ctx)``; ``manage.py seed_demo`` calls them in
INSTALLED_APPS order with one ``DemoContext`` so later apps can use earlier objects.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from sponsorship.models import Municipality, Organisation, Programme, Role, Taakstelling, User

DEMO_PASSWORD = "samenhier-demo-2026"  # noqa: S105 - demo data only

# name, CBS/NIS code, country, province, lat, lon, takes resettled refugees
TOWNS = [
    ("Utrecht", "GM0344", "NL", "Utrecht", "52.09074", "5.12142", True),
    ("Amersfoort", "GM0307", "NL", "Utrecht", "52.15611", "5.38760", True),
    ("Zeist", "GM0355", "NL", "Utrecht", "52.08944", "5.23333", True),
    ("Nijmegen", "GM0268", "NL", "Gelderland", "51.84250", "5.85278", True),
    ("Arnhem", "GM0202", "NL", "Gelderland", "51.98500", "5.89870", True),
    ("Apeldoorn", "GM0200", "NL", "Gelderland", "52.21158", "5.96990", False),
    ("Groningen", "GM0014", "NL", "Groningen", "53.21917", "6.56667", True),
    ("Zwolle", "GM0193", "NL", "Overijssel", "52.51250", "6.09444", True),
    ("Deventer", "GM0150", "NL", "Overijssel", "52.25500", "6.16389", False),
    ("Leiden", "GM0546", "NL", "Zuid-Holland", "52.16006", "4.49700", True),
    ("Haarlem", "GM0392", "NL", "Noord-Holland", "52.38084", "4.63683", True),
    ("Rotterdam", "GM0599", "NL", "Zuid-Holland", "51.92250", "4.47917", True),
    ("Tilburg", "GM0855", "NL", "Noord-Brabant", "51.55551", "5.09130", True),
    ("Eindhoven", "GM0772", "NL", "Noord-Brabant", "51.44164", "5.46972", False),
    ("Leuven", "24062", "BE", "Vlaams-Brabant", "50.87959", "4.70093", True),
    ("Gent", "44021", "BE", "Oost-Vlaanderen", "51.05434", "3.71742", True),
]


@dataclass
class DemoAccount:
    email: str
    role: str
    description: str
    totp_secret: str = ""


# Fixed TOTP secrets so the demo can be tried at once; printed by `manage.py demo_accounts`.
DEMO_ACCOUNTS = [
    DemoAccount(
        "admin@demo.samenhier.nl",
        Role.ADMINISTRATOR,
        "Administrator",
        "JBSWY3DPEHPK3PXPADMINAAAAAAAAAAA",
    ),
    DemoAccount(
        "coordinator@demo.samenhier.nl",
        Role.COORDINATOR,
        "Coordinator at the local partner for Utrecht, Amersfoort and Zeist",
        "JBSWY3DPEHPK3PXPCOORDAAAAAAAAAAA",
    ),
    DemoAccount(
        "national@demo.samenhier.nl",
        Role.COORDINATOR,
        "Coordinator at the national coordinator (every town)",
        "JBSWY3DPEHPK3PXPNATIONALAAAAAAAA",
    ),
    DemoAccount(
        "gemeente@demo.samenhier.nl",
        Role.MUNICIPAL_STAFF,
        "Municipal staff, municipality of Utrecht",
        "JBSWY3DPEHPK3PXPGEMEENTEAAAAAAAA",
    ),
    DemoAccount(
        "lid@demo.samenhier.nl",
        Role.GROUP_MEMBER,
        "Member of a sponsor group in Utrecht (no MFA needed)",
    ),
]


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    towns: dict[str, Municipality] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


def seed(ctx: DemoContext) -> None:
    for name, code, country, province, lat, lon, takes in TOWNS:
        town = Municipality.objects.create(
            name=name,
            code=code,
            country=country,
            province=province,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            takes_resettled_refugees=takes,
        )
        ctx.towns[name] = town
        period_start = date(ctx.today.year, 1 if ctx.today.month <= 6 else 7, 1)
        period_end = date(
            period_start.year + (period_start.month == 7), 7 if period_start.month == 1 else 1, 1
        )
        Taakstelling.objects.create(
            municipality=town,
            period_start=period_start,
            period_end=period_end,
            target=ctx.rng.randint(12, 140),
        )

    ctx.programmes["nl"] = Programme.objects.create(
        name="Samen Hier hervestiging",
        slug="samen-hier",
        variant=Programme.Variant.RESETTLEMENT,
        country="NL",
        commitment_months=12,
        min_group_size=5,
    )
    ctx.programmes["nl-status"] = Programme.objects.create(
        name="Samen Hier statushouders",
        slug="samen-hier-statushouders",
        variant=Programme.Variant.STATUS_HOLDERS,
        country="NL",
        commitment_months=12,
        min_group_size=3,
        groups_may_name_newcomer=True,
    )
    ctx.programmes["be"] = Programme.objects.create(
        name="Community sponsorship België",
        slug="be-onthaalgroepen",
        variant=Programme.Variant.RESETTLEMENT,
        country="BE",
        commitment_months=12,
        min_group_size=5,
        groups_have_financial_duties=True,
    )

    national = Organisation.objects.create(
        name="Samen Hier (nationaal)",
        kind=Organisation.Kind.NATIONAL_COORDINATOR,
        contact_name="Anouk de Vries",
        contact_email="info@demo.samenhier.nl",
    )
    local = Organisation.objects.create(
        name="Stichting Welkom Utrecht",
        kind=Organisation.Kind.LOCAL_PARTNER,
        contact_name="Youssef Amrani",
        contact_email="utrecht@demo.samenhier.nl",
    )
    local.municipalities.set([ctx.towns[t] for t in ("Utrecht", "Amersfoort", "Zeist")])
    gemeente = Organisation.objects.create(
        name="Gemeente Utrecht",
        kind=Organisation.Kind.MUNICIPALITY,
        contact_name="Sanne Jansen",
        contact_email="hervestiging@demo.utrecht.nl",
    )
    gemeente.municipalities.set([ctx.towns["Utrecht"]])
    ctx.organisations.update(national=national, local=local, gemeente=gemeente)
    for kind, name in [
        (Organisation.Kind.RECEPTION_AGENCY, "COA (demo)"),
        (Organisation.Kind.SOCIAL_COUNSELLING, "VluchtelingenWerk Midden-Nederland (demo)"),
        (Organisation.Kind.HOUSING_PROVIDER, "Woningcorporatie De Dom (demo)"),
    ]:
        Organisation.objects.create(name=name, kind=kind, contact_name="Contactpersoon")

    names = {
        "admin@demo.samenhier.nl": ("Alex", "Beheer"),
        "coordinator@demo.samenhier.nl": ("Fatima", "El Idrissi"),
        "national@demo.samenhier.nl": ("Pieter", "Bakker"),
        "gemeente@demo.samenhier.nl": ("Sanne", "Jansen"),
        "lid@demo.samenhier.nl": ("Marloes", "Visser"),
    }
    for account in DEMO_ACCOUNTS:
        first, last = names[account.email]
        extra = {}
        if account.email.startswith("coordinator"):
            extra["organisation"] = local
        elif account.email.startswith("national"):
            extra["organisation"] = national
        elif account.role == Role.MUNICIPAL_STAFF:
            extra.update(organisation=gemeente, municipality=ctx.towns["Utrecht"])
        if account.role == Role.ADMINISTRATOR:
            user = User.objects.create_superuser(
                account.email, DEMO_PASSWORD, first_name=first, last_name=last
            )
        else:
            user = User.objects.create_user(
                account.email,
                DEMO_PASSWORD,
                role=account.role,
                first_name=first,
                last_name=last,
                **extra,
            )
        if account.email.startswith("coordinator"):
            user.scope_municipalities.set(local.municipalities.all())
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if account.totp_secret:
            TOTP.activate(user, account.totp_secret)
            RecoveryCodes.activate(user)
        ctx.users[account.email.split("@")[0]] = user
