"""Coordinates without a geocoding service (the portal must work offline).

An offer's place defaults to its municipality's coordinates, nudged by a small fixed
offset derived from the neighbourhood name, so homes in different neighbourhoods do not
all sit on one point and the same neighbourhood always lands on the same spot.
"""

from __future__ import annotations

import math
import zlib
from decimal import Decimal

# About 1.5 km at Dutch latitudes: enough to separate neighbourhoods, too little to
# move a home into another town.
MAX_OFFSET_DEGREES = 0.015
EARTH_RADIUS_KM = 6371.0


def neighbourhood_offset(neighbourhood: str) -> tuple[Decimal, Decimal]:
    """A deterministic (lat, lon) offset for a neighbourhood name; (0, 0) when blank."""
    name = neighbourhood.strip().lower()
    if not name:
        return Decimal(0), Decimal(0)
    digest = zlib.crc32(name.encode("utf-8"))
    # Two independent fractions in [-1, 1] from the low and high half of the checksum.
    lat_fraction = ((digest & 0xFFFF) / 0xFFFF) * 2 - 1
    lon_fraction = ((digest >> 16) / 0xFFFF) * 2 - 1
    return (
        Decimal(str(round(lat_fraction * MAX_OFFSET_DEGREES, 5))),
        Decimal(str(round(lon_fraction * MAX_OFFSET_DEGREES, 5))),
    )


def place_for(municipality, neighbourhood: str) -> tuple[Decimal, Decimal]:
    """Coordinates for a home in ``neighbourhood`` of ``municipality``."""
    d_lat, d_lon = neighbourhood_offset(neighbourhood)
    # Decimal(str(...)): a freshly built municipality may still hold floats.
    return (
        Decimal(str(municipality.latitude)) + d_lat,
        Decimal(str(municipality.longitude)) + d_lon,
    )


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in kilometres (haversine)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
