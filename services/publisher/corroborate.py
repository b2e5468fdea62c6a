"""Corroboration: the reports of one occurrence, from several outlets, grown into one alert.

Events of one rule and one type meet in one group when they are about one place (``places``) or,
for types without a place (a phone call between leaders), one set of parties, and occurred within
the window of the group's first report. Every new outlet is a new revision; the same outlet again,
or the same event replayed, changes nothing.

Everything here depends only on the events and their order in their partition, never on the
clock, so a replay rebuilds byte-identical alerts:

- state is kept per (rule, event key); the key (type|country) is the partition key of
  ``news.events``, so one key's events arrive in one order, whatever the consumer's assignment;
- groups expire against a per-key watermark (the latest first-report time seen), not ``now()``;
- when an event fits several groups the earliest one (then the smallest id) wins, so the choice
  does not depend on the order in which groups were restored;
- the confidence of revision n+1 is computed from the confidence published in revision n, so a
  group restored from its last alert continues exactly as the live one would have.

What is not restored: a group still below its rule's ``min_outlets`` has published nothing, so a
restart forgets it (its reports are not replayed once their offsets are committed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from services.kernel.errors import MalformedMessage
from services.kernel.messages import Alert, Codes, Event, Location, Source, stable_id
from services.publisher.places import Place, has_place, normalise, place_key, same_place
from services.publisher.rules import Grouping, Rule


@dataclass(slots=True)
class Group:
    """One occurrence under one rule, as grown so far; ``revision`` 0 means not yet published."""

    id: str
    rule: str
    type: str
    location: Location
    anchor_time: datetime
    occurred: str
    codes: Codes
    by_parties: bool
    place: Place
    actors: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    first_seen: str = ""
    last_seen: str = ""
    confidence: float = 0.0
    revision: int = 0
    last_event: Event | None = None
    outlets: set[str] = field(default_factory=set)
    event_ids: set[str] = field(default_factory=set)
    parties: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.outlets = {source.outlet for source in self.sources}
        self.event_ids = {source.event_id for source in self.sources}
        self.parties = _parties(self.actors, self.location.country)


@dataclass(slots=True)
class _KeyState:
    """The groups of one (rule, event key), and how far that key's reports have advanced."""

    groups: dict[str, Group] = field(default_factory=dict)
    watermark: datetime | None = None


class Corroborator:
    """Groups events into occurrences, per rule; pure and clock-free (see the module docstring)."""

    def __init__(self, window_hours: float, grouping: Grouping) -> None:
        self.window = timedelta(hours=window_hours)
        self.retention = self.window + timedelta(hours=grouping.margin_hours)
        self.grouping = grouping
        self._states: dict[tuple[str, str], _KeyState] = {}
        self.size = 0

    def observe(self, rule: Rule, event: Event) -> Group | None:
        """The group ``event`` joined or opened, if that makes a new revision to publish."""
        state = self._states.setdefault((rule.name, event.key), _KeyState())
        when = event_time(event)
        group = self._find(state, event, when)
        if group is None:
            group = self._open(state, rule, event, when)
        elif not _join(group, event, self.grouping.confidence_cap):
            return None
        if len(group.sources) < rule.min_outlets:
            return None
        group.revision += 1
        return group

    def restore(self, alert: Alert) -> None:
        """Take up ``alert`` (the latest revision read back from its topic) as a live group."""
        key = f"{alert.type}|{alert.location.country or '-'}"
        state = self._states.setdefault((alert.rule, key), _KeyState())
        known = state.groups.get(alert.id)
        if known is not None and known.revision >= alert.revision:
            return
        if known is None:
            self.size += 1
        state.groups[alert.id] = _from_alert(alert, self._by_parties(alert.type, alert.location),
                                             self._place(alert.location))
        self._advance(state, state.groups[alert.id].anchor_time)

    def _by_parties(self, event_type: str, location: Location) -> bool:
        return event_type in self.grouping.by_parties or not has_place(location)

    def _place(self, location: Location) -> Place:
        return Place.of(location, self.grouping.extent_km)

    def _find(self, state: _KeyState, event: Event, when: datetime) -> Group | None:
        if self._by_parties(event.type, event.location):
            parties = _parties(event.actors, event.location.country)
            fits = [g for g in state.groups.values() if g.by_parties
                    and abs(when - g.anchor_time) <= self.window
                    and _same_parties(g.parties, parties)]
        else:
            place, nearby = self._place(event.location), self.grouping.nearby_km
            fits = [g for g in state.groups.values() if not g.by_parties
                    and abs(when - g.anchor_time) <= self.window
                    and same_place(g.place, place, nearby)]
        return min(fits, key=lambda g: (g.anchor_time, g.id), default=None)

    def _open(self, state: _KeyState, rule: Rule, event: Event, when: datetime) -> Group:
        by_parties = self._by_parties(event.type, event.location)
        where = ",".join(sorted(_parties(event.actors, None))) if by_parties else place_key(
            event.location)
        group = Group(
            id=stable_id(rule.name, event.type, where, event.id), rule=rule.name,
            type=event.type, location=event.location, anchor_time=when,
            occurred=event.occurred if parse_time(event.occurred) else iso(when),
            codes=event.codes, by_parties=by_parties, place=self._place(event.location),
        )
        _join(group, event, self.grouping.confidence_cap)
        state.groups[group.id] = group
        self.size += 1
        self._advance(state, when)
        return group

    def _advance(self, state: _KeyState, when: datetime) -> None:
        """Move the key's watermark and forget groups no report can join any more."""
        if state.watermark is not None and when <= state.watermark:
            return
        state.watermark = when
        horizon = when - self.retention
        for group_id in [i for i, g in state.groups.items() if g.anchor_time < horizon]:
            del state.groups[group_id]
            self.size -= 1


def _join(group: Group, event: Event, cap: float) -> bool:
    """Add ``event`` as a source of ``group``; False if it is a replay or a known outlet."""
    if event.id in group.event_ids or event.article.outlet in group.outlets:
        return False
    article = event.article
    seen = seen_time(event)
    group.sources.append(Source(
        outlet=article.outlet, url=article.url, title=article.title,
        published=article.published, event_id=event.id, evidence=event.evidence,
        outlet_name=article.outlet_name,
    ))
    known = {normalise(a) for a in group.actors}
    group.actors.extend(a for a in dict.fromkeys(event.actors) if normalise(a) not in known)
    group.outlets.add(article.outlet)
    group.event_ids.add(event.id)
    group.parties = _parties(group.actors, group.location.country)
    group.first_seen = min(group.first_seen or seen, seen)
    group.last_seen = max(group.last_seen, seen)
    group.confidence = combined_confidence(group.confidence, event.confidence, cap)
    group.last_event = event
    return True


def combined_confidence(current: float, new: float, cap: float) -> float:
    """1 - Π(1 - cᵢ) over independent outlets, one outlet at a time, rounded and capped."""
    return round(min(cap, 1 - (1 - current) * (1 - max(0.0, min(1.0, new)))), 4)


def _parties(actors: list[str] | tuple[str, ...], country: str | None) -> frozenset[str]:
    named = {normalise(actor) for actor in actors if actor.strip()}
    return frozenset(named | ({country.lower()} if country else set()))


def _same_parties(a: frozenset[str], b: frozenset[str]) -> bool:
    """One set of parties is the other, or contains it (a later report names one more)."""
    return bool(a and b) and (a <= b or b <= a)


def _from_alert(alert: Alert, by_parties: bool, place: Place) -> Group:
    return Group(
        id=alert.id, rule=alert.rule, type=alert.type, location=alert.location,
        anchor_time=parse_time(alert.occurred) or datetime.min.replace(tzinfo=UTC),
        occurred=alert.occurred, codes=alert.codes, by_parties=by_parties, place=place,
        actors=list(alert.actors), sources=list(alert.sources), first_seen=alert.first_seen,
        last_seen=alert.last_seen, confidence=alert.confidence, revision=alert.revision,
    )


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime (a bare date is midnight UTC)."""
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_time(event: Event) -> datetime:
    """When the event occurred (else its article's publication); MalformedMessage if neither."""
    for text in (event.occurred, event.article.published, event.article.fetched):
        moment = parse_time(text)
        if moment is not None:
            return moment
    raise MalformedMessage(f"event {event.id}: occurred {event.occurred!r} is not a date")


def seen_time(event: Event) -> str:
    """When newsalert saw the report: the article's fetch time, else its publication time."""
    for text in (event.article.fetched, event.article.published):
        moment = parse_time(text)
        if moment is not None:
            return iso(moment)
    return iso(event_time(event))
