"""Triggers to candidate events: one trigger match, checked for sense and modality, with its
roles bound (place, actors, date) and its family resolved to an event type.

A candidate is dropped when the wording is another sense ("captured on camera"), when the clause
before the trigger makes it unasserted (negation, denial, threat, plan, condition, attempt,
question), or when a role it needs is missing (a border for a closure, a place for "stormed").
A candidate dated more than a week before publication is kept, flagged as background, so that
later mentions of the same occurrence can be recognised as background too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from services.extractor import actors as actor_lib
from services.extractor import locate, places
from services.extractor.actors import Actor
from services.extractor.dates import BACKGROUND_DAYS, DateMention
from services.extractor.document import Document
from services.extractor.places import Mention
from services.extractor.rules import Trigger

_INFINITIVE = re.compile(r"\bto\s+$", re.I)
_DECISION = re.compile(r"\b(?:decided|ordered|voted|moved|began|started)\s+to\s+$", re.I)
_DESTINATION = re.compile(r"\b(?P<prep>to|along|on|at|into|in|across|toward|towards|inside|near|close\s+to)\s+", re.I)
_PASSIVE_BY = re.compile(r"^\s*(?:\w+\s+){0,6}?by\s+$", re.I)
_INSTRUMENT = re.compile(r"\b(?:tear\s?gas|live\s+(?:rounds|ammunition|fire|bullets)|rubber\s+bullets|water\s+cannons?|batons?)\b", re.I)
_OBJECT_GAP = re.compile(r"^\s*(?:(?:full|complete|back)\s+)?(?:control\s+of\s+)?(?:the\s+(?:centre|center|outskirts|heart|city\s+centre|suburbs|south|north|east|west)\s+of\s+)?(?:the\s+(?:\w+\s+)?(?:town|city|village|district|area|base|hamlet)\s+of\s+|all\s+of\s+|most\s+of\s+|parts\s+of\s+|large\s+parts\s+of\s+)?(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
_BORDER_OBJECT = re.compile(r"(?:.*\b(?:border|frontier)s?\b)|\s*(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}?(?:border|frontier)s?\b", re.I)
_CAPITAL = re.compile(r"[A-Z]")
# An actor named only as someone's backer or ally is not the one acting ("forces backed by militia").
_MODIFIER = re.compile(r"\b(?:backed|supported|aided|assisted|joined|trained|armed)\s+by\s+(?:\w+\s+){0,2}$|"
                       r"\b(?:loyal|allied|close)\s+to\s+(?:\w+\s+)?$|\baligned\s+with\s+(?:\w+\s+)?$|"
                       r"\bfrom\s+(?:the\s+)?$|\bagainst\s+(?:the\s+)?$|\bwith\s+(?:the\s+)?$", re.I)
_TITLED = re.compile(r"(?:\b[A-Z][\w'’]+(?:['’]s)?\s+|\b(?:his|her|their)\s+(?:[A-Z]\w+\s+)?)"
                     r"(?:(?:foreign|prime|defence|defense|interior|deputy)\s+)?"
                     r"(?:minister|president|premier|chancellor|counterpart|king|emir|envoy|ambassador)\b")
_OBJECT_LEAD = re.compile(r"\s*(?:(?:full|complete)\s+)?(?:control\s+of|all\s+of|most\s+of|parts\s+of|the\s+(?:centre|center|outskirts|heart)\s+of)")
_NAME_WORD = re.compile(r"\b[A-Z][a-z]+")
_COUNTERPART = re.compile(r"\bcounterpart\b", re.I)


@dataclass(slots=True)
class Candidate:
    """An event found at one trigger, before de-duplication."""

    type: str
    trigger: str
    sentence: int
    start: int
    place: locate.Place | None
    actors: list[str]
    day: date | None
    explicit: bool
    background: bool
    confidence: float
    group: int
    people: list[str] = field(default_factory=list)
    evidence: str = ""


def candidates(doc: Document) -> list[Candidate]:
    """Every candidate event in the document, in reading order."""
    found: list[Candidate] = []
    for index, triggers in _sentences_with_keys(doc):
        sentence = doc.sentences[index]
        if sentence.heading or sentence.text.rstrip().endswith("?"):
            continue
        low = doc.lower(index)
        bounds: list[int] = []
        for trigger in triggers:
            for match in trigger.pattern.finditer(sentence.text if trigger.case else low):
                if not _plausible(doc, sentence.text, low, trigger, match):
                    continue
                if not bounds:
                    bounds = [m.start() for m in doc.rules.clause_boundary.finditer(low)] or [0]
                found.extend(_candidate(doc, index, trigger, match, bounds, len(found)))
    return found


def _sentences_with_keys(doc: Document) -> list[tuple[int, list[Trigger]]]:
    """The sentences holding a trigger key word, with the triggers to try on each: found by
    locating each key word of the article, so sentences without one cost nothing."""
    starts = [s.start for s in doc.sentences]
    wanted: dict[int, set[int]] = {}
    for word, ids in doc.rules.key_words(doc.low):
        position = doc.low.find(word)
        while position != -1:
            wanted.setdefault(bisect_right(starts, position) - 1, set()).update(ids)
            position = doc.low.find(word, position + len(word))
    triggers = doc.rules.triggers
    return [(i, [triggers[t] for t in sorted(wanted[i])]) for i in sorted(wanted) if i >= 0]


def _plausible(doc: Document, text: str, low: str, trigger: Trigger, match: re.Match[str]) -> bool:
    """Cheap checks first: the sense of the word, the classes it needs, a role it must have."""
    if not _sense_ok(doc, text, low, trigger, match):
        return False
    if trigger.object == "border":
        return doc.rules.search("border", text, low, max(0, match.start() - 120), match.end() + 120)
    if trigger.object in ("place", "lost"):
        return (_CAPITAL.search(text, match.end(), match.end() + 45) is not None or
                doc.rules.anaphora_pattern.search(low, match.end(), match.end() + 30) is not None)
    return True


def _memory(doc: Document, index: int) -> Actor | None:
    """The last actor named before sentence ``index`` (who "they" or "its fighters" are)."""
    for i in range(index - 1, max(-1, index - 4), -1):
        acts = doc.actors(i)
        if acts:
            return acts[0]
    return None


def _candidate(doc: Document, index: int, trigger: Trigger, match: re.Match[str], bounds: list[int],
               group: int) -> list[Candidate]:
    text, low = doc.sentences[index].text, doc.lower(index)
    if not _asserted(doc, text, low, trigger, match, bounds):
        return []
    start, end = _clause(bounds, match.start(), len(text))
    kind = trigger.type
    if kind == "diplomatic.contact":
        return _contact(doc, index, trigger, match, group)
    subject = _subject(doc, index, match, start, trigger)
    chosen = _places(doc, index, trigger, match, start, end, subject)
    if chosen is None:
        return []
    day, explicit, age = _date(doc, index, match.start(), start, end)
    background = age is not None and age > BACKGROUND_DAYS
    out = []
    for place in chosen:
        resolved = _resolve_type(doc, kind, trigger, match, place, subject, text, end)
        if resolved is None:
            continue
        names = list(dict.fromkeys(([subject.name] if subject else []) +
                                   [a.name for a in doc.actors(index) if start <= a.start < end]))
        confidence = trigger.confidence + (0.1 if place.mention.place else 0) - (0.2 if place.fallback else 0)
        out.append(Candidate(resolved, trigger.id, index, match.start(), place, names, day, explicit,
                             background, confidence + (0.05 if explicit else 0), group, evidence=text))
    return out


def _sense_ok(doc: Document, text: str, low: str, trigger: Trigger, match: re.Match[str]) -> bool:
    rules = doc.rules
    after = low[match.end():]
    if any(rules.blockers[name].search(after) for name in trigger.blockers):
        return False
    for name in trigger.needs:
        if name == "force":
            destination = _DESTINATION.search(low, match.end(), match.end() + 60)
            stop = destination.start() if destination else match.end() + 60
            if not (rules.search(name, text, low, max(0, match.start() - 60), match.start()) or
                    rules.search(name, text, low, match.end(), stop)):
                return False
        elif not rules.search(name, text, low):
            return False
    return True


def _asserted(doc: Document, text: str, low: str, trigger: Trigger, match: re.Match[str],
              bounds: list[int]) -> bool:
    start, _end = _clause(bounds, match.start(), len(text))
    before = low[max(0, match.start() - 40):match.start()]
    if _INFINITIVE.search(before) and not trigger.infinitive and not _DECISION.search(before):
        return False
    for cue in doc.rules.cues:
        subject = text if cue.case else low
        if cue.before and cue.pattern.search(subject, max(start, match.start() - cue.before), match.start()):
            return False
        if cue.after:
            if cue.name == "gerund_future" and not match.group(0).casefold().endswith("ing"):
                continue
            if cue.pattern.search(subject[match.end():match.end() + cue.after]):
                return False
    return True


def _clause(bounds: list[int], position: int, length: int) -> tuple[int, int]:
    start = max((b for b in bounds if b <= position), default=0)
    end = min((b for b in bounds if b > position), default=length)
    return start, end


def _subject(doc: Document, index: int, match: re.Match[str], start: int, trigger: Trigger) -> Actor | None:
    acts = doc.actors(index)
    text = doc.sentences[index].text
    after = [a for a in acts if a.start >= match.end() and _PASSIVE_BY.match(text[match.end():a.start])]
    if after:
        return after[0]
    if trigger.object == "lost":
        target = [a for a in acts if a.start > match.end() and re.search(r"\bto\s+$", text[:a.start])]
        return target[0] if target else None
    named = [a for a in acts if a.end <= match.start()]
    states = [Actor(m.name, "state", m.country, m.start, m.end) for m in doc.mentions(index)
              if m.kind == "country" and m.end <= match.start()]
    for before in (named, states):
        before = [a for a in before if not _MODIFIER.search(text, max(0, a.start - 30), a.start)]
        in_clause = [a for a in before if a.start >= start]
        if in_clause:
            return in_clause[-1]
        if before:
            return before[-1]
    return _memory(doc, index)


def _places(doc: Document, index: int, trigger: Trigger, match: re.Match[str], start: int, end: int,
            subject: Actor | None) -> list[locate.Place] | None:
    text = doc.sentences[index].text
    scope = locate.in_scope(doc, index, start, end)
    if trigger.object in ("place", "lost"):
        direct = [m for m in scope if m.start >= match.end() and _OBJECT_GAP.match(text[match.end():m.start])]
        anaphor = doc.rules.anaphora_pattern.match(doc.lower(index), match.end() + 1)
        if not direct and anaphor:
            found = locate.last_of_kind(doc, index, doc.rules.anaphora[anaphor.group(0).casefold()], match.start())
            return [locate.Place(found, fallback=True)] if found else None
        if not direct:
            unknown = places.unknown_after(text, match.end(), doc.rules, doc.gaz)
            if unknown is not None and any(a.start <= unknown.start < a.end for a in doc.actors(index)):
                unknown = None
            if unknown is None:
                return None
            unknown.country = _country_nearby(doc, index, subject)
            direct = [unknown]
        if trigger.object == "lost" and not re.match(r"^\s*to\s+", text[direct[0].end:]):
            return None
        return locate.choose(text, direct + [m for m in scope if m.start >= direct[0].end], match.end(), doc.rules)
    if trigger.object == "border" and not doc.rules.search(
            "border", text, doc.lower(index), max(0, match.start() - 120), match.end() + 120):
        return None
    anaphor = doc.rules.anaphora_pattern.match(doc.lower(index), match.end() + 1)
    anaphor = anaphor or doc.rules.anaphora_pattern.match(doc.lower(index), match.end() + 1 + len(_lead(doc.lower(index), match.end())))
    if anaphor and trigger.type == "capture":
        found = locate.last_of_kind(doc, index, doc.rules.anaphora[anaphor.group(0).casefold()], match.start())
        if found:
            return [locate.Place(found, fallback=True)]
    chosen = (locate.choose(text, scope, match.end(), doc.rules) or
              locate.choose(text, doc.mentions(index), match.end(), doc.rules))
    if not chosen and trigger.type == "capture":
        return None
    if chosen:
        for place in chosen:
            _anchor_border(doc, place.mention, subject)
            if place.mention.place is None and not place.mention.country:
                place.mention.country = _country_nearby(doc, index, subject)
        return chosen
    mention = locate.fallback(doc, index) or _country_of(doc, subject)
    if mention is None:
        return None
    _anchor_border(doc, mention, subject)
    return [locate.Place(mention, fallback=True)]


def _lead(low: str, position: int) -> str:
    """The words between a verb and its object that name no place ("control of", "all of")."""
    match = _OBJECT_LEAD.match(low, position)
    return match.group(0) if match else ""


def _country_nearby(doc: Document, index: int, subject: Actor | None) -> str | None:
    """The country an unknown place is likeliest in: one named in its sentence that is not the
    actor's own (a foreign army takes a town abroad), else the article's main country."""
    own = subject.country if subject else None
    for mention in doc.mentions(index):
        if mention.kind == "country" and mention.country and mention.country != own:
            return mention.country
    return doc.main_country


def _anchor_border(doc: Document, mention: Mention, subject: Actor | None) -> None:
    """Complete a one-sided border ("the Syrian border", "its borders") with the acting state."""
    if mention.kind != "border":
        return
    anchor = subject.country if subject and subject.country else doc.main_country
    if mention.own:
        if anchor:
            country = doc.gaz.country(anchor)
            mention.kind, mention.country = "country", anchor
            mention.name = country.name if country else anchor
            mention.place = country
        return
    if anchor and anchor not in mention.countries:
        mention.countries = (anchor, *mention.countries)
    mention.country = mention.countries[0] if mention.countries else None


def _country_of(doc: Document, subject: Actor | None) -> Mention | None:
    iso = (subject.country if subject and subject.country else None) or doc.main_country
    country = doc.gaz.country(iso) if iso else None
    if country is None:
        return None
    return Mention(country.name, 0, 0, "country", (country,), place=country, country=country.country)


def _date(doc: Document, index: int, position: int, start: int, end: int) -> tuple[date | None, bool, int | None]:
    mentions = doc.dates(index)
    inside = [d for d in mentions if start <= d.start < end and not d.leads]
    leading = [d for d in mentions if d.leads and d.start < start and start - d.end < 12]
    sentence = [d for d in mentions if not d.leads and d.end <= position]
    chosen = _nearest(inside, position) or (leading[-1] if leading else None) or (sentence[-1] if sentence else None)
    if chosen is None:
        return None, False, None
    return chosen.day, True, chosen.age


def _nearest(mentions: list[DateMention], position: int) -> DateMention | None:
    return min(mentions, key=lambda d: abs(d.start - position)) if mentions else None


def _resolve_type(doc: Document, kind: str, trigger: Trigger, match: re.Match[str], place: locate.Place,
                  subject: Actor | None, text: str, end: int) -> str | None:
    if kind == "deployment":
        return _deployment_type(text, match, end, place, trigger)
    if kind == "capture":
        return _capture_type(doc, trigger, place, subject)
    if kind == "protest.violence":
        if subject and subject.kind == "non-state":
            return None
        if not (doc.rules.search("security", text, text.lower()) or _INSTRUMENT.search(text)):
            return None
    return kind


def _deployment_type(text: str, match: re.Match[str], end: int, place: locate.Place,
                     trigger: Trigger) -> str | None:
    """Troops sent to or along a border reinforce it; sent anywhere else, they deploy."""
    if _BORDER_OBJECT.match(match.group(0)) or _BORDER_OBJECT.match(text, match.end()):
        return "border.reinforcement"
    destination = _DESTINATION.search(text, match.end(), min(end, match.end() + 60))
    if destination is None:
        return None if trigger.needs else "military.deployment"
    if destination.group("prep").casefold().startswith(("near", "close")):
        return "military.deployment"
    if _BORDER_OBJECT.match(text, destination.end()):
        return "border.reinforcement"
    return "military.deployment"


def _capture_type(doc: Document, trigger: Trigger, place: locate.Place, subject: Actor | None) -> str | None:
    mention = place.mention
    if mention.kind in ("country", "border"):
        return None
    if subject is None or subject.kind == "non-state":
        return "territory.capture"
    home = subject.country or doc.main_country
    if trigger.retake or (home and home == mention.country):
        return "territory.recapture"
    return "territory.capture"


def _contact(doc: Document, index: int, trigger: Trigger, match: re.Match[str], group: int) -> list[Candidate]:
    text = doc.sentences[index].text
    if len(_NAME_WORD.findall(text, 1)) < 2 and not _COUNTERPART.search(text):
        return []       # two parties need two names, or "his counterpart"
    skip = {m.name.casefold() for m in doc.mentions(index)} | {a.name.casefold() for a in doc.actors(index)}
    skip |= set(doc.rules.weekdays) | set(doc.rules.months)
    people = actor_lib.people(text, skip, doc.actor_index.demonyms, skip)
    if len(people) < 2 and _COUNTERPART.search(text):
        people = people + [m.group(0) for m in _TITLED.finditer(text)][:2 - len(people)]
    if len(people) < 2:
        return []
    day, explicit, age = _date(doc, index, match.start(), 0, len(text))
    place = _meeting_place(doc, index, match)
    return [Candidate("diplomatic.contact", trigger.id, index, match.start(), place, people, day, explicit,
                      age is not None and age > BACKGROUND_DAYS, trigger.confidence, group, people,
                      evidence=text)]


def _meeting_place(doc: Document, index: int, match: re.Match[str]) -> locate.Place | None:
    """Where officials met, when the sentence says so ("met ... in Cairo"); calls have no place."""
    if "phone" in match.group(0).casefold() or "phone" in doc.lower(index):
        return None
    text = doc.sentences[index].text
    for mention in doc.mentions(index):
        if mention.start > match.end() and mention.kind in ("city", "site") and \
                re.search(r"\bin\s+(?:the\s+)?$", text[max(0, mention.start - 10):mention.start]):
            return locate.Place(mention)
    return None
