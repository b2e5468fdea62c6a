"""Where an event happened: the most specific place named for it.

Within the trigger's clause, places that merely contain another ("Waelaung Circuit *of Taungtha
Township*", "*Idlib Province*, including Khan Sheikhoun") become alternates; sites inside a named
city become the city's alternates; places listed together ("in Natogyi, in Myingyan and in ...")
are separate events. With no place in the clause, the sentence, then a back-reference ("the
crossing", "the city"), the previous sentence, the dateline, the actor's country and the article's
main country are tried in turn, each a weaker guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.extractor.document import Document
from services.extractor.gazetteer import key
from services.extractor.places import Mention
from services.extractor.rules import LanguageRules

_APPOSITION_GAP = re.compile(r"^\s*,\s*(?:\w{1,3}\s+){0,2}$")   # "Malpaso, in Jimaní": any language


@dataclass(slots=True)
class Place:
    """A chosen location: the mention, the names that also fit it, how it was found."""

    mention: Mention
    alternates: list[str] = field(default_factory=list)
    fallback: bool = False


def contains(outer: Mention, inner: Mention) -> bool:
    """True when ``outer`` is known to contain ``inner`` (country, border, region, parent city)."""
    if outer is inner or inner.kind == "country":
        return False
    if outer.kind == "country":
        return inner.country == outer.country and inner.kind != "border"
    if outer.kind == "border":
        return inner.kind != "border" and (inner.country in outer.countries or
                                            (inner.place is not None and inner.place.other in outer.countries))
    parent = inner.place.parent if inner.place else ""
    if parent and key(parent) in (key(outer.name), key(outer.place.name) if outer.place else ""):
        return True
    if outer.kind in ("region", "district") and inner.level > outer.level and outer.place and inner.place:
        same_area = outer.place.admin1 and outer.place.admin1 == inner.place.admin1
        return bool(same_area and outer.country == inner.country)
    return False


def in_scope(doc: Document, index: int, start: int, end: int) -> list[Mention]:
    """The mentions of sentence ``index`` between ``start`` and ``end``."""
    return [m for m in doc.mentions(index) if m.start >= start and m.end <= end]


def choose(text: str, mentions: list[Mention], pivot: int, rules: LanguageRules) -> list[Place]:
    """The places an event at ``pivot`` is about: one, or several listed together."""
    if not mentions:
        return []
    if len(mentions) == 1:      # the most common case: no other place to contain, list or stand for it
        return [Place(mentions[0])]
    later = [m for m in mentions if m.start >= pivot]
    if later and all(m.kind == "country" for m in later) and any(m.level > 0 for m in mentions if m.start < pivot):
        later = []      # "... reopened, officials of Mexico said": the country is an attribution
    named, mentions = mentions, later or mentions
    containers = _containers(text, mentions, rules)
    containers.update(_described(text, mentions, rules))
    primary = [m for m in mentions if id(m) not in containers]
    if not primary:
        primary = mentions
    after = [m for m in primary if m.start >= pivot]
    first = after[0] if after else min(primary, key=lambda m: pivot - m.end)
    group = _listed_with(text, primary, first, rules, _trailing_ends(mentions, containers))
    group = _joined_before(text, named, pivot, group, rules) + group
    if len(group) > 1 and rules.examples.search(text, max(0, group[0].start - 40), group[0].start):
        return [Place(group[0], [m.name for m in group[1:]])]   # examples of one set: one event
    chosen = []
    for mention in group:
        alternates = [m.name for m in mentions if id(m) in containers and containers[id(m)] is mention]
        alternates += [m.name for m in mentions if m is not mention and contains(m, mention) and m.name not in alternates]
        chosen.append(Place(mention, alternates))
    return chosen


def _described(text: str, mentions: list[Mention], rules: LanguageRules) -> dict[int, Mention]:
    """Places named in a description set off after a crossing or a site (``where_it_is``),
    mapped to it: the event is at the crossing, the places say where the crossing is."""
    where = rules.role("where_it_is")
    found: dict[int, Mention] = {}
    for i, outer in enumerate(mentions):
        if outer.kind not in ("crossing", "site"):
            continue
        for inner in mentions[i + 1:]:
            if not where.match(text, outer.end, inner.start):
                break
            found[id(inner)] = outer
    return found


def _containers(text: str, mentions: list[Mention], rules: LanguageRules) -> dict[int, Mention]:
    """Mentions that only contain another mention, mapped to the one they contain."""
    found: dict[int, Mention] = {}
    for i, inner in enumerate(mentions):
        for outer in mentions:
            if outer is inner or id(outer) in found:
                continue
            gap = text[inner.end:outer.start] if outer.start >= inner.end else None
            syntactic = gap is not None and outer is mentions[min(i + 1, len(mentions) - 1)] and (
                (rules.container_gap.match(gap) and outer.level <= inner.level) or   # not "the Nile in Omdurman"
                (_APPOSITION_GAP.match(gap) and (outer.level < inner.level or _region_of(outer, inner))) or
                (inner.kind == "crossing" and outer.kind == "country" and rules.role("crossing_with").match(gap)) or
                (inner.kind == "crossing" and outer.kind == "border" and rules.role("crossing_on").match(gap)) or
                (inner.kind == "crossing" and outer.kind in ("city", "place") and rules.role("crossing_near").match(gap)))
            if syntactic or contains(outer, inner):
                found[id(outer)] = inner
    for mention in mentions:   # sites whose city is named: the city is the place
        if mention.kind == "site" and id(mention) not in found:
            city = next((m for m in mentions if contains(m, mention) and m.kind in ("city", "place")), None)
            if city is not None:
                found[id(mention)] = city
                found.pop(id(city), None)
    return found


def _region_of(outer: Mention, inner: Mention) -> bool:
    """Can ``outer``, named in apposition after the town ``inner`` ("Villanueva, en Cortés",
    "Sacaba, in Cochabamba"), be read as the region the town lies in? A name that is both a city
    and a region is the region there when the town's admin-1 is that region's."""
    if inner.place is None or not inner.place.admin1:
        return False
    return any(c.kind == "region" and c.country == inner.place.country and c.admin1 == inner.place.admin1
               for c in outer.candidates)


def _listed_with(text: str, primary: list[Mention], first: Mention, rules: LanguageRules,
                 trailing: dict[int, int]) -> list[Mention]:
    """``first`` and the places listed with it ("X, Y and Z")."""
    group = [first]
    position = primary.index(first)
    kind_link = rules.role("kind_link")     # "Osh and the neighbouring region of Jalal-Abad"
    own_preposition = rules.role("own_preposition")     # "in Punjab province and in Islamabad"
    for mention in primary[position + 1:]:
        gap = _gap(text, group[-1], mention, trailing)
        if not rules.list_gap.match(gap) or not (_alike(mention, first) or kind_link.search(gap) or
                                                 own_preposition.match(gap)):
            break
        group.append(mention)
    for mention in reversed(primary[:position]):
        if not _alike(mention, first) or not rules.list_gap.match(_gap(text, mention, group[0], trailing)):
            break
        group.insert(0, mention)
    return group


def _joined_before(text: str, named: list[Mention], pivot: int, group: list[Mention],
                   rules: LanguageRules) -> list[Mention]:
    """The place told before the verb when the one after it is joined to it ("the Narva crossing
    reopened along with the Luhamaa crossing"): both were acted on; else nothing."""
    if group[0].start < pivot or not rules.role("joined_with").search(text, pivot, group[0].start):
        return []
    before = [m for m in named if m.end <= pivot]
    return [before[-1]] if before and _alike(before[-1], group[0]) else []


def _gap(text: str, item: Mention, following: Mention, trailing: dict[int, int]) -> str:
    """The words between list item ``item`` and the next one, after the places that only say
    where ``item`` is or leads."""
    end = trailing.get(id(item), item.end)
    return text[end if end <= following.start else item.end:following.start]


def _trailing_ends(mentions: list[Mention], containers: dict[int, Mention]) -> dict[int, int]:
    """Where each place ends with the places named right after it that only say where it is or
    leads ("the Seme post with Benin", "the Illela crossing on the frontier with Niger"): a list
    goes on past them to its next item."""
    ends: dict[int, int] = {}
    for outer in mentions:
        inner = containers.get(id(outer))
        if inner is not None and outer.start >= inner.end:
            ends[id(inner)] = max(ends.get(id(inner), inner.end), outer.end)
    return ends


def _alike(a: Mention, b: Mention) -> bool:
    """Can ``a`` and ``b`` be items of one list? Places of one level; towns; and a crossing with
    a name the gazetteer lacks ("at the Vaalimaa crossing and at Niirala": another crossing)."""
    kinds = {a.kind, b.kind}
    return a.level == b.level or kinds <= {"city", "place"} or (
        kinds == {"crossing", "place"} and (a.place is None or b.place is None))


def referred(doc: Document, index: int) -> Mention | None:
    """The place a back-reference in sentence ``index`` points to ("the crossing", "the capital")."""
    ref = doc.rules.anaphora_pattern.search(doc.lower(index))
    if ref:
        kinds = doc.rules.anaphora[re.sub(r"\s+", " ", ref.group(0).casefold())]
        return _capital(doc, ref) if "capital" in kinds else last_of_kind(doc, index, kinds)
    return None


def fallback(doc: Document, index: int) -> Mention | None:
    """A place for an event whose sentence names none: back-reference, previous sentence, dateline."""
    found = referred(doc, index)
    if found:
        return found
    if index > 0:
        usable = [m for m in doc.mentions(index - 1) if (m.kind != "border" or m.countries) and
                  not m.government and not is_dateline(doc, index - 1, m)]
        if usable:
            return max(usable, key=lambda m: m.level)
    return doc.dateline


def is_dateline(doc: Document, index: int, mention: Mention) -> bool:
    """Is ``mention`` the dateline ("PORT SUDAN, Sudan (Wire) —")? Where the story was filed,
    not where the next sentence's event is when the lead names another place."""
    dateline = doc.dateline
    return dateline is not None and doc.sentences[index].start + mention.start == dateline.start and \
        key(mention.name) == key(dateline.name)


def _capital(doc: Document, ref: re.Match[str]) -> Mention | None:
    """"The capital": the capital of the country the article is about (not the last city named,
    which is as often a foreign capital quoted in passing)."""
    name = doc.gaz.capitals.get(doc.main_country or "")
    candidates = tuple(p for p in doc.gaz.candidates(name) if p.country == doc.main_country) if name else ()
    if not candidates:
        return None
    mention = Mention(name, ref.start(), ref.end(), "city", candidates)
    mention.resolve(doc.context)
    return mention


def last_of_kind(doc: Document, index: int, kinds: tuple[str, ...], before: int | None = None) -> Mention | None:
    """The last place of one of ``kinds`` named before sentence ``index`` (or before offset
    ``before`` within it): what "the city" or "the crossing" refers back to."""
    for i in range(index, -1, -1):
        for mention in reversed(doc.mentions(i)):
            if i == index and before is not None and mention.start >= before:
                continue
            if mention.kind in kinds and not mention.government:
                return mention
    return None
