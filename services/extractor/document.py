"""An article read once for everything the triggers need: sentences, the places and actors in
each, the countries the article is about (to resolve ambiguous names), its dateline, and the
reference date that relative dates are resolved against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.extractor import dates, places, sentences
from services.extractor.actors import Actor, ActorIndex
from services.extractor.gazetteer import Gazetteer, key
from services.extractor.places import Mention
from services.extractor.rules import LanguageRules
from services.extractor.sentences import Sentence

DATELINE_WEIGHT = 2.0
OUTLET_WEIGHT = 1.5


@dataclass(slots=True)
class Document:
    """One article, analysed."""

    rules: LanguageRules
    gaz: Gazetteer
    actor_index: ActorIndex
    sentences: list[Sentence]
    mentions: list[list[Mention]]
    actors: list[list[Actor]]
    context: dict[str, float]
    main_country: str | None
    dateline: Mention | None
    published: date | None
    reference: date | None
    _dates: dict[int, list[dates.DateMention]] = field(default_factory=dict)

    def dates(self, index: int) -> list[dates.DateMention]:
        """Date expressions of sentence ``index`` (computed on first use)."""
        if index not in self._dates:
            self._dates[index] = dates.find(self.sentences[index].text, self.rules, self.reference)
        return self._dates[index]


def read(text: str, published: str | None, outlet_country: str, rules: LanguageRules,
         gaz: Gazetteer, actor_index: ActorIndex) -> Document:
    """Split, tag and contextualise ``text``."""
    sents = sentences.split(text, rules.abbreviations)
    context: dict[str, float] = {}
    tagged_actors = [actor_index.find(s.text) for s in sents]
    tagged = [places.find(s.text, rules, gaz, context, [(a.start, a.end) for a in acts])
              for s, acts in zip(sents, tagged_actors)]
    for mentions in tagged:
        for mention in mentions:
            _count(context, mention)
    for acts in tagged_actors:
        for actor in acts:
            if actor.country:
                context[actor.country] = context.get(actor.country, 0) + 1
    dateline = _dateline(text, tagged, context)
    if outlet_country:
        context[outlet_country.upper()] = context.get(outlet_country.upper(), 0) + OUTLET_WEIGHT
    for mentions in tagged:
        for mention in mentions:
            mention.resolve(context)
    main = max(context, key=context.__getitem__) if context else None
    pub = dates.parse_published(published)
    reference = pub or dates.latest_explicit(text, rules)
    return Document(rules, gaz, actor_index, sents, tagged, tagged_actors, context, main,
                    dateline, pub, reference)


def _count(context: dict[str, float], mention: Mention) -> None:
    isos = mention.countries or tuple({p.country for p in mention.candidates[:1]})
    for iso in isos:
        context[iso] = context.get(iso, 0) + 1


def _dateline(text: str, tagged: list[list[Mention]], context: dict[str, float]) -> Mention | None:
    name = sentences.dateline(text)
    if not name or not tagged:
        return None
    for mention in tagged[0]:
        if key(mention.name) == key(name):
            for place in mention.candidates[:1]:
                context[place.country] = context.get(place.country, 0) + DATELINE_WEIGHT
            return mention
    return None
