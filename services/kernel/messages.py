"""The messages the three services exchange: the contract of the pipeline.

One frozen, slotted dataclass per message, serialised with orjson. Every message carries
``schema`` (its version) so a consumer can refuse what it does not understand instead of
misreading it. Ids are deterministic (hashes of stable inputs) so that a retried or replayed
message carries the same id and downstream consumers can de-duplicate.

Decoding is strict: a value that is not a JSON object of the right shape raises
:class:`~services.kernel.errors.MalformedMessage`, which the consume loop dead-letters.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson

from services.kernel.errors import MalformedMessage

ARTICLE_SCHEMA = 1
EVENT_SCHEMA = 1
ALERT_SCHEMA = 1


def stable_id(*parts: str, length: int = 24) -> str:
    """A short hex id derived only from ``parts``, identical on every run and host."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Article:
    """One news item as fetched: the feed entry plus the main text of its page."""

    id: str
    url: str
    outlet: str
    outlet_name: str
    feed: str
    title: str
    text: str
    summary: str = ""
    language: str = ""
    country: str = ""
    published: str | None = None
    fetched: str = ""
    text_source: str = "page"
    schema: int = ARTICLE_SCHEMA


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: the name as written and what the gazetteer made of it."""

    name: str | None
    resolved: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None
    alternates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """The identity of the article an event was read from."""

    id: str
    url: str
    title: str
    outlet: str
    published: str | None = None
    outlet_name: str = ""
    fetched: str = ""


@dataclass(frozen=True, slots=True)
class Codes:
    """Interoperable codes: PLOVER event type and mode, ACLED event and sub-event type."""

    plover_type: str | None = None
    plover_mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One asserted occurrence found in one article (shared/EVENTS.md)."""

    id: str
    type: str
    location: Location
    actors: tuple[str, ...]
    occurred: str
    evidence: str
    confidence: float
    article: ArticleRef
    codes: Codes = field(default_factory=Codes)
    schema: int = EVENT_SCHEMA

    @property
    def key(self) -> str:
        """Partition key: type + place, so reports of one occurrence meet on one partition."""
        place = self.location.country or "-"
        return f"{self.type}|{place}"


@dataclass(frozen=True, slots=True)
class Source:
    """One report of an alert's occurrence."""

    outlet: str
    url: str
    title: str
    published: str | None
    event_id: str
    evidence: str
    outlet_name: str = ""


@dataclass(frozen=True, slots=True)
class Alert:
    """An occurrence worth telling subscribers, grown by every outlet that reports it."""

    id: str
    rule: str
    topic: str
    type: str
    headline: str
    location: Location
    actors: tuple[str, ...]
    occurred: str
    first_seen: str
    last_seen: str
    sources: tuple[Source, ...]
    outlets: int
    confidence: float
    revision: int
    codes: Codes = field(default_factory=Codes)
    evidence: tuple[str, ...] = ()
    schema: int = ALERT_SCHEMA


M = TypeVar("M", Article, Event, Alert)

_NESTED: dict[type, dict[str, type]] = {
    Event: {"location": Location, "article": ArticleRef, "codes": Codes},
    Alert: {"location": Location, "codes": Codes},
}
_TUPLES_OF: dict[type, dict[str, type]] = {Alert: {"sources": Source}}


def encode(message: Article | Event | Alert) -> bytes:
    """Serialise a message to compact UTF-8 JSON."""
    return orjson.dumps(message)


def to_dict(message: Any) -> dict[str, Any]:
    """A message as plain JSON-ready data (what ``encode`` writes)."""
    return orjson.loads(orjson.dumps(message))


def decode(kind: type[M], raw: bytes | str | dict[str, Any]) -> M:
    """Parse ``raw`` into a ``kind`` message, or raise ``MalformedMessage`` saying why."""
    data = _load(raw)
    version = data.get("schema")
    expected = {Article: ARTICLE_SCHEMA, Event: EVENT_SCHEMA, Alert: ALERT_SCHEMA}[kind]
    if version != expected:
        raise MalformedMessage(f"{kind.__name__} schema {version!r}, expected {expected}")
    return _build(kind, data)


def _load(raw: bytes | str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise MalformedMessage(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise MalformedMessage(f"expected a JSON object, got {type(data).__name__}")
    return data


def _build(kind: type, data: dict[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(kind)}
    values = {k: v for k, v in data.items() if k in names}
    for name, nested in _NESTED.get(kind, {}).items():
        if name in values:
            values[name] = _build(nested, _object(kind, name, values[name]))
    for name, item in _TUPLES_OF.get(kind, {}).items():
        values[name] = tuple(_build(item, _object(kind, name, v)) for v in values.get(name) or ())
    for f in dataclasses.fields(kind):
        if f.name in values and isinstance(values[f.name], list):
            values[f.name] = tuple(values[f.name])
    try:
        message = kind(**values)
    except TypeError as exc:
        raise MalformedMessage(f"{kind.__name__}: {exc}") from exc
    _check_types(message)
    return message


def _object(kind: type, name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedMessage(f"{kind.__name__}.{name}: expected an object")
    return value


_SCALARS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "int": (int,),
    "float": (int, float),
    "float | None": (int, float, type(None)),
    "tuple[str, ...]": (tuple,),
}


def _check_types(message: Any) -> None:
    """Refuse fields whose JSON type contradicts the dataclass (a poison message)."""
    for f in dataclasses.fields(message):
        allowed = _SCALARS.get(str(f.type))
        value = getattr(message, f.name)
        if allowed and (not isinstance(value, allowed) or isinstance(value, bool)):
            raise MalformedMessage(
                f"{type(message).__name__}.{f.name}: expected {f.type}, got {type(value).__name__}"
            )
        if str(f.type) == "tuple[str, ...]" and not all(isinstance(v, str) for v in value):
            raise MalformedMessage(f"{type(message).__name__}.{f.name}: expected strings")
