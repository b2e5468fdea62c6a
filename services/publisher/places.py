"""Where events happened, compared: distance, and whether two reports name one place.

Outlets name one place differently ("Aleppo", "the Aleppo Citadel", "Aleppo city") and the
gazetteer resolves some of them to coordinates and some not, so deciding that two reports are
about one place takes three tests, any of which suffices: the same name (resolved, as written, or
an alternate), one place named inside the other ("the Aleppo Citadel" contains "Aleppo"), or
coordinates close enough (a few kilometres, or within the extent of the coarser place's kind).
A country never contains everything in it here: a country-level report would otherwise swallow
every local report of the same type for the whole window.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from services.kernel.messages import Location

EARTH_RADIUS_KM = 6371.0088

_ARTICLES = re.compile(r"^(the|al|el)[\s-]+", re.IGNORECASE)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def normalise(name: str) -> str:
    """A name folded for comparison: lower case, no leading article, single spaces."""
    folded = " ".join(name.lower().replace("\u2019", "'").split())
    return _ARTICLES.sub("", folded)


def names(location: Location) -> frozenset[str]:
    """Every name a location goes by (as written, resolved, alternates), normalised."""
    raw = (location.name, location.resolved, *location.alternates)
    return frozenset(normalise(n) for n in raw if n and n.strip())


def has_place(location: Location) -> bool:
    """Whether the event names a place at all (a phone call between leaders does not)."""
    return bool(names(location)) or has_coordinates(location)


def has_coordinates(location: Location) -> bool:
    return location.lat is not None and location.lon is not None


def place_key(location: Location) -> str:
    """The place part of an alert id: the resolved name, else the name as written."""
    return normalise(location.resolved or location.name or "") or "-"


def same_place(a: Location, b: Location, nearby_km: float,
               extent_km: Mapping[str, float]) -> bool:
    """Whether two reports are about one place (see the module docstring for the tests)."""
    if a.country and b.country and a.country != b.country:
        return False
    names_a, names_b = names(a), names(b)
    if names_a & names_b:
        return True
    if not (_is_country(a) or _is_country(b)) and _named_inside(names_a, names_b):
        return True
    if not (has_coordinates(a) and has_coordinates(b)):
        return False
    apart = distance_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
    return apart <= max(nearby_km, _extent(a, extent_km), _extent(b, extent_km))


def _is_country(location: Location) -> bool:
    return (location.kind or "").lower() == "country"


def _extent(location: Location, extent_km: Mapping[str, float]) -> float:
    """How far from its coordinates a place of this kind still counts as inside it."""
    return extent_km.get((location.kind or "").lower(), 0.0)


def _named_inside(names_a: frozenset[str], names_b: frozenset[str]) -> bool:
    """One name contains the other as whole words: "aleppo citadel" contains "aleppo"."""
    for x in names_a:
        for y in names_b:
            if x != y and (_contains_words(x, y) or _contains_words(y, x)):
                return True
    return False


def _contains_words(longer: str, shorter: str) -> bool:
    if len(shorter) < 3 or len(shorter) >= len(longer):
        return False
    return re.search(rf"(?<!\w){re.escape(shorter)}(?!\w)", longer) is not None
