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
from dataclasses import dataclass

from services.kernel.messages import Location

EARTH_RADIUS_KM = 6371.0088

_ARTICLES = re.compile(r"^(the|al|el)[\s-]+", re.IGNORECASE)
_WORD = re.compile(r"\w+")


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


@dataclass(frozen=True, slots=True)
class Place:
    """A location prepared for comparison once, since each report is compared with many groups."""

    country: str | None
    names: frozenset[str]
    words: frozenset[str]
    is_country: bool
    lat: float | None
    lon: float | None
    extent_km: float

    @classmethod
    def of(cls, location: Location, extent_km: Mapping[str, float]) -> Place:
        known = names(location)
        kind = (location.kind or "").lower()
        return cls(location.country, known, frozenset(w for n in known for w in _WORD.findall(n)),
                   kind == "country", location.lat, location.lon, extent_km.get(kind, 0.0))


def same_place(a: Place, b: Place, nearby_km: float) -> bool:
    """Whether two reports are about one place (see the module docstring for the tests)."""
    if a.country and b.country and a.country != b.country:
        return False
    if not a.names.isdisjoint(b.names):
        return True
    if (not (a.is_country or b.is_country) and not a.words.isdisjoint(b.words)
            and _named_inside(a.names, b.names)):
        return True
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    reach = max(nearby_km, a.extent_km, b.extent_km)
    if abs(a.lat - b.lat) * 111.0 > reach:  # a degree of latitude is ~111 km: skip the trig
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= reach


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
