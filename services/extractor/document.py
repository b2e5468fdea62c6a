"""An article read for what the triggers need: its sentences (lower-cased once), the places and
actors of a sentence (found on first use: most sentences never need them), the countries the
article is about (to resolve ambiguous names), its dateline, and the reference date that
relative dates are resolved against."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from services.extractor import dates, places, sentences
from services.extractor.actors import Actor, ActorIndex
from services.extractor.gazetteer import Gazetteer, key
from services.extractor.places import Mention
from services.extractor.rules import LanguageRules
from services.extractor.sentences import Sentence

DATELINE_WEIGHT = 2.0
OUTLET_WEIGHT = 1.5
PLACE_WEIGHT = 0.5
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*)?")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(slots=True)
class Document:
    """One article, analysed lazily."""

    rules: LanguageRules
    gaz: Gazetteer
    actor_index: ActorIndex
    text: str
    low: str
    sentences: list[Sentence]
    lows: list[str]                 # each sentence lower-cased, sliced from ``low`` once
    outlet_country: str
    published: date | None
    reference: date | None
    _context: dict[str, float] | None = None
    _main: str | None = None
    _dateline: Mention | None = None
    _mentions: dict[int, list[Mention]] = field(default_factory=dict)
    _actors: dict[int, list[Actor]] = field(default_factory=dict)
    _dates: dict[int, list[dates.DateMention]] = field(default_factory=dict)
    _bounds: dict[int, list[int]] = field(default_factory=dict)
    _leads: dict[tuple[int, str, int, int], bool] = field(default_factory=dict)
    _surnames: frozenset[str] | None = None

    @property
    def surnames(self) -> frozenset[str]:
        """The surnames the article gives a person's title somewhere ("M. Compaoré", "President
        Ouattara"): read on first use, so that a name placed after "de" or "à" elsewhere ("la
        chute de Blaise Compaoré") is known as the person's, not an unknown town's."""
        if self._surnames is None:
            titled = self.rules.role("titled_name")
            self._surnames = frozenset(key(m.group("surname")) for m in titled.finditer(self.text))
        return self._surnames

    @property
    def context(self) -> dict[str, float]:
        """How much the article is about each country (names, demonyms, dateline, outlet):
        weighed on first use, since most articles never need to resolve a place."""
        if self._context is None:
            context = _countries(self.text, self.gaz)
            self._dateline = _dateline(self.text, self.gaz, context)
            if self.outlet_country:
                iso = self.outlet_country.upper()
                context[iso] = context.get(iso, 0) + OUTLET_WEIGHT
            if self._dateline:
                self._dateline.resolve(context)
            self._main = max(context, key=context.__getitem__) if context else None
            self._context = context
        return self._context

    @property
    def main_country(self) -> str | None:
        """The country the article names most."""
        self.context
        return self._main

    @property
    def dateline(self) -> Mention | None:
        """The dateline's place, if the article opens with one."""
        self.context
        return self._dateline

    def lower(self, index: int) -> str:
        """Sentence ``index`` lower-cased (same length and offsets as its text)."""
        return self.lows[index]

    def actors(self, index: int) -> list[Actor]:
        """Actors named in sentence ``index``."""
        if index not in self._actors:
            self._actors[index] = self.actor_index.find(self.sentences[index].text, self.lower(index))
        return self._actors[index]

    def mentions(self, index: int) -> list[Mention]:
        """Places named in sentence ``index``, resolved with the article's context."""
        if index not in self._mentions:
            taken = [(a.start, a.end) for a in self.actors(index)]
            found = places.find(self.sentences[index].text, self.rules, self.gaz, taken)
            for mention in found:
                mention.resolve(self.context)
            self._mentions[index] = found
        return self._mentions[index]

    def clause_bounds(self, index: int) -> list[int]:
        """Where the clauses of sentence ``index`` start (at least ``[0]``): found on first use,
        since most trigger words (a "met" naming no two parties) are dropped before modality."""
        if index not in self._bounds:
            scan = self.rules.clause_scan
            low = self.lows[index]
            found = scan.finditer(low) if scan else self.rules.clause_boundary.finditer(low)
            starts = [m.start() for m in found]
            self._bounds[index] = starts or [0]
        return self._bounds[index]

    def role_before(self, index: int, name: str, position: int, reach: int) -> bool:
        """Does role ``name`` (a pattern that may ignore case) match in sentence ``index`` within
        ``reach`` characters before ``position``? Kept per sentence: each trigger of a sentence
        asks it again of the same places and actors ("what Islamabad called", "the road to")."""
        asked = (index, name, position, reach)
        found = self._leads.get(asked)
        if found is None:
            found = self.rules.caseless_search(self.rules.role(name), self.sentences[index].text,
                                               max(0, position - reach), position) is not None
            self._leads[asked] = found
        return found

    def dates(self, index: int) -> list[dates.DateMention]:
        """Date expressions of sentence ``index``."""
        if index not in self._dates:
            self._dates[index] = dates.find(self.sentences[index].text, self.rules, self.reference,
                                            self.lower(index))
        return self._dates[index]


def read(text: str, published: str | None, outlet_country: str, rules: LanguageRules,
         gaz: Gazetteer, actor_index: ActorIndex) -> Document:
    """Split ``text`` (the rest is worked out when first needed)."""
    low = _lower(text)
    sents = sentences.split(text, rules.abbreviations)
    pub = dates.parse_published(published)
    filed = sentences.dateline_day(text)
    reference = (dates.dateline_reference(*filed, rules, pub) if filed else None) or pub or \
        dates.latest_explicit(text, rules)
    lows = [low[s.start:s.start + len(s.text)] for s in sents]
    return Document(rules, gaz, actor_index, text, low, sents, lows, outlet_country, pub, reference)


def _lower(text: str) -> str:
    """``text.lower()`` with offsets kept (a few characters lower-case to two code points)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _countries(text: str, gaz: Gazetteer) -> dict[str, float]:
    """How often each country is named, by name or demonym ("Iraq", "Iraqi", "Syria's"). Each
    distinct phrase is looked up once, its weight counted as often as it occurs (in the order the
    phrases first occur, so the countries come in the order they are first named)."""
    counts: dict[str, float] = {}
    for phrase, times in Counter(_CAPITALISED.findall(text)).items():
        named = _country_named(gaz, phrase)
        if named:
            counts[named[0]] = counts.get(named[0], 0) + named[1] * times
    return counts


@lru_cache(maxsize=100_000)
def _country_named(gaz: Gazetteer, phrase: str) -> tuple[str, float] | None:
    """The country a capitalised phrase names and how much it counts: a demonym or country name
    once, a well-known place in it ``PLACE_WEIGHT``. Cached: the same phrases ("The", "Syrian")
    recur in every article, and the gazetteer does not change once loaded."""
    iso = gaz.demonyms.get(key(_POSSESSIVE.sub("", phrase)))
    if iso is None and " " in phrase:
        iso = gaz.demonyms.get(key(_POSSESSIVE.sub("", phrase.split()[0])))
    if iso:
        return iso, 1
    place = _known_place(gaz, phrase)
    return (place.country, PLACE_WEIGHT) if place else None


def _known_place(gaz: Gazetteer, phrase: str):
    """A well-known place the phrase names (a city of some size, or a supplement entry)."""
    for name in (phrase, phrase.split()[0]) if " " in phrase else (phrase,):
        k = key(_POSSESSIVE.sub("", name))
        if k in gaz.not_places:
            continue
        found = gaz.index.get(k)
        if found and (found[0].rank >= 3 or found[0].population >= 50_000):
            return found[0]
    return None


def _dateline(text: str, gaz: Gazetteer, context: dict[str, float]) -> Mention | None:
    name = sentences.dateline(text)
    if not name:
        return None
    candidates = tuple(p for p in gaz.candidates(name) if p.kind in ("city", "region"))
    if not candidates:
        return None
    for place in candidates[:1]:
        context[place.country] = context.get(place.country, 0) + DATELINE_WEIGHT
    start = text.find(name)
    return Mention(name, start, start + len(name), candidates[0].kind, candidates)
