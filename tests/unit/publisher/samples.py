"""Events for the publisher's tests, modelled on real reporting (late 2024, Syria and Iraq).

``report`` builds one outlet's event with sensible defaults; ``validate_alert`` checks a produced
alert against the repository's JSON Schema, which every publisher test does to what it produces.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from services.kernel.messages import ArticleRef, Codes, Event, Location, stable_id, to_dict

SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"

OUTLETS = {
    "shafaq": ("Shafaq News", "https://shafaq.com/en/"),
    "rudaw": ("Rudaw", "https://www.rudaw.net/english/"),
    "trt": ("TRT World", "https://www.trtworld.com/"),
    "enab": ("Enab Baladi", "https://english.enabbaladi.net/"),
    "aljazeera": ("Al Jazeera", "https://www.aljazeera.com/news/"),
}

BORDER = dict(type="border.closure", place="Iraq", country="IQ", kind="country",
              actors=("Iraq",), evidence="Iraq closed its border with Syria on Sunday, "
              "the Interior Ministry said.", codes=Codes("RESTRICT", "border",
                                                          "Strategic developments", "Other"))
ALEPPO = dict(type="territory.capture", place="Aleppo", country="SY", kind="city",
              lat=36.2021, lon=37.1343, actors=("Hayat Tahrir al-Sham",),
              evidence="Opposition fighters led by Hayat Tahrir al-Sham captured most of "
              "Aleppo on Saturday.", codes=Codes("ASSAULT", "occupy",
                                                 "Strategic developments",
                                                 "Non-state actor overtakes territory"))
CITADEL = dict(ALEPPO, place="the Aleppo Citadel", resolved="Aleppo Citadel", kind="site",
               lat=36.1993, lon=37.1627, evidence="Fighters raised their flag over the Aleppo "
               "Citadel after government troops withdrew.")


def report(outlet: str = "shafaq", *, type: str = "border.closure", place: str | None = "Iraq",
           resolved: str | None = None, country: str | None = "IQ", lat: float | None = None,
           lon: float | None = None, kind: str | None = None, alternates: tuple[str, ...] = (),
           actors: tuple[str, ...] = ("Iraq",), occurred: str = "2024-12-01",
           evidence: str = "Iraq closed its border with Syria.", confidence: float = 0.8,
           fetched: str = "2024-12-01T08:00:00Z", slug: str = "story",
           codes: Codes | None = None) -> Event:
    """One outlet's report of an occurrence as the extractor would emit it."""
    name, base = OUTLETS.get(outlet, (outlet.title(), f"https://{outlet}.example/"))
    url = f"{base}{slug}-{type}-{(place or 'none').lower().replace(' ', '-')}"
    article = ArticleRef(id=stable_id(url), url=url, title=f"{name}: {evidence[:60]}",
                         outlet=outlet, published=fetched, outlet_name=name, fetched=fetched)
    location = Location(place, resolved or place, country, lat, lon, kind, alternates)
    return Event(id=stable_id(article.id, type, place or "-"), type=type, location=location,
                 actors=actors, occurred=occurred, evidence=evidence, confidence=confidence,
                 article=article, codes=codes or Codes())


@functools.cache
def _validators() -> dict[str, jsonschema.Draft202012Validator]:
    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.schema.json")}
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return {name: jsonschema.Draft202012Validator(
        s, registry=registry, format_checker=jsonschema.FormatChecker())
        for name, s in schemas.items()}


def validate_alert(alert: Any) -> None:
    """Raise if ``alert`` (an Alert or its JSON dict) does not match schemas/alert-v1."""
    data = alert if isinstance(alert, dict) else to_dict(alert)
    _validators()["alert-v1.schema.json"].validate(data)


def validate_event(event: Any) -> None:
    data = event if isinstance(event, dict) else to_dict(event)
    _validators()["event-v1.schema.json"].validate(data)
